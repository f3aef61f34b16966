"""Stopping follow-up plans when the record says routine follow-up no longer applies (the patient died, or a
recurrence or metastasis was recorded): open visits and queued letters cancelled, open alerts resolved, the reason
kept. Called by the patient and tumour hooks and by the daily reminder scan's sweep."""

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_noop

from followup.models import (
    OPEN_VISIT_STATUSES,
    AdjustmentAction,
    AlertStatus,
    FollowUpPlan,
    Letter,
    LetterStatus,
    OverdueAlert,
    PlanAdjustment,
    PlanStatus,
    StopReason,
    Visit,
    VisitStatus,
)
from followup.services import ALLOWED_TRANSITIONS, STOPPING_TUMOUR_STATUSES
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.patients.models import Patient, Tumour

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
