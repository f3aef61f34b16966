"""Writes about the follow-up app's generated documents: a letter or a patient summary rendered to a stored PDF,
and print runs (the letters still waiting to be printed, creating a run, rendering it in a Celery task with a sweep
for lost or stalled runs, retrying a failed run, and marking it printed, which moves invited visits on)."""

import hashlib
import logging
from datetime import date, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from followup.models import (
    DocumentKind,
    GeneratedDocument,
    Letter,
    LetterKind,
    LetterStatus,
    PrintJob,
    PrintJobLetter,
    PrintJobStatus,
    Visit,
    VisitStatus,
)
from followup.services import ALLOWED_TRANSITIONS
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown
from zorgpad.patients.models import Patient
from zorgpad.pdf_render import time_limit_message
from zorgpad.tasks_dispatch import enqueue_now

logger = logging.getLogger(__name__)


# --- generated documents, letters, print runs --------------------------------------------------------------

def document_store(*, kind: DocumentKind, pdf: bytes, pages: int, user: Any = None, letter: Letter | None = None,
                   patient: Patient | None = None) -> GeneratedDocument:
    digest = hashlib.sha256(pdf).hexdigest()
    doc = GeneratedDocument(kind=kind, sha256=digest, size=len(pdf), pages=pages, letter=letter, patient=patient,
                            created_by=user)
    doc.file.save(f"{kind}-{digest[:16]}.pdf", ContentFile(pdf), save=False)
    doc.save()
    return doc


@transaction.atomic
def letter_render(*, letter: Letter, user: Any, request: HttpRequest | None = None) -> GeneratedDocument:
    """One letter as a stored PDF (for a single print or a reprint)."""
    from followup import pdf

    letter = Letter.objects.select_related("patient", "plan__tumour", "plan__template", "visit").get(pk=letter.pk)
    content, pages = pdf.render_letters([letter])
    doc = document_store(kind=DocumentKind.LETTER, pdf=content, pages=pages, user=user, letter=letter,
                         patient=letter.patient)
    audit_record(user=user, action=AuditAction.EXPORT, patient=letter.patient, obj=letter,
                 detail=f"letter {letter.kind} pdf {doc.sha256[:12]}", request=request)
    return doc


@transaction.atomic
def patient_summary_render(*, patient: Patient, user: Any, request: HttpRequest | None = None,
                           today: date | None = None) -> GeneratedDocument:
    from followup import pdf

    content, pages = pdf.render_patient_summary(patient=patient, today=today or timezone.localdate())
    doc = document_store(kind=DocumentKind.PATIENT_SUMMARY, pdf=content, pages=pages, user=user, patient=patient)
    audit_record(user=user, action=AuditAction.EXPORT, patient=patient, obj=patient,
                 detail=f"patient summary pdf {doc.sha256[:12]}", request=request)
    return doc


OPEN_JOB_STATUSES = (PrintJobStatus.QUEUED, PrintJobStatus.RUNNING)


_BUSY_JOB = Q(job__status__in=OPEN_JOB_STATUSES) | Q(job__status=PrintJobStatus.DONE, job__printed_at__isnull=True)


def letters_printable() -> QuerySet[Letter]:
    """Queued letters not already in a print run that is still waiting, rendering, or done but unprinted."""
    busy = PrintJobLetter.objects.filter(_BUSY_JOB).values("letter_id")
    return Letter.objects.filter(status=LetterStatus.QUEUED).exclude(id__in=busy)


def week_end(today: date) -> date:
    return today + timedelta(days=6 - today.weekday())


