"""The follow-up schedule of the care pathway, as a pure rule.

Source: Zorgpad cutaan en subcutaan leiomyosarcoom (Erasmus MC, maart 2026):
- Atypical intradermal smooth muscle neoplasm: "Na de volledige verwijdering van een cutane tumor is geen
  routinematige follow-up geïndiceerd." Tumours mainly in the subcutis "dienen behandeld te worden als een
  weke delen leiomyosarcoom".
- Subcutaneous leiomyosarcoma: "Follow-up is in principe 6-maandelijks gedurende de eerste 5 jaar, daarna
  op indicatie. Verricht een baseline MRI (postoperatief) gevolgd door follow-up middels klinisch onderzoek
  en een X Thorax." Coordinated from the expertise centre.

The numbers (interval, duration, items, baseline) come from a PlanTemplateSpec (admin-editable data);
which branch applies is decided here. Missing inputs refuse with the input named; nothing is guessed.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from followup.rules.months import add_months


class Diagnosis(StrEnum):
    CUTANEOUS = "atypical_intradermal_smooth_muscle_neoplasm"
    SUBCUTANEOUS_LMS = "subcutaneous_leiomyosarcoma"
    MELANOMA = "cutaneous_melanoma"
    OTHER = "other"


class Depth(StrEnum):
    DERMIS = "dermis"
    SUBCUTIS = "subcutis"
    DEEP = "deep"


class Margin(StrEnum):
    R0 = "R0"
    R1 = "R1"
    R2 = "R2"
    NOT_RESECTED = "not_resected"


class Outcome(StrEnum):
    ROUTINE = "routine"  # a plan with visits
    NO_ROUTINE = "no_routine"  # the pathway says no routine follow-up; the reason is recorded
    REFUSED = "refused"  # the rule cannot decide (missing input, outside the pathway): a person must


class Refusal(StrEnum):
    MISSING_INPUT = "missing_input"
    OUTSIDE_PATHWAY = "outside_pathway"
    INCOMPLETE_EXCISION = "incomplete_excision"
    NOT_RESECTED = "not_resected"


class VisitKind(StrEnum):
    BASELINE = "baseline"
    ROUTINE = "routine"


@dataclass(frozen=True)
class BaselineItemSpec:
    item: str
    within_months: int


@dataclass(frozen=True)
class PlanTemplateSpec:
    interval_months: int
    duration_months: int
    visit_items: tuple[str, ...]
    baseline_items: tuple[BaselineItemSpec, ...]
    tolerance_days: int = 28
    invitation_lead_days: int = 42


@dataclass(frozen=True)
class PlanInputs:
    diagnosis: Diagnosis
    depth: Depth | None
    margin: Margin | None
    date_of_surgery: date | None
    # A clinician explicitly chose a template for a tumour outside the pathway (melanoma, other).
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


REASON_NO_ROUTINE_CUTANEOUS = (
    "Dermis-only tumour (atypical intradermal smooth muscle neoplasm) completely removed (R0): "
    "no routine follow-up is indicated (care pathway, Behandeling en follow-up)."
)
REASON_SUBCUTANEOUS = (
    "Subcutaneous leiomyosarcoma: follow-up every 6 months for the first 5 years, then on indication; "
    "baseline postoperative MRI, then clinical examination and chest X-ray (care pathway, Follow-up)."
)
REASON_CUTANEOUS_WITH_SUBCUTIS = (
    "Cutaneous tumour involving the subcutis: treated as a (subcutaneous) soft-tissue leiomyosarcoma "
    "(care pathway), so the leiomyosarcoma follow-up applies."
)
REASON_EXPLICIT = "Diagnosis outside this care pathway: plan built from a template a clinician chose explicitly."


def _refuse(refusal: Refusal, reason: str, missing: tuple[str, ...] = ()) -> PlanDecision:
    return PlanDecision(outcome=Outcome.REFUSED, reason=reason, refusal=refusal, missing=missing)


def decide(inputs: PlanInputs, template: PlanTemplateSpec) -> PlanDecision:
    """Which follow-up applies to this tumour, and the visits if any."""
    if inputs.diagnosis in (Diagnosis.MELANOMA, Diagnosis.OTHER):
        if not inputs.explicit_template:
            # Conservative: this pathway's schedule is for leiomyosarcoma only; another diagnosis needs a
            # clinician's explicit choice, never a silent default.
            return _refuse(
                Refusal.OUTSIDE_PATHWAY,
                "This diagnosis is outside the leiomyosarcoma care pathway: no plan is made automatically. "
                "A clinician can build a plan from an explicitly chosen template.",
            )
        return _routine(inputs, template, REASON_EXPLICIT)

    if inputs.diagnosis == Diagnosis.CUTANEOUS:
        if inputs.depth is None:
            return _refuse(Refusal.MISSING_INPUT, "Depth of invasion is missing: it decides the follow-up.",
                           ("depth",))
        if inputs.depth == Depth.DERMIS:
            if inputs.margin is None:
                return _refuse(Refusal.MISSING_INPUT,
                               "Resection margin is missing: no routine follow-up applies only after complete "
                               "removal (R0).", ("margin",))
            if inputs.margin == Margin.R0:
                return PlanDecision(outcome=Outcome.NO_ROUTINE, reason=REASON_NO_ROUTINE_CUTANEOUS)
            # The pathway is silent on follow-up after incomplete removal of a cutaneous tumour; it aims at R0.
            # Conservative: no automatic answer (neither "no follow-up" nor a schedule); a clinician decides.
            return _refuse(
                Refusal.INCOMPLETE_EXCISION,
                "The cutaneous tumour is not completely removed (margin R1, R2 or not resected): the pathway aims "
                "at complete removal (R0) and gives no follow-up schedule for this situation. A clinician decides "
                "(re-excision, MDO) and can build a plan from an explicitly chosen template.",
            )
        return _routine(inputs, template, REASON_CUTANEOUS_WITH_SUBCUTIS)

    return _routine(inputs, template, REASON_SUBCUTANEOUS)


def _routine(inputs: PlanInputs, template: PlanTemplateSpec, reason: str) -> PlanDecision:
    if inputs.margin == Margin.NOT_RESECTED:
        return _refuse(Refusal.NOT_RESECTED,
                       "The tumour was not resected: the follow-up schedule starts at surgery. A clinician decides.")
    if inputs.date_of_surgery is None:
        return _refuse(Refusal.MISSING_INPUT,
                       "Date of surgery is missing: it is the anchor of the follow-up schedule.", ("date_of_surgery",))
    return PlanDecision(
        outcome=Outcome.ROUTINE,
        reason=reason,
        visits=schedule(inputs.date_of_surgery, template),
        ends_on=add_months(inputs.date_of_surgery, template.duration_months),
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
    if template.interval_months <= 0:
        return tuple(visits)
    step = 1
    while template.interval_months * step <= template.duration_months:
        sequence += 1
        due = add_months(anchor, template.interval_months * step)
        visits.append(VisitSpec(sequence, VisitKind.ROUTINE, due, due - tolerance, due + tolerance, due - lead,
                                template.visit_items))
        step += 1
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
