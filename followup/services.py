"""Writes of the follow-up app: plans, visits, the daily reminder scan, letters and print runs."""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from followup.models import (
    OPEN_VISIT_STATUSES,
    AdjustmentAction,
    AlertStatus,
    DocumentKind,
    FollowUpPlan,
    GeneratedDocument,
    Letter,
    LetterKind,
    LetterStatus,
    OverdueAlert,
    PlanAdjustment,
    PlanStatus,
    PlanTemplate,
    PrintJob,
    PrintJobLetter,
    PrintJobStatus,
    StopReason,
    Visit,
    VisitItem,
    VisitKind,
    VisitStatus,
)
from followup.rules import schedule as rules
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown
from zorgpad.pathway import selectors as pathway_selectors
from zorgpad.pathway.services import pathway_items_sync
from zorgpad.pathways.base import BaselineItem, FollowupSchedule
from zorgpad.pathways.facts import CentreFacts
from zorgpad.patients.models import Patient, Tumour, TumourStatus
from zorgpad.pdf_render import time_limit_message
from zorgpad.tasks_dispatch import enqueue_now

logger = logging.getLogger(__name__)

DEFAULT_TEMPLATE_KEY = "lms-subcutaneous"
STOPPING_TUMOUR_STATUSES = (TumourStatus.RECURRENCE, TumourStatus.METASTATIC)


# --- templates ---------------------------------------------------------------------------------------------

def baseline_windows(template: PlanTemplate, centre: CentreFacts) -> list[dict[str, Any]]:
    """The template's baseline items with their window: a number kept with the template, or the centre's
    recorded decision (cited: key, value, the day it was recorded); `within_months` None = not yet decided by the
    centre (the item is then not scheduled)."""
    out: list[dict[str, Any]] = []
    for b in template.baseline_items:
        key = b.get("centre_decision")
        if not key:
            out.append({"item": b["item"], "within_months": int(b["within_months"])})
            continue
        recorded = centre.get(key)
        out.append({"item": b["item"], "centre_decision": key,
                    "within_months": int(recorded.value) if recorded is not None else None,
                    "decided_on": recorded.decided_on.isoformat() if recorded is not None else None})
    return out


def template_spec(template: PlanTemplate, centre: CentreFacts | None = None) -> rules.PlanTemplateSpec:
    """The template as the schedule rules take it; a baseline item whose window the centre has not decided yet is
    left out (never guessed)."""
    windows = baseline_windows(template, centre if centre is not None else pathway_selectors.centre_facts())
    return rules.PlanTemplateSpec(
        interval_months=template.interval_months,
        duration_months=template.duration_months,
        visit_items=tuple(template.visit_items),
        baseline_items=tuple(rules.BaselineItemSpec(b["item"], b["within_months"])
                             for b in windows if b["within_months"] is not None),
        tolerance_days=template.tolerance_days,
        invitation_lead_days=template.invitation_lead_days,
        phases=tuple(rules.PhaseSpec(p["interval_months"], p["until_month"], tuple(p["visit_items"]))
                     for p in template.phases),
    )


TEMPLATE_FIELDS = ("name", "interval_months", "duration_months", "visit_items", "baseline_items",
                   "tolerance_days", "invitation_lead_days", "after_end", "source", "phases")


@transaction.atomic
def plan_template_revise(*, template: PlanTemplate, user: Any, **changes: Any) -> PlanTemplate:
    """Editing a template creates its next version; plans built on the old version keep pointing at it."""
    current = PlanTemplate.objects.select_for_update().get(pk=template.pk)
    data = {field: getattr(current, field) for field in TEMPLATE_FIELDS}
    for field, value in changes.items():
        if field not in TEMPLATE_FIELDS:
            raise ValueError(f"PlanTemplate.{field} cannot be revised")
        data[field] = value
    if len(data["phases"] or []) <= 1:
        # A one-phase schedule is its interval, duration and items (an edit of those is an edit of the phase).
        data["phases"] = [{"interval_months": data["interval_months"], "until_month": data["duration_months"],
                           "visit_items": list(data["visit_items"] or [])}]
    latest = PlanTemplate.objects.filter(key=current.key).order_by("-version").values_list("version", flat=True)[0]
    new = PlanTemplate(key=current.key, version=latest + 1, is_current=True, created_by=user, **data)
    new.full_clean(exclude=["is_current"])
    PlanTemplate.objects.filter(key=current.key, is_current=True).update(is_current=False)
    new.save()
    return new


