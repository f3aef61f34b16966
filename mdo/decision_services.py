"""Writes about an MDO case's decision: saving the draft advice, finalising it (with the quorum, or a reason to
override it), amending a final decision, and the decision letters (rendering, re-queueing)."""

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mdo.models import (
    CaseStatus,
    DecisionStatus,
    LetterStatus,
    MdoCase,
    MdoDecision,
    MdoDecisionAmendment,
    MdoLetter,
    SessionStatus,
)
from mdo.services import _locked_session, _require_reason
from mdo.session_services import _mark_held
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathway.services import pathway_items_sync
from zorgpad.pdf_render import time_limit_message
from zorgpad.tasks_dispatch import enqueue_now

logger = logging.getLogger(__name__)


# --- decisions --------------------------------------------------------------------------------------

ADVICE_FIELDS = ("intent", "next_steps", "next_step_other", "text")


def _advice(data: dict[str, Any]) -> dict[str, Any]:
    """The advice fields; a single `next_step` (the former field, still accepted) is a one-item list."""
    data = dict(data)
    if "next_step" in data:
        single = data.pop("next_step")
        data.setdefault("next_steps", [single] if single else [])
    unknown = set(data) - set(ADVICE_FIELDS)
    if unknown:
        raise ValueError(f"not advice fields: {sorted(unknown)}")
    advice: dict[str, Any] = {field: (data.get(field) or "").strip() for field in ADVICE_FIELDS
                              if field != "next_steps"}
    steps = data.get("next_steps") or []
    advice["next_steps"] = list(dict.fromkeys(str(s) for s in ([steps] if isinstance(steps, str) else steps) if s))
    return advice


def _require_complete(advice: dict[str, Any]) -> None:
    errors = {}
    if not advice["intent"]:
        errors["intent"] = _("Choose the intent of the advice.")
    if not advice["next_steps"]:
        errors["next_steps"] = _("Choose at least one next step.")
    if not advice["text"]:
        errors["text"] = _("Write the advice.")
    if errors:
        raise ValidationError(errors)


def _lock_case(case: MdoCase) -> MdoCase:
    return (MdoCase.objects.select_for_update(of=("self",))
            .select_related("patient", "tumour", "session__mdo_type").get(pk=case.pk))


def _save_draft(case: MdoCase, user: Any, advice: dict[str, Any]) -> MdoDecision:
    if case.status == CaseStatus.WITHDRAWN:
        raise ValidationError(_("This case has been withdrawn."))
    decision = MdoDecision.objects.select_for_update().filter(case=case).first()
    if decision is None:
        decision = MdoDecision(case=case, drafted_by=user)
    elif decision.is_final:
        raise ValidationError(_("This decision is final; correct it with an amendment."), code="final")
    for field, value in advice.items():
        setattr(decision, field, value)
    decision.drafted_by = user
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def mdo_decision_save_draft(*, case: MdoCase, user: Any, request: HttpRequest | None = None,
                            **advice: Any) -> MdoDecision:
    case = _lock_case(case)
    decision = _save_draft(case, user, _advice(advice))
    audit_record(user=user, action=AuditAction.UPDATE, patient=case.patient, obj=decision, detail="draft",
                 request=request)
    return decision


def _enqueue_letter(letter_id: int) -> None:
    """Publish the render (fast fail when the broker is down: the row stays queued and the beat re-queues it)."""
    from mdo.tasks import mdo_letter_render_task

    enqueue_now(mdo_letter_render_task, letter_id)


def _queue_letter(decision: MdoDecision, version: int) -> MdoLetter:
    letter, _created = MdoLetter.objects.get_or_create(decision=decision, version=version)
    transaction.on_commit(lambda: _enqueue_letter(letter.pk))
    return letter


@transaction.atomic
def mdo_decision_finalise(
    *, case: MdoCase, user: Any, quorum_override_reason: str = "", now: datetime | None = None,
    request: HttpRequest | None = None, **advice: Any,
) -> MdoDecision:
    """Save the advice and lock it. Needs quorum, or an explicit override with a reason (kept).

    Produces the decision letter through Celery, after commit.
    """
    from mdo.selectors import session_quorum

    if not user.has_perm("mdo.finalise_mdodecision"):
        raise PermissionDenied
    now = now or timezone.now()
    session = _locked_session(case.session)  # sessions before cases, everywhere: no lock-order deadlock
    case = _lock_case(case)
    decision = _save_draft(case, user, _advice(advice))
    _require_complete({f: getattr(decision, f) for f in ADVICE_FIELDS})
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("The session is cancelled: move the case to another session first."))
    if session.date > timezone.localtime(now, session.mdo_type.tz).date():
        raise ValidationError(_("A decision can be finalised from the day of the meeting (%(day)s).")
                              % {"day": date_format(session.date, "DATE_FORMAT")})
    quorum = session_quorum(session=session, today=timezone.localtime(now, session.mdo_type.tz).date())
    reason = (quorum_override_reason or "").strip()
    if quorum.met:
        reason = ""
    else:
        if not reason:
            raise ValidationError({"quorum_override_reason": _(
                "No quorum: %(missing)s not present. Give a reason to finalise without quorum."
            ) % {"missing": ", ".join(quorum.missing_labels)}}, code="no_quorum")
        if not user.has_perm("mdo.override_mdoquorum"):
            raise ValidationError({"quorum_override_reason": _("You may not finalise a decision without quorum.")})
    decision.status = DecisionStatus.FINAL
    decision.finalised_at = now
    decision.finalised_by = user
    decision.attendees = [{"name": a.name, "specialty": a.specialty} for a in quorum.attendances]
    decision.quorum_met = quorum.met
    decision.quorum_missing = [list(slot.specialties) for slot in quorum.missing_slots]
    decision.quorum_override_reason = reason[:300]
    decision.save()
    case.status = CaseStatus.DISCUSSED
    case.save(update_fields=["status", "updated_at"])
    _mark_held(session, user)
    _queue_letter(decision, 0)
    audit_record(user=user, action=AuditAction.UPDATE, patient=case.patient, obj=decision,
                 detail="finalised" + ("" if quorum.met else f" without quorum: {reason}"), request=request)
    pathway_items_sync(tumour=case.tumour, user=user)
    return decision