@transaction.atomic
def print_job_create(*, user: Any, letter_ids: list[Any] | None = None, all_due_this_week: bool = False,
                     today: date | None = None) -> PrintJob:
    """A print run is a database row first; the render is published after commit (a failure to publish
    leaves the row queued for the sweep, it is never lost and never raises to the user)."""
    if not user.has_perm("followup.print_letters"):
        raise PermissionDenied
    today = today or timezone.localdate()
    candidates = letters_printable().select_for_update(of=("self",))
    if all_due_this_week:
        # Letters queued for sending up to the end of this week: invitations whose window opens by then,
        # and GP letters queued so far.
        letters = candidates.filter(Q(visit__isnull=True) | Q(visit__invite_from__lte=week_end(today)))
    else:
        if not letter_ids:
            raise ValidationError(_("Select at least one letter."), code="empty")
        letters = candidates.filter(external_id__in=letter_ids)
    letters = letters.order_by("patient__family_name", "patient_id", "kind", "due_date", "id")
    chosen = list(letters.values_list("id", flat=True))
    # Two secretaries printing at once: the row locks above made us wait for the other run's commit; this new
    # statement sees its letters, which are then left out (an explicit selection is refused as stale).
    taken = set(PrintJobLetter.objects.filter(_BUSY_JOB, letter_id__in=chosen).values_list("letter_id", flat=True))
    chosen = [pk for pk in chosen if pk not in taken]
    if not chosen:
        raise ValidationError(_("There are no letters to print."), code="empty")
    if letter_ids is not None and not all_due_this_week and len(chosen) != len(set(letter_ids)):
        raise ValidationError(_("Some selected letters are no longer waiting to be printed; reload the list."),
                              code="stale")
    job = PrintJob.objects.create(requested_by=user, total=len(chosen))
    PrintJobLetter.objects.bulk_create(
        [PrintJobLetter(job=job, letter_id=pk, position=i) for i, pk in enumerate(chosen)])
    transaction.on_commit(lambda: print_job_publish(job_id=job.pk))
    return job


def print_job_publish(*, job_id: int) -> bool:
    """Hand the job to Celery. If Redis is down the row simply stays queued (the sweep re-publishes it)."""
    from followup import tasks

    return enqueue_now(tasks.followup_print_job_render_task, job_id)


def print_job_render(*, job_id: int) -> bool:
    """Render a print run: claim the row (queued -> running) so a second delivery of the task does nothing;
    render ONE document with all letters; store it with its SHA-256.

    Each claim has its own attempt number. If this worker stalls so long that the sweep puts the run back
    and another worker claims it, only that newer claim may store a document and finish the run: a run never
    ends up with two documents that could both be printed.
    """
    from followup import pdf

    now = timezone.now()
    with transaction.atomic():
        job = (PrintJob.objects.select_for_update(of=("self",)).select_related("requested_by")
               .filter(pk=job_id, status=PrintJobStatus.QUEUED).first())
        if job is None:
            return False
        job.status, job.started_at, job.heartbeat_at = PrintJobStatus.RUNNING, now, now
        job.progress, job.attempts, job.error = 1, job.attempts + 1, ""
        job.save(update_fields=["status", "started_at", "heartbeat_at", "progress", "attempts", "error"])
    mine = PrintJob.objects.filter(pk=job_id, status=PrintJobStatus.RUNNING, attempts=job.attempts)
    try:
        letters = [entry.letter for entry in print_job_entries(job=job)
                   if entry.letter.status != LetterStatus.CANCELLED]

        def progress(done: int, total: int) -> None:
            mine.update(progress=min(99, 5 + int(85 * done / max(total, 1))), heartbeat_at=timezone.now())

        content, pages = pdf.render_letters(letters, progress=progress)
        with transaction.atomic():
            if not mine.select_for_update().exists():
                logger.warning("print job %s: attempt %s was superseded, its render is dropped", job_id,
                               job.attempts)
                return False
            doc = document_store(kind=DocumentKind.PRINT_RUN, pdf=content, pages=pages, user=job.requested_by)
            mine.update(status=PrintJobStatus.DONE, progress=100, result=doc, total=len(letters),
                        finished_at=timezone.now())
            audit_record_shown(user=job.requested_by, action=AuditAction.PRINT,
                               patient_ids=[letter.patient.external_id for letter in letters],
                               object_type="followup.printjob", object_id=str(job.external_id),
                               detail=f"print run rendered {doc.sha256}")
    except SoftTimeLimitExceeded:  # the task's time budget (PDF_TASK_SOFT_TIME_LIMIT): a clear reason
        logger.warning("print job %s: render stopped by the time limit", job_id)
        mine.update(status=PrintJobStatus.FAILED, error=time_limit_message(settings.PDF_TASK_SOFT_TIME_LIMIT),
                    finished_at=timezone.now())
        return False
    except Exception as exc:
        logger.exception("print job %s failed", job_id)
        mine.update(status=PrintJobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000],
                    finished_at=timezone.now())
        return False
    return True


