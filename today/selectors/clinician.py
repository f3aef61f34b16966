"""The clinician's start page: open pathway items and alerts of their patients, referrals waiting for triage,
biopsy results due for discussion, overdue follow-up visits, their cases on the coming MDOs."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When

from followup.models import AlertStatus, OverdueAlert
from mdo.models import CaseStatus, MdoCase, SessionStatus
from referrals.models import FirstVisitChecklist, Referral, ReferralStatus, Urgency
from today.selectors.common import living, my_patients, paginate
from zorgpad.pathway.models import PathwayItem
from zorgpad.pathway.selectors import OPEN_STATUSES, ItemRow, patients_pathway_pages
from zorgpad.pathways.base import Recommendation
from zorgpad.pathways.vocabulary import SEVERITY_ORDER, Severity
from zorgpad.patients.models import Patient


@dataclass(frozen=True)
class PatientWork:
    """A patient with open pathway items: the alerts (danger first) and the open items, as the patient page
    shows them."""

    patient: Patient
    alerts: list[Recommendation]
    items: list[ItemRow]

    @property
    def worst(self) -> int:
        severities = [SEVERITY_ORDER[a.severity] for a in self.alerts]
        severities += [SEVERITY_ORDER[Severity(row.severity)] for row in self.items]
        return min(severities, default=len(SEVERITY_ORDER))


def open_work_page(*, user: Any, everyone: bool, page: Any, today: date) -> Page:
    """Living patients with at least one open pathway item (the user's patients, or all), by name; on each page
    the patients with a danger alert or item first. Alerts and items come from the pathway selectors (one
    decision per tumour, never re-decided here)."""
    open_item = PathwayItem.objects.filter(tumour__patient=OuterRef("pk"), current=True, status__in=OPEN_STATUSES)
    patients = Patient.objects.filter(living(), Exists(open_item))
    if not everyone:
        patients = patients.filter(my_patients(user))
    result = paginate(patients.order_by("family_name", "given_names", "id"), page)
    leads = patients_pathway_pages(patients=result.object_list, today=today)
    rows = [PatientWork(patient=p, alerts=leads[p.pk].alerts, items=leads[p.pk].open_items)
            for p in result.object_list]
    result.object_list = sorted(rows, key=lambda row: row.worst)
    return result


def triage_page(*, page: Any) -> Page:
    """Referrals waiting for triage (nobody's yet: every clinician's), the earliest due first, urgent first."""
    urgent_first = Case(When(urgency=Urgency.URGENT, then=Value(0)), default=Value(1), output_field=IntegerField())
    referrals = (Referral.objects.filter(living("patient__"), status=ReferralStatus.RECEIVED)
                 .select_related("patient").order_by("triage_due_on", urgent_first, "received_on", "id"))
    return paginate(referrals, page)


def biopsy_results_page(*, user: Any, everyone: bool, page: Any) -> Page:
    """Biopsy results not yet discussed with the patient, the earliest due first."""
    checklists = FirstVisitChecklist.objects.filter(
        living("patient__"), biopsy_taken_on__isnull=False, result_discussed_on__isnull=True)
    if not everyone:
        checklists = checklists.filter(my_patients(user, "patient_id"))
    return paginate(checklists.select_related("patient").order_by("result_due_on", "id"), page)


def overdue_visits_page(*, user: Any, everyone: bool, page: Any) -> Page:
    """Follow-up visits whose window closed without a visit (the reminder scan's open alerts): those assigned to
    the user or of the user's patients, or all."""
    alerts = OverdueAlert.objects.filter(living("plan__patient__"), status=AlertStatus.OPEN)
    if not everyone:
        alerts = alerts.filter(Q(clinician=user) | my_patients(user, "plan__patient_id"))
    return paginate(alerts.select_related("visit", "plan__patient").order_by("window_end", "id"), page)


def coming_cases_page(*, user: Any, everyone: bool, page: Any, today: date) -> Page:
    """Cases registered for a coming MDO session: those the user presents or of the user's patients, or all."""
    cases = MdoCase.objects.filter(living("patient__"), status=CaseStatus.REGISTERED,
                                   session__status=SessionStatus.PLANNED, session__date__gte=today)
    if not everyone:
        cases = cases.filter(Q(presenting_clinician=user) | my_patients(user, "patient_id"))
    return paginate(cases.select_related("patient", "tumour", "session__mdo_type")
                    .order_by("session__date", "session__start_time", "position", "id"), page)
