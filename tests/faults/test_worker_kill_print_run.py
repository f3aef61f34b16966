"""Fault: the Celery worker is SIGKILLed in the middle of a print run; after a restart the run completes, and
every letter is in the PDF exactly once.

Real processes: a private redis-server on a free port and real `celery -A zorgpad worker` processes on the test
database (transactional test: the worker sees committed rows).

What happens and what protects it:
- The render task is acks_late + reject_on_worker_lost: the killed worker never acked, so Redis still holds the
  message as "unacked" and redelivers it once the visibility timeout has passed (short here, through a test-only
  settings module on the worker's PYTHONPATH; production code is unchanged).
- The database row is stuck at `running` (the worker died). The beat sweep `print_job_sweep` puts runs that
  have been running for longer than STALE_RUNNING back to `queued` and re-publishes them (called here with its
  `now` parameter moved past that limit instead of waiting 15 minutes).
- So the run is delivered TWICE to the new worker (the redelivered original and the sweep's message). The
  compare-and-set claim (queued -> running, by one UPDATE) lets exactly one of them render.
This test fails without that protection: without the claim the second delivery renders the run again (two
print-run PDFs, attempts 3, every letter exported/audited twice); without the sweep's recovery of stale
`running` rows the run never leaves `running` (the wait below gives up); a duplicated letter in a run (no
unique (job, letter)) would show as a page count above 150 / a name twice.
"""

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core.files.storage import default_storage
from django.db.models import Count
from django.utils import timezone
from pypdf import PdfReader

from followup import letter_services, reminder_services, services
from followup.models import DocumentKind, GeneratedDocument, Letter, PrintJob, PrintJobLetter
from tests.followup.conftest import ensure_default_template, record_baseline_mri_window
from tests.followup.factories import PatientFactory, lms_tumour
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.celery import app

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
LETTERS = 150  # rendering takes seconds: long enough to kill the worker while the run is `running`
VISIBILITY_TIMEOUT = 5

SETTINGS_MODULE = f"""
from zorgpad.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
# Short visibility timeout so Redis redelivers an unacked message of a killed worker within seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {{
    **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
    "visibility_timeout": {VISIBILITY_TIMEOUT}, "unacked_restore_interval": 1, "unacked_restore_throttle": 1,
}}
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(predicate: Callable[[], Any], *, what: str, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout  # a bound on waiting, not a timed assertion
    while True:
        if result := predicate():
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.05)


def _stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    """Stop a process we started, by its own process group (the prefork children with it)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(30)


@pytest.fixture
def private_redis() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)

        def answers() -> bool:
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        _wait_for(answers, what="redis-server", timeout=20)
        yield url
    finally:
        _stop(process)


@pytest.fixture
def worker_env(private_redis: str, tmp_path: Path, settings: Any) -> Iterator[dict[str, str]]:
    """Environment of a worker on the test database and the private Redis; the test process publishes there."""
    (tmp_path / "fault_worker_settings.py").write_text(SETTINGS_MODULE)
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    default_storage.__dict__.pop("base_location", None)
    default_storage.__dict__.pop("location", None)
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "fault_worker_settings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
        "DATABASE_URL": f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": private_redis,
        "MEDIA_ROOT": str(media),
    }
    # This process publishes to the private Redis too: Celery takes the CELERY_BROKER_URL environment variable
    # over its settings; the app's connection pool is rebuilt around the switch.
    _drop_broker_connections()
    app.conf.task_always_eager = False
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("CELERY_BROKER_URL", private_redis)
            yield env
    finally:
        _drop_broker_connections()
        app.conf.task_always_eager = True


def _drop_broker_connections() -> None:
    """Forget the app's pooled broker connections (as Celery does after a fork); the next publish connects to
    whatever CELERY_BROKER_URL says then. The pools themselves stay open: kombu keeps one per URL in a global
    registry that other tests reuse. (app.close() would also unregister the app: shared tasks break.)"""
    app._pool = None
    app.amqp._producer_pool = None


def _start_worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "zorgpad", "worker", "--pool", "prefork", "--concurrency", "1",
             "--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
             "--hostname", f"{name}@%h"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)