# What the pathway document says (interval, duration, what each visit holds, which baseline items, after the end)
# comes from the pathway definition; the centre's settings (tolerance, invitation lead, the baseline window, the
# name and the source text) stay as the admin keeps them.
PATHWAY_OWNED_FIELDS = ("interval_months", "duration_months", "visit_items", "after_end", "phases")


def _baseline_entry(item: BaselineItem, kept_window: int | None) -> dict[str, Any]:
    """A baseline item as the template stores it: the centre decision it waits for, or a window (the admin's
    number when the template has one, else the pathway's)."""
    if item.centre_decision:
        return {"item": item.item, "centre_decision": item.centre_decision}
    return {"item": item.item, "within_months": kept_window or item.within_months}


@transaction.atomic
def plan_template_sync(*, schedules: tuple[FollowupSchedule, ...]) -> list[PlanTemplate]:
    """Bring each pathway's template in line with its definition (run after every migrate). A difference creates a
    new template version, so plans built on the old one keep it; nothing changes when they agree."""
    changed: list[PlanTemplate] = []
    for pathway_schedule in schedules:
        wanted: dict[str, Any] = {
            "interval_months": pathway_schedule.interval_months,
            "duration_months": pathway_schedule.duration_months,
            "visit_items": list(pathway_schedule.visit_items),
            "after_end": pathway_schedule.after_end,
            "phases": [{"interval_months": p.interval_months, "until_month": p.until_month,
                        "visit_items": list(p.visit_items)} for p in pathway_schedule.phase_list()],
        }
        current = PlanTemplate.objects.filter(key=pathway_schedule.template_key, is_current=True).first()
        if current is None:
            template = PlanTemplate(
                key=pathway_schedule.template_key, version=1, name=pathway_schedule.name, is_current=True,
                source=pathway_schedule.source,
                baseline_items=[_baseline_entry(b, None) for b in pathway_schedule.baseline_items],
                **wanted,
            )
            template.full_clean()
            template.save()
            changed.append(template)
            continue
        windows = {b["item"]: b.get("within_months") for b in current.baseline_items}
        baseline = [_baseline_entry(b, windows.get(b.item)) for b in pathway_schedule.baseline_items]
        if any(getattr(current, field) != value for field, value in wanted.items()) or \
                baseline != current.baseline_items:
            changed.append(plan_template_revise(template=current, user=None, baseline_items=baseline, **wanted))
    return changed


def template_current(*, key: str = DEFAULT_TEMPLATE_KEY) -> PlanTemplate:
    return PlanTemplate.objects.get(key=key, is_current=True)


# --- building a plan ---------------------------------------------------------------------------------------

def plan_inputs(tumour: Tumour, *, explicit_template: bool, today: date) -> rules.PlanInputs:
    """The pathway's follow-up decision for the tumour (the same one its advice shows), and the anchor."""
    decision = pathway_selectors.tumour_decision(tumour=tumour, today=today)
    return rules.PlanInputs(followup=decision.followup, date_of_surgery=tumour.date_of_surgery,
                            explicit_template=explicit_template)


FIELD_LABELS = {"depth": gettext_noop("depth"), "margin": gettext_noop("resection margin"),
                "date_of_surgery": gettext_noop("date of surgery"), "stage": gettext_noop("AJCC 8 stage group"),
                "sentinel_deposit_mm": gettext_noop("largest sentinel-node deposit"),
                "adjuvant": gettext_noop("adjuvant systemic therapy"),
                "adjuvant_start": gettext_noop("adjuvant therapy start"),
                "adjuvant_end": gettext_noop("adjuvant therapy end")}


