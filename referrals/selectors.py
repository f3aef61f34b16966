"""Reads for referrals. A read of one referral (a patient's record) is audit-logged here."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Prefetch, QuerySet
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
    awaiting_triage: list[DueRow]
    in_progress: list[Referral]
    biopsy_results: list[DueRow]

    @property
    def overdue_count(self) -> int:
        return sum(row.overdue for row in (*self.awaiting_triage, *self.biopsy_results))

    @property
    def patient_external_ids(self) -> list[Any]:
        """Every patient the worklist shows (for the audit log)."""
        return [*(row.item.patient.external_id for row in self.awaiting_triage),
                *(referral.patient.external_id for referral in self.in_progress),
                *(row.item.patient.external_id for row in self.biopsy_results)]


def _due_rows(items: list[Any], due_attr: str, today: date) -> list[DueRow]:
    dues = [getattr(item, due_attr) for item in items]
    calendar = dutch_public_holidays(range(min([today, *dues]).year, max([today, *dues]).year + 1))
    rows = [
        DueRow(item=item, due=due, overdue=due < today,
               working_days_left=working_days_between(today, due, calendar))
        for item, due in zip(items, dues, strict=True)
    ]
    return sorted(rows, key=lambda r: (r.due, getattr(r.item, "urgency", "") != "urgent", r.item.pk))


def worklist_get(*, today: date, include_biopsies: bool = True) -> Worklist:
    """What is waiting: referrals to triage (overdue first), referrals in progress, biopsy results to discuss.

    Three queries whatever the number of rows.
    """
    waiting = list(Referral.objects.select_related("patient").filter(status=ReferralStatus.RECEIVED))
    in_progress = list(
        Referral.objects.select_related("patient")
        .filter(status__in=(ReferralStatus.TRIAGED, ReferralStatus.APPOINTMENT_PLANNED))
        # Not yet planned first (they wait for an appointment), then by appointment date.
        .order_by(F("appointment_on").asc(nulls_first=True), "received_on", "id")
    )
    biopsies: list[FirstVisitChecklist] = []
    if include_biopsies:
        biopsies = list(
            FirstVisitChecklist.objects.select_related("patient")
            .filter(biopsy_taken_on__isnull=False, result_discussed_on__isnull=True)
        )
    return Worklist(
        awaiting_triage=_due_rows(waiting, "triage_due_on", today),
        in_progress=in_progress,
        biopsy_results=_due_rows(biopsies, "result_due_on", today),
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
