from datetime import date, timedelta

import pytest

from followup.rules.schedule import (
    BaselineItemSpec,
    Outcome,
    PlanInputs,
    PlanTemplateSpec,
    Refusal,
    VisitKind,
    decide,
    in_invitation_window,
    is_overdue,
    schedule,
)
from zorgpad.pathways import registry
from zorgpad.pathways.facts import PatientFacts, TumourFacts
from zorgpad.pathways.vocabulary import Depth, Diagnosis, Margin

CUTANEOUS = Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM

LMS = PlanTemplateSpec(interval_months=6, duration_months=60, visit_items=("clinical_examination", "chest_xray"),
                       baseline_items=(BaselineItemSpec("mri", 3),), tolerance_days=28, invitation_lead_days=42)
SURGERY = date(2026, 1, 15)


def inputs(diagnosis: Diagnosis = Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, depth: Depth | None = Depth.SUBCUTIS,
           margin: Margin | None = Margin.R0, surgery: date | None = SURGERY, explicit: bool = False,
           n: str | None = None, m: str | None = None, stage: str | None = None) -> PlanInputs:
    """The pathway's follow-up decision for such a tumour (as the plan builder asks it), and the anchor."""
    tumour = TumourFacts(diagnosis=diagnosis, depth=depth, margin=margin, n=n, m=m, stage=stage)
    return PlanInputs(followup=registry.followup_advice(PatientFacts(), tumour), date_of_surgery=surgery,
                      explicit_template=explicit)


def test_subcutaneous_lms_acceptance_schedule() -> None:
    decision = decide(inputs(), LMS)
    assert decision.outcome == Outcome.ROUTINE
    baseline, *routine = decision.visits
    assert baseline.kind == VisitKind.BASELINE
    assert baseline.items == ("mri",)
    assert baseline.due_date == date(2026, 4, 15)
    assert (baseline.window_start, baseline.window_end) == (SURGERY, date(2026, 4, 15))
    assert [v.due_date for v in routine] == [
        date(2026, 7, 15), date(2027, 1, 15), date(2027, 7, 15), date(2028, 1, 15), date(2028, 7, 15),
        date(2029, 1, 15), date(2029, 7, 15), date(2030, 1, 15), date(2030, 7, 15), date(2031, 1, 15),
    ]
    assert all(v.items == ("clinical_examination", "chest_xray") for v in routine)
    assert all(v.kind == VisitKind.ROUTINE for v in routine)
    assert [v.sequence for v in decision.visits] == list(range(1, 12))
    assert decision.ends_on == date(2031, 1, 15)


def test_visits_count_from_the_anchor_not_from_the_previous_visit() -> None:
    visits = schedule(date(2027, 8, 31), LMS)
    routine = [v.due_date for v in visits if v.kind == VisitKind.ROUTINE]
    assert routine[:4] == [date(2028, 2, 29), date(2028, 8, 31), date(2029, 2, 28), date(2029, 8, 31)]
    assert routine[-1] == date(2032, 8, 31)


def test_window_and_invitation_dates_of_a_routine_visit() -> None:
    first = schedule(date(2027, 8, 31), LMS)[1]
    assert first.due_date == date(2028, 2, 29)
    assert first.window_start == date(2028, 2, 1)  # 29 Feb - 28 days
    assert first.window_end == date(2028, 3, 28)  # 29 Feb + 28 days (leap year)
    assert first.invite_from == date(2028, 1, 18)  # 6 weeks before