@transaction.atomic
def followup_plan_build(
    *, tumour: Tumour, user: Any, template: PlanTemplate | None = None, request: HttpRequest | None = None,
) -> FollowUpPlan:
    """Build the follow-up plan of a tumour from the pathway rules (or record 'no routine follow-up').

    `template` is only for a clinician's explicit choice (needed for melanoma and 'other'); without it the
    pathway's current default template is used. Refusals raise ValidationError naming what is missing.
    """
    if not user.has_perm("followup.add_followupplan"):
        raise PermissionDenied
    tumour = Tumour.objects.select_for_update().select_related("patient").get(pk=tumour.pk)
    patient = tumour.patient
    if patient.date_of_death:
        raise ValidationError(_("The patient has died: no follow-up plan is made."), code="deceased")
    if tumour.status in STOPPING_TUMOUR_STATUSES:
        raise ValidationError(
            _("A recurrence or metastasis is recorded for this tumour: routine follow-up does not apply; "
              "the MDO decides the further policy."), code="recurrence")
    if FollowUpPlan.objects.filter(tumour=tumour).exclude(status=PlanStatus.STOPPED).exists():
        raise ValidationError(_("This tumour already has a follow-up plan."), code="exists")
    explicit = template is not None
    today = timezone.localdate()
    inputs = plan_inputs(tumour, explicit_template=explicit, today=today)
    # The pathway names the schedule (e.g. the melanoma stage's); a clinician's explicit choice overrides it.
    chosen = template or template_current(key=inputs.followup.template_key or DEFAULT_TEMPLATE_KEY)
    centre = pathway_selectors.centre_facts()
    decision = rules.decide(inputs, template_spec(chosen, centre))
    pathway = pathway_selectors.tumour_decision(tumour=tumour, today=today).pathway
    if decision.outcome == rules.Outcome.REFUSED:
        missing = [_(FIELD_LABELS[m]) for m in decision.missing]
        message = _(decision.reason)
        if missing:
            message = _("%(reason)s Missing: %(missing)s.") % {"reason": message, "missing": ", ".join(missing)}
        raise ValidationError(message, code=str(decision.refusal))
    plan = FollowUpPlan(
        patient=patient, tumour=tumour, reason=decision.reason, explicit_template=explicit, created_by=user,
        responsible_clinician=user, dermatologist_checks=inputs.followup.dermatologist_checks,
        reason_params=dict(inputs.followup.params) if decision.reason == inputs.followup.reason else {},
    )
    if decision.outcome == rules.Outcome.NO_ROUTINE:
        plan.status = PlanStatus.NO_ROUTINE
    else:
        plan.status = PlanStatus.ACTIVE
        plan.template = chosen
        plan.anchor_date = tumour.date_of_surgery
        plan.ends_on = decision.ends_on
        plan.baseline_windows = baseline_windows(chosen, centre)
    if pathway is not None:
        plan.pathway_id, plan.pathway_version = pathway.id, pathway.version
    plan.full_clean()
    plan.save()
    Visit.objects.bulk_create([
        Visit(plan=plan, sequence=v.sequence, kind=VisitKind(v.kind.value), items=list(v.items), due_date=v.due_date,
              window_start=v.window_start, window_end=v.window_end, invite_from=v.invite_from)
        for v in decision.visits
    ])
    # The GP hears about the plan (or that none is needed) by letter.
    Letter.objects.create(kind=LetterKind.GP_PLAN_SUMMARY, patient=patient, plan=plan, created_at=timezone.now())
    if plan.status == PlanStatus.NO_ROUTINE and tumour.is_melanoma:
        # Melanoma in situ or IA (RL-FU-IA): a one-time explanation about melanoma, UV and whom to contact.
        Letter.objects.create(kind=LetterKind.PATIENT_EXPLANATION, patient=patient, plan=plan,
                              created_at=timezone.now())
    audit_record(user=user, action=AuditAction.CREATE, patient=patient, obj=plan,
                 detail=f"follow-up plan: {plan.status}", request=request)
    pathway_items_sync(tumour=tumour, user=user)
    return plan


