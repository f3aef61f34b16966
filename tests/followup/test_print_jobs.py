import datetime as dt
import hashlib
import io

import pytest
from django.db import connection
from django.utils import timezone
from pypdf import PdfReader

from followup import letter_services, reminder_services, services
from followup.models import Letter, PrintJob, PrintJobLetter, Visit
from followup.tasks import followup_print_job_render_task
from tests.followup.factories import PatientFactory, lms_tumour

pytestmark = pytest.mark.django_db


def _queue(clinician, n: int) -> list[Letter]:  # type: ignore[no-untyped-def]
    for i in range(n):
        services.followup_plan_build(tumour=lms_tumour(patient=PatientFactory(family_name=f"Brief{i:03d}")),
                                     user=clinician)
    reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
    return list(Letter.objects.filter(kind="invitation").order_by("id"))


def _unpublished_job(secretary, letters, monkeypatch, capture) -> PrintJob:  # type: ignore[no-untyped-def]
    """A print run created while the broker is "down": its row stays queued and nothing renders it."""
    monkeypatch.setattr(letter_services, "print_job_publish", lambda *, job_id: False)
    with capture(execute=True):
        return letter_services.print_job_create(user=secretary, letter_ids=[str(le.external_id) for le in letters])


def test_print_run_end_to_end_in_eager_mode(clinician, secretary, django_capture_on_commit_callbacks) -> None:
    letters = _queue(clinician, 4)
    with django_capture_on_commit_callbacks(execute=True):
        job = letter_services.print_job_create(user=secretary, letter_ids=[str(le.external_id) for le in letters[:3]])
    job.refresh_from_db()
    assert (job.status, job.progress, job.total) == ("done", 100, 3)
    data = job.result.file.open("rb").read()
    assert job.result.sha256 == hashlib.sha256(data).hexdigest()
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3
    names = [next(n for n in ("Brief000", "Brief001", "Brief002", "Brief003") if n in p.extract_text())
             for p in reader.pages]
    assert sorted(names) == ["Brief000", "Brief001", "Brief002"]  # every letter once, no other
    # Mark printed: who/when, visits move planned -> invited; the run cannot be marked twice.
    letter_services.print_job_mark_printed(job=job, user=secretary)
    printed = Letter.objects.filter(status="printed")
    assert printed.count() == 3
    assert set(printed.values_list("printed_by", flat=True)) == {secretary.pk}
    assert Visit.objects.filter(status="invited").count() == 3
    with pytest.raises(services.ValidationError):
        letter_services.print_job_mark_printed(job=job, user=secretary)
    # The fourth letter is still waiting; printed ones are not offered again.
    assert list(letter_services.letters_printable().filter(kind="invitation")) == [letters[3]]


def test_all_due_this_week_takes_every_waiting_letter_once(clinician, secretary,
                                                           django_capture_on_commit_callbacks) -> None:
    _queue(clinician, 3)
    with django_capture_on_commit_callbacks(execute=True):
        job = letter_services.print_job_create(user=secretary, all_due_this_week=True, today=dt.date(2026, 6, 5))
    # 3 invitations + 3 GP letters.
    assert PrintJobLetter.objects.filter(job=job).count() == 6
    # While that run is not marked printed, its letters are not offered for another run.
    with pytest.raises(services.ValidationError, match="no letters"):
        letter_services.print_job_create(user=secretary, all_due_this_week=True, today=dt.date(2026, 6, 5))


def test_a_second_delivery_of_the_task_does_nothing(clinician, secretary, django_capture_on_commit_callbacks,
                                                    monkeypatch) -> None:
    letters = _queue(clinician, 2)
    job = _unpublished_job(secretary, letters, monkeypatch, django_capture_on_commit_callbacks)
    assert PrintJob.objects.get(pk=job.pk).status == "queued"
    assert followup_print_job_render_task.apply(args=[job.pk]).get() is True
    first = PrintJob.objects.get(pk=job.pk)
    assert followup_print_job_render_task.apply(args=[job.pk]).get() is False
    second = PrintJob.objects.get(pk=job.pk)
    assert (second.status, second.attempts, second.result_id) == ("done", 1, first.result_id)


def test_publishing_failure_keeps_the_job_queued_and_the_sweep_picks_it_up(
        clinician, secretary, monkeypatch, django_capture_on_commit_callbacks) -> None:
    from kombu import Connection

    from zorgpad.celery import app

    letters = _queue(clinician, 2)
    task = followup_print_job_render_task
    # Real publishing (not eager) to a Redis that is down: nothing listens on port 1.
    dead = Connection("redis://127.0.0.1:1/0", transport_options={"max_retries": 1, "interval_start": 0,
                                                                   "interval_step": 0.1})
    import types

    import followup.tasks

    monkeypatch.setattr(followup.tasks, "followup_print_job_render_task", types.SimpleNamespace(
        name=task.name, apply_async=lambda args, kwargs, retry: task.apply_async(args, kwargs, connection=dead,
                                                                                  retry=retry)))
    app.conf.task_always_eager = False
    try:
        with django_capture_on_commit_callbacks(execute=True):
            job = letter_services.print_job_create(user=secretary, letter_ids=[str(le.external_id) for le in letters])
    finally:
        app.conf.task_always_eager = True
    job.refresh_from_db()
    assert job.status == "queued"  # nothing raised to the user, nothing lost
    monkeypatch.undo()
    # Too young for the sweep, then old enough: the sweep publishes it (eager again here: it renders).
    assert letter_services.print_job_sweep(now=timezone.now()) == 0
    assert letter_services.print_job_sweep(now=timezone.now() + dt.timedelta(minutes=2)) == 1
    job.refresh_from_db()
    assert job.status == "done"


