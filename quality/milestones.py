"""Milestones of one patient: per referral episode and tumour, referral received -> first visit -> diagnosis ->
MDO discussion -> start of treatment -> follow-up, each with its date, the norm that applies and its status."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from followup.models import OPEN_VISIT_STATUSES, Visit, VisitStatus
from quality.episodes import episode_referral_id, first_discussed, treatment_started
from quality.models import Milestone, MilestoneDeviation
from quality.norms import REFERRAL_PATHWAY_ID, holidays_around, norms_for
from quality.rules.norms import Interval, Judgement, Norm, Status, judge, subtract
from referrals.models import FirstVisitChecklist, Referral, ReferralStatus
from zorgpad.pathway.models import PathwayItem
from zorgpad.pathways.vocabulary import ItemStatus
from zorgpad.patients.models import Patient, Tumour

CLOSED_REFERRAL = (ReferralStatus.REJECTED, ReferralStatus.REDIRECTED)


@dataclass(frozen=True)
class MilestoneRow:
    code: str
    label: Any
    on: date | None  # the day it happened (None: not yet)
    norm: Norm | None
    due: date | None
    status: Status
    days_late: int = 0
    reason: str = ""  # not applicable: why; or a deviation's reason code
    deviation: MilestoneDeviation | None = None

    @property
    def accounted(self) -> bool:
        """Late with a recorded reason: accounted for, not a miss."""
        return self.status is Status.LATE and self.deviation is not None


@dataclass
class Episode:
    referral: Referral | None
    tumour: Tumour | None
    pathway_id: str
    rows: list[MilestoneRow] = field(default_factory=list)


def mdo_needed_map(tumour_ids: list[int]) -> dict[int, PathwayItem]:
    """The tumours whose pathway asks for the MDO: a current item `<pathway>.mdo` (its status tells deviations)."""
    items = PathwayItem.objects.filter(tumour_id__in=tumour_ids, current=True, code__endswith=".mdo")
    return {i.tumour_id: i for i in items if i.code == f"{i.pathway_id}.mdo"}


def patient_milestones(*, patient: Patient, today: date) -> list[Episode]:
    """Constant number of queries whatever the number of episodes and tumours."""
    referrals = list(Referral.objects.filter(patient=patient).order_by("received_on", "id"))
    # The episode, the first discussion and the start of treatment as the indicators define them (quality.episodes).
    tumours = list(Tumour.objects.filter(patient=patient)
                   .annotate(episode_ref=episode_referral_id(), mdo_on=first_discussed(), treated=treatment_started())
                   .order_by("date_of_diagnosis", "id"))
    tumour_ids = [t.pk for t in tumours]
    checklists = {c.referral_id: c for c in FirstVisitChecklist.objects.filter(patient=patient)}
    pathways = dict(PathwayItem.objects.filter(tumour_id__in=tumour_ids, current=True)
                    .values_list("tumour_id", "pathway_id"))
    mdo_items = mdo_needed_map(tumour_ids)
    visits = list(Visit.objects.filter(plan__tumour_id__in=tumour_ids).exclude(status=VisitStatus.CANCELLED)
                  .select_related("plan").order_by("due_date", "id"))
    deviations: dict[tuple[int, str], MilestoneDeviation] = {}
    for d in MilestoneDeviation.objects.filter(referral__patient=patient).order_by("recorded_at", "id"):
        deviations[(d.referral_id, d.milestone)] = d
    norms = norms_for({REFERRAL_PATHWAY_ID, *pathways.values()})
    holidays = holidays_around(today)
    deceased = patient.date_of_death is not None and patient.date_of_death <= today

    by_referral: dict[int | None, list[Tumour]] = {}
    for t in tumours:
        by_referral.setdefault(t.episode_ref, []).append(t)

    episodes: list[Episode] = []
    for referral in [*referrals, None]:
        episode_tumours: list[Tumour | None] = list(by_referral.get(referral.pk if referral else None, []))
        if referral is not None and not episode_tumours:
            episode_tumours = [None]
        for tumour in episode_tumours:
            pid = pathways.get(tumour.pk, REFERRAL_PATHWAY_ID) if tumour else REFERRAL_PATHWAY_ID
            pn = norms[pid]

            dev_id = referral.pk if referral else None
            stopped = deceased or (referral is not None and referral.status in CLOSED_REFERRAL)
            received = referral.received_on if referral else None
            first = referral.first_visit_on if referral else None
            rows: list[MilestoneRow] = []

            def row(code: str, on: date | None, j: Judgement, norm: Norm | None,
                    stopped: bool = stopped, dev_id: int | None = dev_id) -> MilestoneRow:
                return _row(code, on, j, norm, stopped=stopped, deceased=deceased,
                            deviation=deviations.get((dev_id, code)) if dev_id is not None else None)

            rows.append(MilestoneRow(Milestone.REFERRAL, Milestone.REFERRAL.label, received, None, None,
                                     Status.NOT_APPLICABLE, reason="anchor" if received else "no_referral"))
            fv_norm = pn.norm(Interval.FIRST_VISIT)
            rows.append(row(Milestone.FIRST_VISIT, first, judge(start=received, done=first, norm=fv_norm,
                                                                margin=pn.margin, today=today, holidays=holidays),
                            fv_norm))
            dx_norm = pn.norm(Interval.DIAGNOSIS)
            checklist = checklists.get(referral.pk if referral else None)
            if tumour is not None:
                dx_on: date | None = tumour.date_of_diagnosis
            else:
                dx_on = checklist.result_discussed_on if checklist else None
            if tumour is None and checklist is not None and checklist.biopsy_needed is False:
                dx = Judgement(Status.NOT_APPLICABLE, None, 0, "no_biopsy")
            else:
                dx = judge(start=first, done=dx_on, norm=dx_norm, margin=pn.margin, today=today,
                           holidays=holidays)
            rows.append(row(Milestone.DIAGNOSIS, dx_on, dx, dx_norm))
            if tumour is None:
                episodes.append(Episode(referral, None, pid, rows))
                continue
            treated: date | None = tumour.treated  # type: ignore[attr-defined]
            mdo_item = mdo_items.get(tumour.pk)
            mdo_on: date | None = tumour.mdo_on  # type: ignore[attr-defined]
            if mdo_item is None:
                mdo = Judgement(Status.NOT_APPLICABLE, None, 0, "mdo_not_needed")
            elif mdo_item.status in (ItemStatus.DEVIATED, ItemStatus.NOT_APPLICABLE) and mdo_on is None:
                mdo = Judgement(Status.NOT_APPLICABLE, None, 0, mdo_item.reason_code or mdo_item.status)
            elif mdo_on is not None and (treated is None or mdo_on <= treated):
                mdo = Judgement(Status.ON_TIME, treated, 0)
            elif treated is not None:
                mdo = Judgement(Status.LATE, treated, max(0, ((mdo_on or today) - treated).days))
            else:
                mdo = Judgement(Status.ON_TIME, None, 0)
            rows.append(row(Milestone.MDO, mdo_on, mdo, None))
            tx_norm = pn.norm(Interval.TREATMENT)
            rows.append(row(Milestone.TREATMENT, treated, judge(start=first, done=treated, norm=tx_norm,
                                                               margin=pn.margin, today=today, holidays=holidays),
                            tx_norm))
            rows.append(row(Milestone.FOLLOWUP, *_followup(visits, tumour.pk, pn.margin, today, holidays)))
            episodes.append(Episode(referral, tumour, pid, rows))
    return episodes


def _row(code: str, on: date | None, j: Judgement, norm: Norm | None, *, stopped: bool, deceased: bool,
         deviation: MilestoneDeviation | None) -> MilestoneRow:
    """A milestone still to come of a deceased patient or a rejected referral: not applicable. Late with a
    recorded deviation: its reason is shown and it is accounted for."""
    status, reason = j.status, j.reason
    if stopped and on is None and status is not Status.NOT_APPLICABLE:
        status, reason = Status.NOT_APPLICABLE, "deceased" if deceased else "referral_closed"
    late = status is Status.LATE
    return MilestoneRow(code, Milestone(code).label, on, norm, j.due, status, j.days_late if late else 0,
                        deviation.reason_code if deviation and late else reason, deviation if late else None)


def _followup(visits: list[Visit], tumour_id: int, margin: Norm | None, today: date,
              holidays: frozenset[date]) -> tuple[date | None, Judgement, None]:
    """The next open visit against its window (late after the window, at risk from the margin before its end);
    when none is open, the last done visit (on time when done within its window)."""
    own = [v for v in visits if v.plan.tumour_id == tumour_id]
    open_ = [v for v in own if v.status in OPEN_VISIT_STATUSES]
    if open_:
        v = open_[0]
        if today > v.window_end:
            return None, Judgement(Status.LATE, v.window_end, (today - v.window_end).days), None
        if margin is not None and today >= subtract(v.window_end, margin, holidays):
            return None, Judgement(Status.AT_RISK, v.window_end, 0), None
        return None, Judgement(Status.ON_TIME, v.window_end, 0), None
    done = [v for v in own if v.status == VisitStatus.DONE and v.done_on]
    if done:
        v = done[-1]
        assert v.done_on is not None
        ok = v.window_start <= v.done_on <= v.window_end
        return v.done_on, Judgement(Status.ON_TIME if ok else Status.LATE, v.window_end,
                                    0 if ok else max(0, (v.done_on - v.window_end).days)), None
    return None, Judgement(Status.NOT_APPLICABLE, None, 0, "no_followup"), None