# --- adjusting a plan --------------------------------------------------------------------------------------

def _check_adjust(plan: FollowUpPlan, user: Any, reason: str) -> None:
    if not user.has_perm("followup.change_followupplan"):
        raise PermissionDenied
    if plan.status != PlanStatus.ACTIVE:
        raise ValidationError(_("Only an active plan can be adjusted."), code="not_active")
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the change.")})


def _window(plan: FollowUpPlan, due: date) -> tuple[date, date, date]:
    tolerance = plan.template.tolerance_days if plan.template else 28
    lead = plan.template.invitation_lead_days if plan.template else 42
    return rules.visit_window(due, tolerance_days=tolerance, invitation_lead_days=lead)


@transaction.atomic
def plan_visit_add(*, plan: FollowUpPlan, due_date: date, items: list[str], reason: str, user: Any,
                   request: HttpRequest | None = None) -> Visit:
    plan = FollowUpPlan.objects.select_for_update().get(pk=plan.pk)
    _check_adjust(plan, user, reason)
    if not items or any(i not in VisitItem.values for i in items):
        raise ValidationError({"items": _("Choose what will be done at the visit.")})
    start, end, invite = _window(plan, due_date)
    last = plan.visits.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    visit = Visit(plan=plan, sequence=last + 1, kind=VisitKind.EXTRA, items=items, due_date=due_date,
                  window_start=start, window_end=end, invite_from=invite)
    visit.full_clean()
    visit.save()
    PlanAdjustment.objects.create(plan=plan, visit=visit, action=AdjustmentAction.ADD, new_due_date=due_date,
                                  reason=reason, by=user)
    audit_record(user=user, action=AuditAction.UPDATE, patient=plan.patient, obj=visit,
                 detail=f"visit added {due_date}: {reason}", request=request)
    return visit


@transaction.atomic
def plan_visit_move(*, visit: Visit, due_date: date, reason: str, user: Any,
                    request: HttpRequest | None = None) -> Visit:
    visit = (Visit.objects.select_for_update(of=("self",)).select_related("plan__template", "plan__patient")
             .get(pk=visit.pk))
    plan = visit.plan
    _check_adjust(plan, user, reason)
    if not visit.is_open:
        raise ValidationError(_("Only an open visit can be moved."), code="not_open")
    old = visit.due_date
    if due_date == old:
        raise ValidationError({"due_date": _("The new date is the same as the old one.")})
    visit.window_start, visit.window_end, visit.invite_from = _window(plan, due_date)
    visit.due_date = due_date
    if visit.status == VisitStatus.INVITED:
        visit.status = VisitStatus.PLANNED  # the printed invitation names the old window: invite again
    visit.full_clean()
    visit.save()
    # A queued invitation names the old window: cancel it; the scan queues a new one for the new date.
    Letter.objects.filter(visit=visit, kind=LetterKind.INVITATION, status=LetterStatus.QUEUED).update(
        status=LetterStatus.CANCELLED)
    OverdueAlert.objects.filter(visit=visit, status=AlertStatus.OPEN).update(
        status=AlertStatus.RESOLVED, resolved_at=timezone.now())
    PlanAdjustment.objects.create(plan=plan, visit=visit, action=AdjustmentAction.MOVE, old_due_date=old,
                                  new_due_date=due_date, reason=reason, by=user)
    audit_record(user=user, action=AuditAction.UPDATE, patient=plan.patient, obj=visit,
                 detail=f"visit moved {old} -> {due_date}: {reason}", request=request)
    return visit