def test_a_stale_running_job_is_put_back_and_rendered(clinician, secretary, monkeypatch,
                                                      django_capture_on_commit_callbacks) -> None:
    job = _unpublished_job(secretary, _queue(clinician, 1), monkeypatch, django_capture_on_commit_callbacks)
    PrintJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now() - dt.timedelta(hours=1))
    monkeypatch.undo()
    letter_services.print_job_sweep(now=timezone.now() + dt.timedelta(minutes=2))
    assert PrintJob.objects.get(pk=job.pk).status == "done"


def test_a_failed_render_is_recorded_and_can_be_retried(clinician, secretary, monkeypatch,
                                                        django_capture_on_commit_callbacks) -> None:
    from followup import pdf

    letters = _queue(clinician, 1)

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("printer font missing")

    monkeypatch.setattr(pdf, "render_letters", boom)
    with django_capture_on_commit_callbacks(execute=True):
        job = letter_services.print_job_create(user=secretary, letter_ids=[str(letters[0].external_id)])
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "RuntimeError: printer font missing")
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        letter_services.print_job_retry(job=job, user=secretary)
    job.refresh_from_db()
    assert (job.status, job.attempts) == ("done", 2)


def test_clinicians_cannot_start_print_runs(clinician) -> None:
    letters = _queue(clinician, 1)
    with pytest.raises(services.PermissionDenied):
        letter_services.print_job_create(user=clinician, letter_ids=[str(letters[0].external_id)])
    assert PrintJob.objects.count() == 0


def test_stale_selection_is_refused(clinician, secretary, django_capture_on_commit_callbacks) -> None:
    letters = _queue(clinician, 2)
    Letter.objects.filter(pk=letters[0].pk).update(status="cancelled")
    with pytest.raises(services.ValidationError, match="no longer waiting"):
        letter_services.print_job_create(user=secretary, letter_ids=[str(le.external_id) for le in letters])
    assert PrintJob.objects.count() == 0
    assert connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_two_secretaries_printing_at_once_never_share_a_letter(make_user, monkeypatch) -> None:
    import threading

    from zorgpad.accounts.roles import Role

    clinician = make_user(Role.CLINICIAN)
    secretaries = [make_user(Role.SECRETARY) for _ in range(3)]
    _queue(clinician, 6)
    monkeypatch.setattr(letter_services, "print_job_publish", lambda *, job_id: False)
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def run(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            letter_services.print_job_create(user=user, all_due_this_week=True, today=dt.date(2026, 6, 5))
        except services.ValidationError:
            pass  # "no letters to print": the others took them
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in secretaries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    letter_ids = list(PrintJobLetter.objects.values_list("letter_id", flat=True))
    assert len(letter_ids) == len(set(letter_ids)) == 12  # 6 invitations + 6 GP letters, each in one run


def test_a_long_run_with_a_fresh_heartbeat_is_not_put_back(clinician, secretary, monkeypatch,
                                                          django_capture_on_commit_callbacks) -> None:
    job = _unpublished_job(secretary, _queue(clinician, 1), monkeypatch, django_capture_on_commit_callbacks)
    # Started an hour ago but still reporting progress: a big run, not a dead worker.
    PrintJob.objects.filter(pk=job.pk).update(status="running", started_at=timezone.now() - dt.timedelta(hours=1),
                                              heartbeat_at=timezone.now() - dt.timedelta(minutes=1))
    letter_services.print_job_sweep(now=timezone.now())
    assert PrintJob.objects.get(pk=job.pk).status == "running"
    # Once the heartbeat is older than STALE_RUNNING, the run is put back.
    letter_services.print_job_sweep(now=timezone.now() + letter_services.STALE_RUNNING)
    assert PrintJob.objects.get(pk=job.pk).status == "queued"


def test_a_superseded_render_stores_no_second_document(clinician, secretary, monkeypatch,
                                                       django_capture_on_commit_callbacks) -> None:
    from followup import pdf
    from followup.models import GeneratedDocument

    letters = _queue(clinician, 2)
    original = pdf.render_letters
    calls: list[int] = []

    def stalling_render(letters, progress=None, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 1:
            # This worker stalls past STALE_RUNNING: the sweep puts the run back and (eager Celery) another
            # claim renders and finishes it before this one wakes up.
            letter_services.print_job_sweep(
                now=timezone.now() + letter_services.STALE_RUNNING + dt.timedelta(minutes=1))
        return original(letters, progress=progress, **kwargs)

    monkeypatch.setattr(pdf, "render_letters", stalling_render)
    with django_capture_on_commit_callbacks(execute=True):
        job = letter_services.print_job_create(user=secretary, letter_ids=[str(le.external_id) for le in letters])
    job.refresh_from_db()
    assert len(calls) == 2
    assert (job.status, job.attempts) == ("done", 2)
    runs = GeneratedDocument.objects.filter(kind="print_run")
    assert list(runs) == [job.result]  # the stalled first render stored nothing
