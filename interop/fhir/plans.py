"""The follow-up plan and the MDO as FHIR: a CarePlan per follow-up plan (its visits as activities with their
windows and status); per MDO case an Encounter for the meeting with its participants and, once advice was
recorded, a CarePlan for the decision and its next step.

The MDO shapes follow the Dutch draft model of the multidisciplinary team meeting (zib2020 draft
MultidisciplinaryTeamMeeting, Nictiz/Nictiz-R4-zib2020 branch zib-MultidisciplinaryTeamMeeting:
nl-core-MultidisciplinaryTeamMeeting is an Encounter, nl-core-MultidisciplinaryTeamMeeting.Plan a CarePlan).
They are drafts, so their profiles are not claimed.
"""

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext

from followup.models import FollowUpPlan, Visit
from interop.fhir import codes
from interop.fhir.resources import Resource, coding, concept, ref
from mdo.patient_selectors import PatientCaseRow
from zorgpad.patients.models import Patient

PLAN_STATUS = {"active": "active", "no_routine": "completed", "stopped": "revoked"}
# CarePlan.activity.detail.status (R4 care-plan-activity-status); a missed visit did not happen: cancelled, with
# the reason as text.
VISIT_STATUS = {"planned": "not-started", "invited": "scheduled", "booked": "scheduled", "done": "completed",
                "missed": "cancelled", "cancelled": "cancelled"}


def _visit_activity(visit: Visit) -> dict[str, Any]:
    items = ", ".join(str(i) for i in visit.items) if visit.items else ""
    label = str(visit.get_kind_display())
    detail: dict[str, Any] = {
        "status": VISIT_STATUS.get(visit.status, "unknown"),
        "description": f"{label} {visit.sequence}: {items}" if items else f"{label} {visit.sequence}",
        "scheduledPeriod": {"start": visit.window_start.isoformat(), "end": visit.window_end.isoformat()},
    }
    if visit.status == "missed":
        detail["statusReason"] = concept(gettext("missed"))
    elif visit.status == "cancelled" and visit.cancel_reason:
        detail["statusReason"] = concept(visit.cancel_reason)
    return {"detail": detail}


def followup_careplan(plan: FollowUpPlan, patient: Patient) -> Resource:
    resource: Resource = {
        "resourceType": "CarePlan",
        "id": str(plan.external_id),
        "status": PLAN_STATUS.get(plan.status, "unknown"),
        "intent": "plan",
        "title": plan.template.name if plan.template is not None else gettext("Follow-up plan"),
        "category": [concept(gettext("Follow-up"))],
        "subject": ref("Patient", patient.external_id),
        "addresses": [ref("Condition", plan.tumour.external_id)],
        "created": plan.created_at.isoformat(),
        "activity": [_visit_activity(v) for v in plan.visits.all()],
    }
    if plan.anchor_date or plan.ends_on:
        resource["period"] = {k: v.isoformat() for k, v in (("start", plan.anchor_date), ("end", plan.ends_on)) if v}
    if plan.pathway_id:
        resource["description"] = f"{plan.pathway_id} {plan.pathway_version}".strip()
    if not resource["activity"]:
        del resource["activity"]
    return resource


def _meeting_start(row: PatientCaseRow) -> str:
    """FHIR dateTimes with a time carry the zone: the meeting's own (the MDO type's time zone)."""
    session = row.case.session
    zone = ZoneInfo(session.mdo_type.timezone or "Europe/Amsterdam")
    return datetime.combine(session.date, session.start_time or time(0), tzinfo=zone).isoformat()


def mdo_encounter(row: PatientCaseRow, patient: Patient, today: Any) -> Resource:
    """The meeting where the case was discussed (or is to be): type SNOMED 384682003 as the zib draft; the
    participants as recorded in the decision (name and specialty; they are not Zorgpad users)."""
    case, session = row.case, row.case.session
    if case.status == "withdrawn" or session.status == "cancelled":
        status = "cancelled"
    elif case.status == "discussed" or session.status == "held" or session.date < today:
        status = "finished"
    else:
        status = "planned"
    resource: Resource = {
        "resourceType": "Encounter",
        "id": str(case.external_id),
        "status": status,
        # Encounter.class is required in R4; no code of v3-ActCode fits a meeting without the patient: display only.
        "class": {"display": "multidisciplinair overleg"},
        "type": [concept(session.mdo_type.name, coding(codes.SNOMED, *codes.MDO_ENCOUNTER_TYPE))],
        "subject": ref("Patient", patient.external_id),
        "period": {"start": _meeting_start(row)},
        "reasonReference": [ref("Condition", case.tumour.external_id)],
    }
    attendees = row.decision.attendees if row.decision is not None else []
    if attendees:
        resource["participant"] = [
            {"type": [concept(str(a.get("specialty", "")) or gettext("participant"))],
             "individual": {"display": str(a.get("name", ""))}} for a in attendees if a.get("name")]
    if session.location:
        resource["location"] = [{"location": {"display": session.location}}]
    return resource


def mdo_careplan(row: PatientCaseRow, patient: Patient) -> Resource | None:
    """The MDO's decision (as amended last) and its next step; None while no advice was recorded."""
    decision = row.decision
    if decision is None:
        return None
    advice = row.effective
    description = advice.text or ""
    resource: Resource = {
        "resourceType": "CarePlan",
        "id": str(decision.external_id),
        "status": "active" if decision.is_final else "draft",
        "intent": "plan",
        "title": gettext("MDO decision"),
        "category": [concept(gettext("Multidisciplinary team meeting"))],
        "subject": ref("Patient", patient.external_id),
        "encounter": ref("Encounter", row.case.external_id),
        "addresses": [ref("Condition", row.case.tumour.external_id)],
        "created": decision.created_at.isoformat(),
    }
    if description:
        resource["description"] = description
    if advice.intent:
        resource["note"] = [{"text": f"{gettext('intent')}: {advice.get_intent_display()}"}]
    if labels := advice.next_step_labels:  # one activity per next step the meeting decided
        resource["activity"] = [{"detail": {"status": "not-started", "description": label}} for label in labels]
    return resource
