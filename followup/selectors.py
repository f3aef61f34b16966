"""Reads of the follow-up app. Reads of a patient's record are audit-logged by the caller's view/selector."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from followup.models import (
    AlertStatus,
    FollowUpPlan,
    GeneratedDocument,
    Letter,
    LetterStatus,
    OverdueAlert,
    PlanAdjustment,
    PlanTemplate,
    PrintJob,
    Visit,
    VisitItem,
)
from mdo.patient_selectors import patient_decisions
from staging.selectors import tumour_advice_map
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathways import registry
from zorgpad.patients.models import Patient


def plans_for_patient(*, patient: Patient) -> QuerySet[FollowUpPlan]:
    return (
        FollowUpPlan.objects.filter(patient=patient)
        .select_related("tumour", "template", "responsible_clinician")
        .prefetch_related(Prefetch("visits", queryset=Visit.objects.order_by("due_date", "sequence")))
        .order_by("-created_at", "-id")
    )


# The timeline's fields of a visit (followup/_timeline.html); its JSON items and windows are not shown there.
TIMELINE_VISIT_FIELDS = ("id", "plan_id", "sequence", "kind", "due_date", "status")


def patient_page_plans(*, patient: Patient) -> list[FollowUpPlan]:
    """The patient page's follow-up panel: two narrow queries. Each plan's tumour is taken from the page's
    prefetched record (`patient.tumours`) instead of joined again, and its visits carry the timeline's fields."""
    tumours = {tumour.pk: tumour for tumour in patient.tumours.all()}
    plans = list(
        FollowUpPlan.objects.filter(patient=patient)
        .select_related("template")
        .prefetch_related(Prefetch("visits", queryset=Visit.objects.only(*TIMELINE_VISIT_FIELDS)
                                   .order_by("due_date", "sequence")))
        .order_by("-created_at", "-id")
    )
    for plan in plans:
        if plan.tumour_id in tumours:
            plan.tumour = tumours[plan.tumour_id]
    return plans


def plan_get(*, external_id: Any, user: Any, request: HttpRequest | None = None) -> FollowUpPlan:
    plan = get_object_or_404(
        FollowUpPlan.objects.select_related("patient", "tumour", "template", "responsible_clinician")
        .prefetch_related(
            Prefetch("visits", queryset=Visit.objects.order_by("due_date", "sequence")),
            Prefetch("adjustments", queryset=PlanAdjustment.objects.select_related("by", "visit")),
        ),
        external_id=external_id,
    )
    audit_record(user=user, action=AuditAction.VIEW, patient=plan.patient, obj=plan, request=request)
    return plan


def visit_get(*, external_id: Any) -> Visit:
    return get_object_or_404(Visit.objects.select_related("plan__patient", "plan__template"), external_id=external_id)


def template_list() -> QuerySet[PlanTemplate]:
    return PlanTemplate.objects.filter(is_current=True).order_by("name")


def overdue_alert_list(*, user: Any, everyone: bool = False) -> QuerySet[OverdueAlert]:
    """Open overdue alerts: the user's own plus those nobody is responsible for (or all with `everyone`)."""
    qs = OverdueAlert.objects.filter(status=AlertStatus.OPEN)
    if not everyone:
        qs = qs.filter(Q(clinician=user) | Q(clinician__isnull=True))
    return qs.select_related("visit", "plan__patient", "plan__tumour", "clinician").order_by("window_end", "id")


def upcoming_visit_list(*, user: Any, today: date, until: date, everyone: bool = False) -> QuerySet[Visit]:
    qs = Visit.objects.filter(status__in=["planned", "invited", "booked"], due_date__gte=today, due_date__lte=until,
                              plan__status="active")
    if not everyone:
        qs = qs.filter(Q(plan__responsible_clinician=user) | Q(plan__responsible_clinician__isnull=True))
    return qs.select_related("plan__patient", "plan__tumour").order_by("due_date", "id")


