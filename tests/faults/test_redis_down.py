"""Redis stopped: pages and the API keep working, a job enqueued meanwhile stays queued in the database,
and once Redis is back a sweep publishes it and a real worker runs it, exactly once."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.test import Client
from kombu.exceptions import OperationalError as BrokerOperationalError
from rest_framework.test import APIClient

from tests.factories import PatientFactory
from tests.faults import fault_tasks
from tests.faults.processes import PrivateRedis, celery_worker, database_url, wait_for
from zorgpad.celery import app as celery_app
from zorgpad.tasks_dispatch import enqueue_now, enqueue_on_commit

pytestmark = pytest.mark.django_db(transaction=True)


def _reset_pools() -> None:
    """Forget cached broker connections so that the next publish connects to the configured URL.

    Nothing is closed: kombu keeps pools per broker URL in global registries that other tests reuse.
    """
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at `url` and really publish (the test settings run tasks inline)."""
    # broker_write_url: Celery prefers the CELERY_BROKER_URL environment variable over broker_url.
    saved = {"broker_write_url": celery_app.conf.get("broker_write_url"),
             "task_always_eager": celery_app.conf.task_always_eager}
    celery_app.conf.update(broker_write_url=url, task_always_eager=False)
    _reset_pools()
    try:
        yield
    finally:
        celery_app.conf.update(**saved)
        _reset_pools()


@pytest.fixture
def redis_server() -> Iterator[PrivateRedis]:
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def job_table() -> Iterator[None]:
    fault_tasks.create_table()
    yield
    fault_tasks.drop_table()


def _worker_env(broker_url: str) -> dict[str, str]:
    import os

    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(DJANGO_SETTINGS_MODULE="zorgpad.settings.test", CELERY_BROKER_URL=broker_url,
               DATABASE_URL=database_url(connection.settings_dict))
    return env


def test_redis_outage_loses_no_job_and_breaks_no_page(redis_server, job_table, clinician, tmp_path) -> None:
    patient = PatientFactory()
    web = Client()
    web.force_login(clinician)
    api = APIClient()
    api.force_authenticate(clinician)

    with broker(redis_server.url):
        # Broker up: enqueueing publishes to Redis.
        with transaction.atomic():
            first = fault_tasks.create_job()
            enqueue_on_commit(fault_tasks.run_fault_job, first)
        assert redis_server.queue_length() == 1

        redis_server.stop()

        # The outage is real: an unprotected publish fails ...
        with pytest.raises(BrokerOperationalError):
            fault_tasks.run_fault_job.apply_async(args=[first], retry=False)
        # ... but pages and the API do not depend on Redis,
        assert web.get("/patients/").status_code == 200
        assert web.get(f"/patients/{patient.external_id}/").status_code == 200
        assert api.get("/api/v1/patients/").status_code == 200
        change = api.patch(f"/api/v1/patients/{patient.external_id}/", {"city": "Delft"}, format="json")
        assert change.status_code == 200
        # ... and a job enqueued now commits its row; the publish failure is logged, not raised.
        with transaction.atomic():
            second = fault_tasks.create_job()
            enqueue_on_commit(fault_tasks.run_fault_job, second)
        assert fault_tasks.job(second) == ("queued", 0)
        assert enqueue_now(fault_tasks.run_fault_job, second) is False

        redis_server.start()  # back, empty: the first message was lost with the server's memory

        # The sweep publishes every row still queued; the worker runs each once.
        assert fault_tasks.queued_ids() == [first, second]
        for job_id in fault_tasks.queued_ids():
            assert enqueue_now(fault_tasks.run_fault_job, job_id) is True
        # A duplicate delivery is harmless (the task is idempotent).
        assert enqueue_now(fault_tasks.run_fault_job, second) is True

        with celery_worker(_worker_env(redis_server.url), include="tests.faults.fault_tasks",
                           log=tmp_path / "worker.log"):
            wait_for(lambda: redis_server.queue_length() == 0 and not fault_tasks.queued_ids(),
                     timeout=60, what="the worker to run the queued jobs")
            # The duplicate message may still be in the worker's hands: wait until it is acknowledged.
            wait_for(lambda: "succeeded" in (tmp_path / "worker.log").read_text()
                     and (tmp_path / "worker.log").read_text().count("succeeded") >= 3,
                     timeout=60, what="three task runs")
    assert fault_tasks.job(first) == ("done", 1)
    assert fault_tasks.job(second) == ("done", 1)
