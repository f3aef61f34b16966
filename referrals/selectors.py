"""Reads for referrals. A read of one referral (a patient's record) is audit-logged here."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Prefetch, QuerySet, Value, When
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from referrals.models import FirstVisitChecklist, Referral, ReferralStatus, ReferralTransition, TriageOverride
from referrals.rules.working_days import dutch_public_holidays, working_days_between
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathways.lms_2026_03 import triage

OPEN_STATUSES = (ReferralStatus.RECEIVED, ReferralStatus.TRIAGED, ReferralStatus.APPOINTMENT_PLANNED)


def referral_triage_input(referral: Referral) -> triage.TriageInput:
    return triage.TriageInput(
        phase=triage.Phase(referral.phase) if referral.phase else None,
        tertiary_route=triage.TertiaryRoute(referral.tertiary_route) if referral.tertiary_route else None,
        external_biopsy=referral.external_biopsy,
    )


def referral_advice(referral: Referral) -> triage.TriageAdvice:
    """The pathway's advice for this referral (pure rules; no queries)."""
    return triage.advise(referral_triage_input(referral))


def referral_list(*, status: str | None = None, phase: str | None = None, overdue: bool | None = None,
                  today: date) -> QuerySet[Referral]:
    qs = Referral.objects.select_related("patient")
    if status:
        qs = qs.filter(status=status)
    if phase:
        qs = qs.filter(phase=phase)
    if overdue is True:
        qs = qs.filter(status=ReferralStatus.RECEIVED, triage_due_on__lt=today)
    elif overdue is False:
        qs = qs.exclude(status=ReferralStatus.RECEIVED, triage_due_on__lt=today)
    return qs.order_by("received_on", "id")


def referral_get(*, external_id: Any, user: Any, request: HttpRequest | None = None, detail: str = "") -> Referral:
    referral = get_object_or_404(
        Referral.objects.select_related("patient", "registered_by").prefetch_related(
            Prefetch("transitions", queryset=ReferralTransition.objects.select_related("by").order_by("at", "id")),
            Prefetch("overrides", queryset=TriageOverride.objects.select_related("by").order_by("at", "id")),
        ),
        external_id=external_id,
    )
    audit_record(user=user, action=AuditAction.VIEW, patient=referral.patient, obj=referral, detail=detail,
                 request=request)
    return referral


@dataclass(frozen=True)
class DueRow:
    item: Any  # a Referral or a FirstVisitChecklist
    due: date
    overdue: bool
    working_days_left: int  # negative: working days overdue

    @property
    def working_days_overdue(self) -> int:
        return max(0, -self.working_days_left)


@dataclass(frozen=True)
class Worklist:
    """One page of each section (`awaiting_triage`, `in_progress`, `biopsy_results` hold the rows of that page;
    `*_page` the page with its paginator, for the pager and the totals) and the number overdue over all pages."""

    awaiting_triage: list[DueRow]
    in_progress: list[Referral]
    biopsy_results: list[DueRow]
    overdue_count: int = 0
    triage_page: Page | None = None
    in_progress_page: Page | None = None
    biopsy_page: Page | None = None

    @property
    def patient_external_ids(self) -> list[Any]:
        """Every patient the worklist shows (for the audit log)."""
        return [*(row.item.patient.external_id for row in self.awaiting_triage),
                *(referral.patient.external_id for referral in self.in_progress),
                *(row.item.patient.external_id for row in self.biopsy_results)]


def _due_rows(items: list[Any], due_attr: str, today: date) -> list[DueRow]:
    """The rows of one page, in the page's (database) order: overdue first, then urgent first within a day."""
    if not items:
        return []
    dues = [getattr(item, due_attr) for item in items]
    calendar = dutch_public_holidays(range(min([today, *dues]).year, max([today, *dues]).year + 1))
    return [
        DueRow(item=item, due=due, overdue=due < today,
               working_days_left=working_days_between(today, due, calendar))
        for item, due in zip(items, dues, strict=True)
    ]


WORKLIST_PAGE_SIZE = 25  # a section of a worklist is read at a glance; the next page is one click


