"""The referral state machine: every (from, to) pair, legal and illegal, as one table."""

import itertools

import pytest

from referrals.rules.states import FINAL, TRANSITIONS, Status, check_transition

S = Status
LEGAL = {
    (S.RECEIVED, S.TRIAGED), (S.RECEIVED, S.REJECTED), (S.RECEIVED, S.REDIRECTED),
    (S.TRIAGED, S.APPOINTMENT_PLANNED), (S.TRIAGED, S.REJECTED), (S.TRIAGED, S.REDIRECTED),
    (S.APPOINTMENT_PLANNED, S.SEEN), (S.APPOINTMENT_PLANNED, S.REDIRECTED),
    (S.SEEN, S.CLOSED),
}
ALL_PAIRS = list(itertools.product(Status, Status))


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS, ids=[f"{a} -> {b}" for a, b in ALL_PAIRS])
def test_transition_table(current, target) -> None:
    check = check_transition(current, target, reason="a reason", has_appointment=True)
    assert check.allowed is ((current, target) in LEGAL)
    assert check.problem == ("" if check.allowed else "illegal")


def test_table_matches_the_expected_legal_set() -> None:
    assert {(a, b) for a, targets in TRANSITIONS.items() for b in targets} == LEGAL
    assert frozenset({S.CLOSED, S.REJECTED, S.REDIRECTED}) == FINAL


@pytest.mark.parametrize("current", [S.RECEIVED, S.TRIAGED])
@pytest.mark.parametrize("target", [S.REJECTED, S.REDIRECTED])
@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_and_redirect_need_a_reason(current, target, reason) -> None:
    assert check_transition(current, target, reason=reason).problem == "reason"


def test_planning_needs_the_appointment_date() -> None:
    assert check_transition(S.TRIAGED, S.APPOINTMENT_PLANNED).problem == "appointment"
    assert check_transition(S.TRIAGED, S.APPOINTMENT_PLANNED, has_appointment=True).allowed


def test_illegal_is_reported_before_missing_reason() -> None:
    assert check_transition(S.CLOSED, S.REJECTED).problem == "illegal"
