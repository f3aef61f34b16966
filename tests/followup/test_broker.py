"""The print run through the real Redis broker and a real Celery worker (not eager)."""

import datetime as dt
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings

from followup import letter_services, reminder_services, services
from followup.models import Letter, PrintJob
from tests.followup.factories import PatientFactory, lms_tumour
from zorgpad.accounts.roles import Role
from zorgpad.celery import app

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(job_id: int, status: str, seconds: float = 90) -> PrintJob:
    deadline = time.monotonic() + seconds  # a bound on waiting, not a timed assertion
    while time.monotonic() < deadline:
        job = PrintJob.objects.get(pk=job_id)
        if job.status == status:
            return job
        time.sleep(0.2)
    return PrintJob.objects.get(pk=job_id)


@pytest.fixture
def real_broker():  # type: ignore[no-untyped-def]
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    app.conf.task_always_eager = False
    app.control.purge()
    yield app
    app.control.purge()
    app.conf.task_always_eager = True


def test_print_run_through_redis_and_a_worker_started_later(real_broker, make_user) -> None:
    clinician, secretary = make_user(Role.CLINICIAN), make_user(Role.SECRETARY)
    for i in range(3):
        services.followup_plan_build(tumour=lms_tumour(patient=PatientFactory(family_name=f"Redis{i}")),
                                     user=clinician)
    reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
    letters = [str(x) for x in Letter.objects.filter(kind="invitation").values_list("external_id", flat=True)]
    # No worker yet: the job is published to Redis and stays queued in the database.
    job = letter_services.print_job_create(user=secretary, letter_ids=letters)
    assert PrintJob.objects.get(pk=job.pk).status == "queued"
    # A worker comes up and picks the message from Redis.
    with start_worker(real_broker, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        done = _wait_for(job.pk, "done")
    assert (done.status, done.progress, done.total, done.attempts) == ("done", 100, 3, 1)
    assert done.result is not None and done.result.pages == 3