def _page(items: QuerySet[Any], number: Any, per_page: int) -> Page:
    page = Paginator(items, per_page).get_page(number)
    page.object_list = list(page.object_list)
    return page


def worklist_get(*, today: date, include_biopsies: bool = True, triage_page: Any = 1, in_progress_page: Any = 1,
                 biopsy_page: Any = 1, per_page: int = WORKLIST_PAGE_SIZE) -> Worklist:
    """What is waiting, one page of each: referrals to triage (overdue first, urgent first within a day), referrals
    in progress (not yet planned first, then by appointment), biopsy results to discuss (earliest due first).

    Sorted and paginated in the database: a count and a page per section and one count of the overdue, whatever
    the number of rows (the working days are computed for the rows shown only).
    """
    urgent_first = Case(When(urgency="urgent", then=Value(0)), default=Value(1), output_field=IntegerField())
    waiting = (Referral.objects.select_related("patient").filter(status=ReferralStatus.RECEIVED)
               .order_by("triage_due_on", urgent_first, "id"))
    in_progress = (
        Referral.objects.select_related("patient")
        .filter(status__in=(ReferralStatus.TRIAGED, ReferralStatus.APPOINTMENT_PLANNED))
        # Not yet planned first (they wait for an appointment), then by appointment date.
        .order_by(F("appointment_on").asc(nulls_first=True), "received_on", "id")
    )
    biopsies = (FirstVisitChecklist.objects.select_related("patient")
                .filter(biopsy_taken_on__isnull=False, result_discussed_on__isnull=True)
                .order_by("result_due_on", "id"))
    triage = _page(waiting, triage_page, per_page)
    progress = _page(in_progress, in_progress_page, per_page)
    overdue = Referral.objects.filter(status=ReferralStatus.RECEIVED, triage_due_on__lt=today)
    biopsy: Page | None = None
    if include_biopsies:
        biopsy = _page(biopsies, biopsy_page, per_page)
        late_results = biopsies.filter(result_due_on__lt=today).order_by()
        # No ORDER BY in the parts: SQLite refuses it in a compound statement.
        overdue_count = overdue.order_by().values("id").union(late_results.values("id"), all=True).count()
    else:
        overdue_count = overdue.count()
    return Worklist(
        awaiting_triage=_due_rows(list(triage.object_list), "triage_due_on", today),
        in_progress=list(progress.object_list),
        biopsy_results=_due_rows(list(biopsy.object_list), "result_due_on", today) if biopsy is not None else [],
        overdue_count=overdue_count, triage_page=triage, in_progress_page=progress, biopsy_page=biopsy,
    )


@dataclass(frozen=True)
class PatientReferralPanel:
    checklist: FirstVisitChecklist | None
    referrals: list[Referral]


def patient_referral_panel(*, patient: Any) -> PatientReferralPanel:
    """Two queries. The patient page itself has written the audit entry for this read."""
    referrals = list(Referral.objects.filter(patient=patient).order_by("-received_on", "-id"))
    checklist = checklist_current(patient=patient, referral=referrals[0] if referrals else None)
    return PatientReferralPanel(checklist=checklist, referrals=referrals)


def checklist_current(*, patient: Any, referral: Referral | None) -> FirstVisitChecklist | None:
    """The checklist of the current episode (the latest referral); a patient without any referral: the one
    without an episode. Never the open items of an older episode."""
    return (FirstVisitChecklist.objects.filter(patient=patient, referral=referral)
            .select_related("updated_by").first())


def high_risk_map(patient_ids: list[int]) -> dict[int, bool | None]:
    """The first-visit risk profile of these patients (registered with the pathways' record reader): one query."""
    # The latest episode's answer wins (rows ordered oldest first; a checklist without an episode is oldest).
    rows = (FirstVisitChecklist.objects.filter(patient_id__in=patient_ids)
            .order_by(F("referral__received_on").asc(nulls_first=True), "referral_id", "id")
            .values_list("patient_id", "high_risk"))
    return dict(rows)
