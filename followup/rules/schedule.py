"""The follow-up schedule, as a pure rule: the care pathway decides WHETHER routine follow-up applies
(zorgpad.pathways: registry.followup_advice); this module turns that decision into a plan's visits.

The numbers (interval, duration, items, baseline) come from a PlanTemplateSpec (the pathway's schedule,
synchronised into an admin-visible template; tolerance and invitation lead are the centre's settings). Missing
inputs refuse with the input named; nothing is guessed.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from followup.rules.months import add_months
from zorgpad.pathways.base import FollowupAdvice
from zorgpad.pathways.text import gettext_noop
from zorgpad.pathways.vocabulary import FollowupDecision


class Outcome(StrEnum):
    ROUTINE = "routine"  # a plan with visits
    NO_ROUTINE = "no_routine"  # the pathway says no routine follow-up; the reason is recorded
    REFUSED = "refused"  # no plan: the pathway cannot decide, or follow-up is not routine (M1)


class Refusal(StrEnum):
    MISSING_INPUT = "missing_input"
    OUTSIDE_PATHWAY = "outside_pathway"
    INCOMPLETE_EXCISION = "incomplete_excision"
    NOT_RESECTED = "not_resected"
    CONFLICT = "conflict"
    METASTATIC = "metastatic"
    CENTRE_TO_DECIDE = "centre_to_decide"  # the sources give no schedule: the centre decides


class VisitKind(StrEnum):
    BASELINE = "baseline"
    ROUTINE = "routine"


@dataclass(frozen=True)
class BaselineItemSpec:
    item: str
    within_months: int


@dataclass(frozen=True)
class PhaseSpec:
    """A visit every `interval_months` after the previous phase's end, up to month `until_month`."""

    interval_months: int
    until_month: int
    visit_items: tuple[str, ...]


@dataclass(frozen=True)
class PlanTemplateSpec:
    interval_months: int
    duration_months: int
    visit_items: tuple[str, ...]
    baseline_items: tuple[BaselineItemSpec, ...]
    tolerance_days: int = 28
    invitation_lead_days: int = 42
    phases: tuple[PhaseSpec, ...] = ()  # empty: one phase of interval_months up to duration_months

    def phase_list(self) -> tuple[PhaseSpec, ...]:
        if self.phases:
            return self.phases
        if self.interval_months <= 0:
            return ()
        return (PhaseSpec(self.interval_months, self.duration_months, self.visit_items),)


@dataclass(frozen=True)
class PlanInputs:
    followup: FollowupAdvice  # the pathway's decision for this tumour
    date_of_surgery: date | None
    # A clinician explicitly chose a template for a tumour outside the pathways (melanoma, other).
    explicit_template: bool = False


@dataclass(frozen=True)
class VisitSpec:
    sequence: int
    kind: VisitKind
    due_date: date
    window_start: date
    window_end: date
    invite_from: date
    items: tuple[str, ...]


@dataclass(frozen=True)
class PlanDecision:
    outcome: Outcome
    reason: str
    refusal: Refusal | None = None
    missing: tuple[str, ...] = ()
    visits: tuple[VisitSpec, ...] = ()
    ends_on: date | None = None  # after this date: follow-up on indication only


REASON_EXPLICIT = gettext_noop(
    "Diagnosis outside this care pathway: plan built from a template a clinician chose explicitly.")
REASON_SURGERY_MISSING = gettext_noop("Date of surgery is missing: it is the anchor of the follow-up schedule.")


def _refuse(refusal: Refusal, reason: str, missing: tuple[str, ...] = ()) -> PlanDecision:
    return PlanDecision(outcome=Outcome.REFUSED, reason=reason, refusal=refusal, missing=missing)


def decide(inputs: PlanInputs, template: PlanTemplateSpec) -> PlanDecision:
    """The plan that follows from the pathway's decision: visits, 'no routine follow-up', or a refusal."""
    advice = inputs.followup
    if advice.decision is FollowupDecision.NO_ROUTINE:
        return PlanDecision(outcome=Outcome.NO_ROUTINE, reason=advice.reason)
    if advice.decision is FollowupDecision.ROUTINE:
        return _routine(inputs, template, advice.reason)
    if advice.code in (Refusal.OUTSIDE_PATHWAY, Refusal.CENTRE_TO_DECIDE) and inputs.explicit_template:
        # Conservative: another diagnosis gets a schedule only by a clinician's explicit choice, never by default.
        return _routine(inputs, template, REASON_EXPLICIT)
    refusal = Refusal(advice.code) if advice.code in {r.value for r in Refusal} else Refusal.CONFLICT
    return _refuse(refusal, advice.reason, advice.missing)


def _routine(inputs: PlanInputs, template: PlanTemplateSpec, reason: str) -> PlanDecision:
    # The pathway may anchor the plan elsewhere (e.g. the start of adjuvant therapy) and end it (its end).
    anchor = inputs.followup.anchor or inputs.date_of_surgery
    if anchor is None:
        return _refuse(Refusal.MISSING_INPUT, REASON_SURGERY_MISSING, ("date_of_surgery",))
    until = inputs.followup.until
    ends_on = add_months(anchor, template.duration_months)
    if until is not None and until < ends_on:
        ends_on = until
    return PlanDecision(
        outcome=Outcome.ROUTINE,
        reason=reason,
        visits=tuple(v for v in schedule(anchor, template) if until is None or v.due_date <= until),
        ends_on=ends_on,
    )


def schedule(anchor: date, template: PlanTemplateSpec) -> tuple[VisitSpec, ...]:
    """Baseline items (due within N months after the anchor), then routine visits every interval."""
    lead = timedelta(days=template.invitation_lead_days)
    tolerance = timedelta(days=template.tolerance_days)
    visits: list[VisitSpec] = []
    sequence = 0
    for baseline in template.baseline_items:
        sequence += 1
        due = add_months(anchor, baseline.within_months)
        # "Within N months after surgery": the window runs from the anchor to the deadline.
        visits.append(VisitSpec(sequence, VisitKind.BASELINE, due, anchor, due, max(anchor, due - lead),
                                (baseline.item,)))
    month = 0
    for phase in template.phase_list():
        # Every interval from the end of the previous phase, up to and including the phase's last month.
        while month + phase.interval_months <= phase.until_month:
            month += phase.interval_months
            sequence += 1
            due = add_months(anchor, month)
            visits.append(VisitSpec(sequence, VisitKind.ROUTINE, due, due - tolerance, due + tolerance, due - lead,
                                    phase.visit_items))
        month = phase.until_month
    return tuple(visits)


def visit_window(due: date, *, tolerance_days: int, invitation_lead_days: int) -> tuple[date, date, date]:
    """(window_start, window_end, invite_from) for a visit due on `due` (used for added or moved visits)."""
    tolerance = timedelta(days=tolerance_days)
    return due - tolerance, due + tolerance, due - timedelta(days=invitation_lead_days)


def is_overdue(*, window_end: date, today: date, open_: bool) -> bool:
    """A visit is overdue from the day after its window closed, while it is still open (not done/cancelled)."""
    return open_ and today > window_end


def in_invitation_window(*, invite_from: date, window_end: date, today: date) -> bool:
    return invite_from <= today <= window_end
