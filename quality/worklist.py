"""The waiting-time worklist: patients at risk or late on a waiting time, sorted by how late. Set-based: one
query per kind of waiting (and pathway), whatever the number of patients; the rows that qualify are few."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Exists, OuterRef, Q

from followup.models import OPEN_VISIT_STATUSES, Visit
from quality.episodes import episode_field, referral_in_pathway, treatment_started, tumour_in_pathway
from quality.models import Milestone, TumourEpisode
from quality.norms import REFERRAL_PATHWAY_ID, PathwayNorms, holidays_around, norms_for
from quality.rules.norms import Interval, Norm, Status, add, subtract
from referrals.models import FirstVisitChecklist, Referral, ReferralStatus
from zorgpad.pathways import registry
from zorgpad.patients.models import Tumour, TumourStatus

OPEN_REFERRAL = (ReferralStatus.RECEIVED, ReferralStatus.TRIAGED, ReferralStatus.APPOINTMENT_PLANNED)
WAITING_FOR_TREATMENT = (TumourStatus.SUSPECTED, TumourStatus.DIAGNOSED)


@dataclass(frozen=True)
class WorklistRow:
    patient_external_id: Any
    patient_name: str
    hospital_number: str
    milestone: str
    label: Any
    pathway_id: str
    started_on: date
    due: date
    status: Status
    days_late: int  # negative: days left

    @property
    def days_left(self) -> int:
        return max(0, -self.days_late)


def _cutoff(today: date, norm: Norm, margin: Norm | None, holidays: frozenset[date]) -> date:
    """The latest start whose due date falls within the margin from today (at risk) or before (late)."""
    horizon = add(today, margin, holidays) if margin is not None else today
    return subtract(horizon, norm, holidays)


def _alive(prefix: str, today: date) -> Q:
    return Q(**{f"{prefix}date_of_death__isnull": True}) | Q(**{f"{prefix}date_of_death__gt": today})


def waiting_worklist(*, today: date, pathway_id: str = "") -> list[WorklistRow]:
    """At risk or late, most late first. Norms not recorded by the centre: that waiting time is not listed."""
    pathway_ids = [d.id for d in registry.definitions()]
    if pathway_id:
        pathway_ids = [p for p in pathway_ids if p == pathway_id]
    norms = norms_for({*pathway_ids, REFERRAL_PATHWAY_ID})
    holidays = holidays_around(today)
    rows: list[WorklistRow] = []

    def add_row(patient: Any, milestone: str, pid: str, start: date, norm: Norm, pn: PathwayNorms) -> None:
        due = add(start, norm, holidays)
        status = Status.LATE if today > due else Status.AT_RISK
        rows.append(WorklistRow(patient.external_id, patient.display_name, patient.hospital_number, milestone,
                                Milestone(milestone).label, pid, start, due, status, (today - due).days))

    for pid in pathway_ids:
        pn = norms[pid]
        fv = pn.norm(Interval.FIRST_VISIT)
        if fv is not None:
            qs = (Referral.objects.filter(referral_in_pathway(pid), first_visit_on__isnull=True,
                                          status__in=OPEN_REFERRAL,
                                          received_on__lte=_cutoff(today, fv, pn.margin, holidays))
                  .filter(_alive("patient__", today)).select_related("patient"))
            for r in qs:
                add_row(r.patient, Milestone.FIRST_VISIT, pid, r.received_on, fv, pn)
        dx = pn.norm(Interval.DIAGNOSIS)
        if dx is not None:
            has_tumour = Exists(Tumour.objects.filter(patient_id=OuterRef("patient_id"),
                                                      date_of_diagnosis__gte=OuterRef("received_on")))
            linked = Exists(TumourEpisode.objects.filter(referral_id=OuterRef("pk")))
            no_biopsy = Exists(FirstVisitChecklist.objects.filter(referral_id=OuterRef("pk"), biopsy_needed=False))
            result_known = Exists(FirstVisitChecklist.objects.filter(referral_id=OuterRef("pk"),
                                                                     result_discussed_on__isnull=False))
            qs = (Referral.objects.filter(referral_in_pathway(pid), first_visit_on__isnull=False,
                                          first_visit_on__lte=_cutoff(today, dx, pn.margin, holidays))
                  .exclude(status__in=(ReferralStatus.REJECTED, ReferralStatus.REDIRECTED, ReferralStatus.CLOSED))
                  .exclude(has_tumour).exclude(linked).exclude(no_biopsy).exclude(result_known)
                  .filter(_alive("patient__", today)).select_related("patient"))
            for r in qs:
                assert r.first_visit_on is not None
                add_row(r.patient, Milestone.DIAGNOSIS, pid, r.first_visit_on, dx, pn)
        tx = pn.norm(Interval.TREATMENT)
        if tx is not None:
            # The candidates first (a short list of ids), so that the episode and treatment subqueries run on
            # them only.
            waiting = list(Tumour.objects.filter(status__in=WAITING_FOR_TREATMENT).filter(_alive("patient__", today))
                           .filter(tumour_in_pathway(pid)).values_list("pk", flat=True))
            tumours = (Tumour.objects.filter(pk__in=waiting)
                       .annotate(first_visit=episode_field("first_visit_on"), started=treatment_started())
                       .filter(started__isnull=True, first_visit__isnull=False,
                               first_visit__lte=_cutoff(today, tx, pn.margin, holidays))
                       .select_related("patient"))
            for t in tumours:
                add_row(t.patient, Milestone.TREATMENT, pid, t.first_visit, tx, pn)
        horizon = add(today, pn.margin, holidays) if pn.margin is not None else today
        visits = (Visit.objects.filter(plan__pathway_id=pid, status__in=OPEN_VISIT_STATUSES,
                                       window_end__lte=horizon)
                  .filter(_alive("plan__patient__", today)).select_related("plan__patient"))
        for v in visits:
            due = v.window_end
            rows.append(WorklistRow(v.plan.patient.external_id, v.plan.patient.display_name,
                                    v.plan.patient.hospital_number, Milestone.FOLLOWUP, Milestone.FOLLOWUP.label,
                                    pid, v.window_start, due, Status.LATE if today > due else Status.AT_RISK,
                                    (today - due).days))
    rows.sort(key=lambda r: (-r.days_late, r.patient_name, r.milestone))
    return rows


def worklist_counts(rows: list[WorklistRow]) -> dict[str, int]:
    late = sum(r.status is Status.LATE for r in rows)
    return {"late": late, "at_risk": len(rows) - late}