def letter_queue() -> QuerySet[Letter]:
    from followup.letter_services import letters_printable

    return letters_printable().select_related("patient", "visit").order_by("due_date", "patient__family_name", "id")


def letter_get(*, external_id: Any) -> Letter:
    return get_object_or_404(Letter.objects.select_related("patient", "plan", "visit"), external_id=external_id)


def letters_printed_recently(*, limit: int = 50) -> QuerySet[Letter]:
    return (Letter.objects.filter(status=LetterStatus.PRINTED).select_related("patient", "printed_by")
            .order_by("-printed_at", "-id")[:limit])


def print_job_list(*, limit: int = 20) -> QuerySet[PrintJob]:
    return PrintJob.objects.select_related("requested_by", "printed_by", "result").order_by("-created_at", "-id")[
        :limit]


def print_job_get(*, external_id: Any) -> PrintJob:
    return get_object_or_404(PrintJob.objects.select_related("requested_by", "printed_by", "result"),
                             external_id=external_id)


def document_get(*, external_id: Any) -> GeneratedDocument:
    return get_object_or_404(GeneratedDocument.objects.select_related("patient", "letter"), external_id=external_id)


# --- other capabilities, through their published contracts only --------------------------------------------

def stage_advice(*, tumour_ids: list[int], today: date) -> dict[int, Any]:
    return dict(tumour_advice_map(tumour_ids=tumour_ids, today=today))


def mdo_decisions(*, patient: Patient) -> list[Any]:
    return list(patient_decisions(patient=patient))


# --- the patient-page timeline -------------------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineDot:
    x: float
    visit: Visit
    label: str
    colour: str


STATUS_COLOURS = {"planned": "#ffffff", "invited": "#e3eff6", "booked": "#0b5c8a", "done": "#2e7d4f",
                  "missed": "#b3261e", "cancelled": "#c4cad1"}


@dataclass(frozen=True)
class PlanTimeline:
    plan: FollowUpPlan
    dots: list[TimelineDot]
    today_x: float | None
    start: date | None
    end: date | None
    anchor_x: float | None = None


TIMELINE_WIDTH = 1000.0
TIMELINE_MARGIN = 20.0


def plan_timeline(*, plan: FollowUpPlan, today: date) -> PlanTimeline:
    """x positions for an inline SVG, from the prefetched visits (no queries)."""
    visits = list(plan.visits.all())
    if not visits:
        return PlanTimeline(plan, [], None, plan.anchor_date, plan.ends_on)
    start = min([plan.anchor_date or visits[0].due_date, *(v.due_date for v in visits)])
    end = max(v.due_date for v in visits)
    span = max((end - start).days, 1)
    usable = TIMELINE_WIDTH - 2 * TIMELINE_MARGIN

    def x(day: date) -> float:
        return round(TIMELINE_MARGIN + usable * (day - start).days / span, 1)

    dots = [TimelineDot(x(v.due_date), v, f"{v.due_date:%d-%m-%Y}", STATUS_COLOURS[v.status]) for v in visits]
    today_x = x(today) if start <= today <= end else None
    anchor_x = x(plan.anchor_date) if plan.anchor_date else None
    return PlanTimeline(plan, dots, today_x, start, end, anchor_x)


def plan_pathway_notes(*, plan: FollowUpPlan, today: date) -> dict[str, Any]:
    """What the plan owes to the pathway and the centre: each baseline window (a centre decision cited with its
    date, or still to be decided by the centre) and whether a newer pathway version is in force than the one the
    plan was made with."""
    labels = dict(VisitItem.choices)
    baseline = [
        {"item": labels.get(b["item"], b["item"]), "months": b.get("within_months"),
         "decided_on": date.fromisoformat(b["decided_on"]) if b.get("decided_on") else None}
        for b in plan.baseline_windows if b.get("centre_decision")
    ]
    newer = registry.newer_version(plan.pathway_id, plan.pathway_version, today) if plan.pathway_id else None
    return {"baseline": baseline, "version": plan.pathway_version,
            "newer": {"version": newer.version, "valid_from": newer.valid_from} if newer else None}