@transaction.atomic
def mdo_decision_amend(*, decision: MdoDecision, user: Any, reason: str, request: HttpRequest | None = None,
                       **advice: Any) -> MdoDecisionAmendment:
    """Correct a final decision. The original (and earlier amendments) stay as they were."""
    if not user.has_perm("mdo.finalise_mdodecision"):
        raise PermissionDenied
    decision = MdoDecision.objects.select_for_update().select_related("case__patient").get(pk=decision.pk)
    if not decision.is_final:
        raise ValidationError(_("Only a final decision is amended; change the draft instead."))
    reason = _require_reason(reason)
    values = _advice(advice)
    _require_complete(values)
    previous = decision.amendments.order_by("-number").first() or decision
    if all(getattr(previous, f) == values[f] for f in ADVICE_FIELDS):
        raise ValidationError(_("The amendment changes nothing."))
    number = (previous.number if isinstance(previous, MdoDecisionAmendment) else 0) + 1
    amendment = MdoDecisionAmendment(decision=decision, number=number, reason=reason[:300], created_by=user,
                                     **values)
    amendment.full_clean()
    amendment.save()
    _queue_letter(decision, number)
    audit_record(user=user, action=AuditAction.UPDATE, patient=decision.case.patient, obj=decision,
                 detail=f"amendment {number}: {reason}", request=request)
    return amendment


# --- letters ----------------------------------------------------------------------------------------


def mdo_letter_render(*, letter_id: int) -> MdoLetter:
    """Render, store (with SHA-256) and mark ready. Idempotent: a ready letter is left alone."""
    from mdo import pdf

    with transaction.atomic():
        letter = MdoLetter.objects.select_for_update(of=("self",)).select_related(
            "decision__case__patient", "decision__case__tumour", "decision__case__session__mdo_type",
            "decision__case__presenting_clinician", "decision__finalised_by",
        ).get(pk=letter_id)
        if letter.status == LetterStatus.DONE and letter.file:
            return letter
        try:
            content = pdf.decision_letter_pdf(letter=letter)
        except SoftTimeLimitExceeded:  # the task's time budget (PDF_TASK_SOFT_TIME_LIMIT): a clear reason
            logger.warning("MDO letter %s: render stopped by the time limit", letter_id)
            letter.status = LetterStatus.FAILED
            letter.error = time_limit_message(settings.PDF_TASK_SOFT_TIME_LIMIT)[:300]
            letter.save(update_fields=["status", "error"])
            return letter
        except Exception as exc:
            logger.exception("MDO letter %s failed to render", letter_id)
            letter.status = LetterStatus.FAILED
            letter.error = f"{type(exc).__name__}: {exc}"[:300]
            letter.save(update_fields=["status", "error"])
            return letter
        case = letter.decision.case
        letter.file.save(f"mdo-advies-{case.external_id}-v{letter.version}.pdf", ContentFile(content), save=False)
        letter.sha256 = hashlib.sha256(content).hexdigest()
        letter.status = LetterStatus.DONE
        letter.error = ""
        letter.rendered_at = timezone.now()
        letter.save()
        audit_record(user=None, action=AuditAction.CREATE, patient=case.patient, obj=letter,
                     detail=f"decision letter v{letter.version} rendered")
    return letter


@transaction.atomic
def mdo_letter_requeue(*, letter: MdoLetter, user: Any, request: HttpRequest | None = None) -> MdoLetter:
    letter = MdoLetter.objects.select_for_update(of=("self",)).select_related("decision__case__patient").get(
        pk=letter.pk)
    if letter.status == LetterStatus.DONE:
        raise ValidationError(_("This letter is ready."))
    letter.status = LetterStatus.QUEUED
    letter.error = ""
    letter.save(update_fields=["status", "error"])
    transaction.on_commit(lambda: _enqueue_letter(letter.pk))
    audit_record(user=user, action=AuditAction.UPDATE, patient=letter.decision.case.patient, obj=letter,
                 detail="letter re-queued", request=request)
    return letter


def mdo_letters_requeue_stale(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Beat: letters still queued after a while (worker or broker was down) are enqueued again."""
    stale = list(MdoLetter.objects.filter(status=LetterStatus.QUEUED, created_at__lt=timezone.now() - older_than)
                 .values_list("pk", flat=True))
    for pk in stale:
        _enqueue_letter(pk)
    return len(stale)