@pytest.mark.parametrize(
    ("case", "expected_outcome", "expected_refusal", "missing"),
    [
        pytest.param(inputs(CUTANEOUS, Depth.DERMIS, Margin.R0), Outcome.NO_ROUTINE, None, (),
                     id="pathway: cutaneous dermis-only R0 -> no routine follow-up"),
        pytest.param(inputs(CUTANEOUS, Depth.DERMIS, Margin.R0, surgery=None), Outcome.NO_ROUTINE, None, (),
                     id="pathway: cutaneous R0 needs no surgery date for 'no routine'"),
        pytest.param(inputs(CUTANEOUS, Depth.DERMIS, Margin.R1), Outcome.REFUSED,
                     Refusal.INCOMPLETE_EXCISION, (), id="cutaneous R1: pathway silent -> refused (conservative)"),
        pytest.param(inputs(CUTANEOUS, Depth.DERMIS, Margin.R2), Outcome.REFUSED,
                     Refusal.INCOMPLETE_EXCISION, (), id="cutaneous R2: refused"),
        pytest.param(inputs(CUTANEOUS, Depth.DERMIS, None), Outcome.REFUSED, Refusal.MISSING_INPUT,
                     ("margin",), id="cutaneous: margin missing"),
        pytest.param(inputs(CUTANEOUS, None, Margin.R0), Outcome.REFUSED, Refusal.MISSING_INPUT,
                     ("depth",), id="cutaneous: depth missing"),
        pytest.param(inputs(CUTANEOUS, Depth.SUBCUTIS, Margin.R0), Outcome.ROUTINE, None, (),
                     id="pathway: cutaneous with subcutis -> treated as LMS"),
        pytest.param(inputs(CUTANEOUS, Depth.SUBCUTIS, Margin.R0, surgery=None), Outcome.REFUSED,
                     Refusal.MISSING_INPUT, ("date_of_surgery",), id="cutaneous with subcutis: surgery date missing"),
        pytest.param(inputs(), Outcome.ROUTINE, None, (), id="pathway: subcutaneous LMS -> 6-monthly 5 years"),
        pytest.param(inputs(margin=Margin.R1), Outcome.ROUTINE, None, (), id="subcutaneous LMS R1: same schedule"),
        pytest.param(inputs(margin=None), Outcome.ROUTINE, None, (),
                     id="subcutaneous LMS: margin not needed by the schedule"),
        pytest.param(inputs(surgery=None), Outcome.REFUSED, Refusal.MISSING_INPUT, ("date_of_surgery",),
                     id="subcutaneous LMS: surgery date missing"),
        pytest.param(inputs(margin=Margin.NOT_RESECTED), Outcome.REFUSED, Refusal.NOT_RESECTED, (),
                     id="subcutaneous LMS not resected: refused"),
        pytest.param(inputs(Diagnosis.CUTANEOUS_MELANOMA, Depth.DERMIS), Outcome.REFUSED, Refusal.MISSING_INPUT,
                     ("stage",), id="melanoma pathway: the stage is missing"),
        pytest.param(inputs(Diagnosis.CUTANEOUS_MELANOMA, stage="IIB"), Outcome.REFUSED, Refusal.CENTRE_TO_DECIDE, (),
                     id="melanoma IIB: centre to decide"),
        pytest.param(inputs(Diagnosis.OTHER), Outcome.REFUSED, Refusal.OUTSIDE_PATHWAY, (),
                     id="other: outside the pathway"),
        pytest.param(inputs(Diagnosis.CUTANEOUS_MELANOMA, stage="IIB", explicit=True), Outcome.ROUTINE, None, (),
                     id="melanoma IIB (centre to decide) with an explicitly chosen template"),
        pytest.param(inputs(Diagnosis.CUTANEOUS_MELANOMA, explicit=True), Outcome.REFUSED, Refusal.MISSING_INPUT,
                     ("stage",), id="melanoma without a stage: not even by an explicit template"),
        pytest.param(inputs(Diagnosis.OTHER, explicit=True, surgery=None), Outcome.REFUSED, Refusal.MISSING_INPUT,
                     ("date_of_surgery",), id="explicit template still needs the anchor"),
    ],
)
def test_pathway_branches(case: PlanInputs, expected_outcome: Outcome, expected_refusal: Refusal | None,
                          missing: tuple[str, ...]) -> None:
    decision = decide(case, LMS)
    assert decision.outcome == expected_outcome
    assert decision.refusal == expected_refusal
    assert decision.missing == missing
    assert bool(decision.visits) == (expected_outcome == Outcome.ROUTINE)
    assert decision.reason


WINDOW_END = date(2028, 3, 28)


@pytest.mark.parametrize(
    ("today", "open_", "overdue"),
    [
        pytest.param(WINDOW_END - timedelta(days=1), True, False, id="day before the window closes"),
        pytest.param(WINDOW_END, True, False, id="last day of the window"),
        pytest.param(WINDOW_END + timedelta(days=1), True, True, id="first day after the window"),
        pytest.param(WINDOW_END + timedelta(days=1), False, False, id="closed visit is never overdue"),
    ],
)
def test_overdue_boundary(today: date, open_: bool, overdue: bool) -> None:
    assert is_overdue(window_end=WINDOW_END, today=today, open_=open_) is overdue


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(date(2028, 1, 17), False, id="day before invitation window"),
        pytest.param(date(2028, 1, 18), True, id="first day of invitation window"),
        pytest.param(date(2028, 3, 28), True, id="last day of the visit window"),
        pytest.param(date(2028, 3, 29), False, id="past the window: overdue instead"),
    ],
)
def test_invitation_window_boundary(today: date, expected: bool) -> None:
    assert in_invitation_window(invite_from=date(2028, 1, 18), window_end=date(2028, 3, 28), today=today) is expected