@transaction.atomic
def plan_visit_cancel(*, visit: Visit, reason: str, user: Any, request: HttpRequest | None = None) -> Visit:
    plan = FollowUpPlan.objects.select_for_update().get(pk=visit.plan_id)
    _check_adjust(plan, user, reason)
    visit = visit_transition(visit=visit, to=VisitStatus.CANCELLED, user=user, note=reason, request=request)
    PlanAdjustment.objects.create(plan=plan, visit=visit, action=AdjustmentAction.CANCEL, old_due_date=visit.due_date,
                                  reason=reason, by=user)
    return visit


# --- visit status ------------------------------------------------------------------------------------------

ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    VisitStatus.PLANNED: {VisitStatus.INVITED, VisitStatus.BOOKED, VisitStatus.DONE, VisitStatus.MISSED,
                          VisitStatus.CANCELLED},
    VisitStatus.INVITED: {VisitStatus.BOOKED, VisitStatus.DONE, VisitStatus.MISSED, VisitStatus.CANCELLED},
    VisitStatus.BOOKED: {VisitStatus.DONE, VisitStatus.MISSED, VisitStatus.CANCELLED},
    # A missed visit can still be booked late or recorded as done late.
    VisitStatus.MISSED: {VisitStatus.BOOKED, VisitStatus.DONE},
    VisitStatus.DONE: set(),
    VisitStatus.CANCELLED: set(),
}
# Secretaries book; clinicians record outcomes.
TRANSITION_PERMISSION = {
    VisitStatus.INVITED: "followup.book_visit",
    VisitStatus.BOOKED: "followup.book_visit",
    VisitStatus.DONE: "followup.record_visit_outcome",
    VisitStatus.MISSED: "followup.record_visit_outcome",
    VisitStatus.CANCELLED: "followup.record_visit_outcome",
}


@transaction.atomic
def visit_transition(*, visit: Visit, to: str, user: Any, note: str = "", done_on: date | None = None,
                     request: HttpRequest | None = None) -> Visit:
    """The one place a visit's status changes (the set-based stop below uses the same table)."""
    to = VisitStatus(to)
    if to not in TRANSITION_PERMISSION:
        raise ValidationError({"status": _("A visit cannot be set back to planned.")}, code="transition")
    if user is not None and not user.has_perm(TRANSITION_PERMISSION[to]):
        raise PermissionDenied
    visit = Visit.objects.select_for_update(of=("self",)).select_related("plan__patient").get(pk=visit.pk)
    if to not in ALLOWED_TRANSITIONS[visit.status]:
        raise ValidationError(
            {"status": _("A visit cannot go from %(from)s to %(to)s.") % {
                "from": visit.get_status_display(), "to": VisitStatus(to).label}}, code="transition")
    if visit.plan.status != PlanStatus.ACTIVE and to != VisitStatus.CANCELLED:
        raise ValidationError(_("The plan is no longer active."), code="not_active")
    if to == VisitStatus.DONE:
        visit.done_on = done_on or timezone.localdate()
        if visit.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("The date lies in the future.")})
    if to == VisitStatus.CANCELLED:
        if not note.strip():
            raise ValidationError({"note": _("Give the reason for the cancellation.")})
        limit = Visit._meta.get_field("cancel_reason").max_length or 0
        if len(note.strip()) > limit:  # refused, not cut off silently
            raise ValidationError({"note": _("A reason for cancelling has at most %(limit)d characters.")
                                   % {"limit": limit}})
        visit.cancel_reason = note.strip()
    elif note:
        visit.outcome_note = note
    old = visit.status
    visit.status = to
    visit.full_clean()
    visit.save()
    if to not in OPEN_VISIT_STATUSES:
        OverdueAlert.objects.filter(visit=visit, status=AlertStatus.OPEN).update(
            status=AlertStatus.RESOLVED, resolved_at=timezone.now())
    if to in (VisitStatus.DONE, VisitStatus.CANCELLED, VisitStatus.BOOKED, VisitStatus.MISSED):
        # An invitation nobody printed is no longer needed.
        Letter.objects.filter(visit=visit, kind=LetterKind.INVITATION, status=LetterStatus.QUEUED).update(
            status=LetterStatus.CANCELLED)
    audit_record(user=user, action=AuditAction.UPDATE, patient=visit.plan.patient, obj=visit,
                 detail=f"visit {old} -> {to}", request=request)
    return visit


