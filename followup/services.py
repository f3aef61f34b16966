"""Writes of the follow-up app about plans: the plan templates, building a plan, adjusting it, and the visits'
status changes. Stopping plans (death, recurrence) is in followup.stop_services, the daily reminder scan in
followup.reminder_services, generated documents, letters and print runs in followup.letter_services."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from followup.models import (
    OPEN_VISIT_STATUSES,
    AdjustmentAction,
    AlertStatus,
    FollowUpPlan,
    Letter,
    LetterKind,
    LetterStatus,
    OverdueAlert,
    PlanAdjustment,
    PlanStatus,
    PlanTemplate,
    Visit,
    VisitItem,
    VisitKind,
    VisitStatus,
)
from followup.rules import schedule as rules
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathway import selectors as pathway_selectors
from zorgpad.pathway.services import pathway_items_sync
from zorgpad.pathways.base import BaselineItem, FollowupSchedule
from zorgpad.pathways.facts import CentreFacts
from zorgpad.patients.models import Tumour, TumourStatus

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


def followup_item_statuses(tumours: list[Tumour]) -> dict[int, dict[str, Any]]:
    """What the follow-up record shows about the pathway's follow-up items (registered for zorgpad.pathway):
    a plan that is not stopped (routine, or 'no routine follow-up' recorded) = done."""
    from zorgpad.pathways.vocabulary import ItemStatus

    live = FollowUpPlan.objects.filter(tumour__in=[t.pk for t in tumours]).exclude(status=PlanStatus.STOPPED)
    codes = ("lms.followup", "lms.cutaneous.no-routine-followup", "mel.followup.in-situ-ia", "mel.followup.iiia-small",
             "mel.followup.iiib-d-no-adjuvant", "mel.followup.adjuvant-ct")
    return {tumour_id: dict.fromkeys(codes, ItemStatus.DONE) for tumour_id in live.values_list("tumour_id", flat=True)}