def print_job_patient_ids(*, job: PrintJob) -> list[Any]:
    """The patients whose letters are in the run, in print order (one query)."""
    return list(PrintJobLetter.objects.filter(job=job).order_by("position")
                .values_list("letter__patient__external_id", flat=True))


def print_job_entries(*, job: PrintJob) -> QuerySet[PrintJobLetter]:
    """The run's letters in print order (each letter once: unique (job, letter))."""
    return (PrintJobLetter.objects.filter(job=job)
            .select_related("letter__patient", "letter__plan__tumour", "letter__plan__template",
                            "letter__plan__responsible_clinician", "letter__visit")
            .order_by("position"))


STALE_RUNNING = timedelta(minutes=15)


def print_job_sweep(*, now: Any = None) -> int:
    """Beat task: re-publish print runs still queued after a minute (Redis or the worker was down), and put
    back runs whose worker died mid-render (no heartbeat for 15 minutes)."""
    now = now or timezone.now()
    cutoff = now - STALE_RUNNING
    PrintJob.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff),
        status=PrintJobStatus.RUNNING,
    ).update(status=PrintJobStatus.QUEUED, progress=0)
    ids = list(PrintJob.objects.filter(status=PrintJobStatus.QUEUED, created_at__lt=now - timedelta(minutes=1))
               .values_list("id", flat=True)[:100])
    for job_id in ids:
        print_job_publish(job_id=job_id)
    return len(ids)


@transaction.atomic
def print_job_retry(*, job: PrintJob, user: Any) -> PrintJob:
    if not user.has_perm("followup.print_letters"):
        raise PermissionDenied
    if not PrintJob.objects.filter(pk=job.pk, status=PrintJobStatus.FAILED).update(
            status=PrintJobStatus.QUEUED, progress=0):
        raise ValidationError(_("Only a failed print run can be retried."), code="not_failed")
    transaction.on_commit(lambda: print_job_publish(job_id=job.pk))
    job.refresh_from_db()
    return job


@transaction.atomic
def print_job_mark_printed(*, job: PrintJob, user: Any, request: HttpRequest | None = None) -> PrintJob:
    """The secretary confirms the run came out of the printer: letters printed (who/when), and each
    invited visit moves planned -> invited through the transition table."""
    if not user.has_perm("followup.print_letters"):
        raise PermissionDenied
    job = PrintJob.objects.select_for_update().get(pk=job.pk)
    if job.status != PrintJobStatus.DONE:
        raise ValidationError(_("The print run is not ready yet."), code="not_done")
    if job.printed_at:
        raise ValidationError(_("This print run was already marked as printed."), code="printed")
    now = timezone.now()
    job.printed_at, job.printed_by = now, user
    job.save(update_fields=["printed_at", "printed_by"])
    letters = Letter.objects.filter(print_jobs=job, status=LetterStatus.QUEUED)
    visit_ids = list(letters.filter(kind=LetterKind.INVITATION).values_list("visit_id", flat=True))
    patients = list(Patient.objects.filter(followup_letters__in=letters).distinct())
    letters.update(status=LetterStatus.PRINTED, printed_at=now, printed_by=user)
    assert VisitStatus.INVITED in ALLOWED_TRANSITIONS[VisitStatus.PLANNED]
    Visit.objects.filter(id__in=visit_ids, status=VisitStatus.PLANNED).update(status=VisitStatus.INVITED,
                                                                            updated_at=now)
    for patient in patients:
        audit_record(user=user, action=AuditAction.UPDATE, patient=patient, obj=job,
                     detail="letters printed", request=request)
    return job