def test_print_run_survives_a_killed_worker_without_duplicates(worker_env, private_redis, make_user,
                                                               tmp_path) -> None:
    ensure_default_template()
    record_baseline_mri_window("3")  # the centre has recorded the window the pathway leaves open
    clinician, secretary = make_user(Role.CLINICIAN), make_user(Role.SECRETARY)
    for i in range(LETTERS):
        services.followup_plan_build(tumour=lms_tumour(patient=PatientFactory(family_name=f"Kill{i:03d}x")),
                                     user=clinician)
    reminder_services.reminder_scan(today=date(2026, 6, 5))
    letter_ids = [str(x) for x in Letter.objects.filter(kind="invitation").values_list("external_id", flat=True)]
    assert len(letter_ids) == LETTERS
    job = letter_services.print_job_create(user=secretary, letter_ids=letter_ids)  # published to the private Redis
    broker = redis.Redis.from_url(private_redis)
    assert broker.llen("celery") == 1

    log = tmp_path / "worker.log"
    first = _start_worker(worker_env, "first", log)
    second = None
    try:
        # Kill the worker (main process and its pool child, SIGKILL: no warm shutdown, no ack) mid-render.
        _wait_for(lambda: PrintJob.objects.filter(pk=job.pk, status="running").exists(), what="the run to start")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(30)
        stuck = PrintJob.objects.get(pk=job.pk)
        assert (stuck.status, stuck.attempts, stuck.result_id) == ("running", 1, None), log.read_text()[-3000:]
        assert broker.hlen("unacked") == 1  # acks_late: the message was never acknowledged

        # Beat's sweep, 16 minutes later: the stale `running` run is put back and published again.
        letter_services.print_job_sweep(now=timezone.now() + letter_services.STALE_RUNNING + timedelta(minutes=1))
        assert PrintJob.objects.get(pk=job.pk).status == "queued"

        second = _start_worker(worker_env, "second", log)
        # Done, and every delivery (the sweep's message and the redelivered original) consumed and acked.
        _wait_for(lambda: PrintJob.objects.filter(pk=job.pk, status="done").exists()
                  and broker.llen("celery") == 0 and broker.hlen("unacked") == 0,
                  what="the run to finish and the queue to drain")
    finally:
        _stop(first, signal.SIGKILL)
        if second is not None:
            _stop(second)  # warm shutdown

    # The run really was delivered again after it was rendered: one render succeeded, the extra delivery did nothing.
    worker_log = log.read_text()
    results = re.findall(r"followup_print_job_render\[[^]]+\] succeeded in [0-9.]+s: (True|False)", worker_log)
    assert results.count("True") == 1 and results.count("False") >= 1, results
    done = PrintJob.objects.select_related("result").get(pk=job.pk)
    # One successful claim before the kill and one after: the extra delivery did nothing.
    assert (done.status, done.progress, done.total, done.attempts) == ("done", 100, LETTERS, 2), log.read_text()
    assert GeneratedDocument.objects.filter(kind=DocumentKind.PRINT_RUN).count() == 1
    reader = PdfReader(io.BytesIO(done.result.file.open("rb").read()))
    assert len(reader.pages) == done.result.pages == LETTERS
    names = [f"Kill{i:03d}x" for i in range(LETTERS)]
    texts = [page.extract_text() for page in reader.pages]
    assert [sum(name in text for text in texts) for name in names] == [1] * LETTERS  # each on one page only
    # Each letter is linked to exactly one run; the rendered run is audited once, one "print" entry per patient
    # (one INSERT for the run), however often the task was delivered.
    assert PrintJob.objects.count() == 1
    per_letter = PrintJobLetter.objects.values("letter_id").annotate(n=Count("id"))
    assert len(per_letter) == LETTERS and {row["n"] for row in per_letter} == {1}
    printed = AuditEvent.objects.filter(action=AuditAction.PRINT, object_id=str(done.external_id))
    assert printed.count() == LETTERS == printed.values("patient_external_id").distinct().count()