# --- stopping plans (death, recurrence) --------------------------------------------------------------------

STOP_TEXT = {
    StopReason.DECEASED: gettext_noop("Plan stopped: the patient died."),
    StopReason.RECURRENCE: gettext_noop("Plan stopped: a recurrence or metastasis was recorded."),
}


@transaction.atomic
def plans_stop(*, plans: QuerySet[FollowUpPlan], reason: StopReason, user: Any = None) -> int:
    """Stop every live plan in `plans` at once: open visits cancelled (never deleted), queued letters
    cancelled, open alerts resolved, the reason kept. Set-based: a fixed number of queries."""
    ids = list(plans.exclude(status=PlanStatus.STOPPED).select_for_update().values_list("id", flat=True))
    if not ids:
        return 0
    now = timezone.now()
    text = STOP_TEXT[reason]
    assert VisitStatus.CANCELLED in set.intersection(*(ALLOWED_TRANSITIONS[s] for s in OPEN_VISIT_STATUSES))
    Visit.objects.filter(plan_id__in=ids, status__in=OPEN_VISIT_STATUSES).update(
        status=VisitStatus.CANCELLED, cancel_reason=text, updated_at=now)
    Letter.objects.filter(plan_id__in=ids, status=LetterStatus.QUEUED).update(status=LetterStatus.CANCELLED)
    OverdueAlert.objects.filter(plan_id__in=ids, status=AlertStatus.OPEN).update(
        status=AlertStatus.RESOLVED, resolved_at=now)
    FollowUpPlan.objects.filter(id__in=ids).update(status=PlanStatus.STOPPED, stop_reason=reason, stopped_at=now)
    PlanAdjustment.objects.bulk_create(
        [PlanAdjustment(plan_id=pk, action=AdjustmentAction.STOP, reason=text, by=user) for pk in ids])
    for plan in FollowUpPlan.objects.filter(id__in=ids).select_related("patient"):
        audit_record(user=user, action=AuditAction.UPDATE, patient=plan.patient, obj=plan, detail=text)
    return len(ids)


def on_patient_updated(*, patient: Patient, changed: list[str], user: Any) -> None:
    """Hook: a date of death stops the patient's plans inside the same transaction."""
    if "date_of_death" in changed and patient.date_of_death:
        plans_stop(plans=FollowUpPlan.objects.filter(patient=patient), reason=StopReason.DECEASED, user=user)


def on_tumour_updated(*, tumour: Tumour, changed: list[str], user: Any) -> None:
    """Hook: a recurrence or metastasis stops the tumour's plan."""
    if "status" in changed and tumour.status in STOPPING_TUMOUR_STATUSES:
        plans_stop(plans=FollowUpPlan.objects.filter(tumour=tumour), reason=StopReason.RECURRENCE, user=user)


# --- the daily reminder scan -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScanResult:
    stopped_deceased: int
    stopped_recurrence: int
    invitations: int
    alerts: int
    alerts_resolved: int


def _uuid_sql() -> str:
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    # Django keeps UUIDs on SQLite as 32 hex characters.
    return "lower(hex(randomblob(16)))"


def _invitation_sql() -> str:
    # Only the vendor's fixed UUID expression is interpolated; every value is a query parameter.
    return f"""
        INSERT INTO followup_letter (external_id, kind, patient_id, plan_id, visit_id, due_date, status, created_at)
        SELECT {_uuid_sql()}, 'invitation', p.patient_id, v.plan_id, v.id, v.due_date, 'queued', %s
        FROM followup_visit v JOIN followup_followupplan p ON p.id = v.plan_id
        WHERE v.status = 'planned' AND v.invite_from <= %s AND v.window_end >= %s AND p.status = 'active'
        ON CONFLICT DO NOTHING
    """  # noqa: S608


OVERDUE_SQL = """
    INSERT INTO followup_overduealert (visit_id, plan_id, clinician_id, window_end, status, created_at)
    SELECT v.id, v.plan_id, p.responsible_clinician_id, v.window_end, 'open', %s
    FROM followup_visit v JOIN followup_followupplan p ON p.id = v.plan_id
    WHERE v.status IN ('planned', 'invited', 'booked') AND v.window_end < %s AND p.status = 'active'
    ON CONFLICT DO NOTHING
"""


def reminder_scan(*, today: date) -> ScanResult:
    """Daily, idempotent, set-based: a fixed handful of statements whatever the number of plans.

    1. sweep: stop plans of deceased patients / tumours with a recurrence however the change was made;
    2. queue an invitation letter for each planned visit that entered its invitation window;
    3. raise an overdue alert for each open visit past its window;
    4. resolve alerts whose visit was closed or moved.
    An overdue visit is not marked "missed" automatically: it may have happened without being recorded, so the
    responsible clinician decides (conservative). A plan built late (surgery long ago) therefore shows its past,
    unrecorded visits as overdue at once: nobody is silently skipped.
    Uniqueness is enforced by the database (unique constraints + ON CONFLICT DO NOTHING), so running the scan
    twice, or twice at the same time, creates every reminder once. (No NOT EXISTS pre-filter: on a freshly
    emptied or unanalysed table PostgreSQL plans it as a nested loop that re-reads the rows the same statement
    is inserting, quadratic; the unique index answers each candidate with one lookup instead.)
    """
    live = (PlanStatus.ACTIVE, PlanStatus.NO_ROUTINE)
    deceased = plans_stop(plans=FollowUpPlan.objects.filter(status__in=live, patient__date_of_death__isnull=False),
                          reason=StopReason.DECEASED)
    recurrence = plans_stop(
        plans=FollowUpPlan.objects.filter(status__in=live, tumour__status__in=STOPPING_TUMOUR_STATUSES),
        reason=StopReason.RECURRENCE)
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    day = ops.adapt_datefield_value(today)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_invitation_sql(), [now, day, day])
        invitations = max(cursor.rowcount, 0)
        cursor.execute(OVERDUE_SQL, [now, day])
        alerts = max(cursor.rowcount, 0)
    resolved = (
        OverdueAlert.objects.filter(status=AlertStatus.OPEN)
        .filter(~Q(visit__status__in=OPEN_VISIT_STATUSES) | ~Q(visit__window_end=F("window_end")))
        .update(status=AlertStatus.RESOLVED, resolved_at=timezone.now())
    )
    return ScanResult(deceased, recurrence, invitations, alerts, resolved)


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


def followup_item_statuses(tumours: list[Tumour]) -> dict[int, dict[str, Any]]:
    """What the follow-up record shows about the pathway's follow-up items (registered for zorgpad.pathway):
    a plan that is not stopped (routine, or 'no routine follow-up' recorded) = done."""
    from zorgpad.pathways.vocabulary import ItemStatus

    live = FollowUpPlan.objects.filter(tumour__in=[t.pk for t in tumours]).exclude(status=PlanStatus.STOPPED)
    codes = ("lms.followup", "lms.cutaneous.no-routine-followup", "mel.followup.in-situ-ia", "mel.followup.iiia-small",
             "mel.followup.iiib-d-no-adjuvant", "mel.followup.adjuvant-ct")
    return {tumour_id: dict.fromkeys(codes, ItemStatus.DONE) for tumour_id in live.values_list("tumour_id", flat=True)}
