"""Working-day deadlines across Christmas, Easter, King's Day and weekends (holidays.NL calendar).

What holidays.NL (0.109, public category) says, checked here so a change of the package shows up:
Good Friday IS a holiday in it (2026-04-03, 2027-03-26), Easter Monday is (2027-03-29), King's Day is
(2027-04-27, a Tuesday), Christmas 2026-12-25 and Second Christmas Day 2026-12-26 are. Liberation Day (5 May) only in
lustrum years (2030). The receipt/biopsy day itself is day 0 (not counted).
"""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from referrals.rules.working_days import (
    add_working_days,
    due_date,
    dutch_public_holidays,
    is_working_day,
    working_days_between,
)

D = dt.date
NL_2026_2027 = dutch_public_holidays([2026, 2027])


@pytest.mark.parametrize(
    ("day", "holiday"),
    [
        pytest.param(D(2026, 12, 25), True, id="Christmas Day 2026 (Fri)"),
        pytest.param(D(2026, 12, 26), True, id="Second Christmas Day 2026 (Sat)"),
        pytest.param(D(2026, 12, 24), False, id="Christmas Eve is a working day"),
        pytest.param(D(2026, 12, 31), False, id="New Year's Eve is a working day"),
        pytest.param(D(2027, 1, 1), True, id="New Year's Day 2027"),
        pytest.param(D(2027, 3, 26), True, id="Good Friday 2027: a holiday in holidays.NL"),
        pytest.param(D(2027, 3, 29), True, id="Easter Monday 2027"),
        pytest.param(D(2027, 4, 27), True, id="King's Day 2027 (Tue)"),
        pytest.param(D(2027, 5, 5), False, id="Liberation Day 2027: not a lustrum year"),
        pytest.param(D(2027, 5, 6), True, id="Ascension Day 2027"),
        pytest.param(D(2027, 5, 17), True, id="Whit Monday 2027"),
    ],
)
def test_holidays_nl_calendar(day, holiday) -> None:
    assert (day in NL_2026_2027) is holiday


def test_liberation_day_counts_in_lustrum_years() -> None:
    assert D(2030, 5, 5) in dutch_public_holidays([2030])


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        pytest.param(D(2026, 12, 23), 2, D(2026, 12, 28),
                     id="acceptance: Wed 23 Dec + 2 -> Mon 28 Dec (Thu 24 = 1, Christmas + weekend skipped)"),
        pytest.param(D(2026, 12, 23), 1, D(2026, 12, 24), id="Wed 23 Dec + 1 -> Thu 24 Dec"),
        pytest.param(D(2026, 12, 24), 1, D(2026, 12, 28), id="Thu 24 Dec + 1 -> Mon 28 Dec"),
        pytest.param(D(2026, 12, 25), 1, D(2026, 12, 28), id="received on Christmas Day: Mon 28 is day 1"),
        pytest.param(D(2026, 12, 31), 1, D(2027, 1, 4), id="Thu 31 Dec + 1 -> Mon 4 Jan (New Year's Day skipped)"),
        pytest.param(D(2027, 3, 25), 1, D(2027, 3, 30), id="Thu before Easter + 1 -> Tue (Good Fri, Easter Mon)"),
        pytest.param(D(2027, 3, 24), 2, D(2027, 3, 30), id="Wed before Easter + 2 -> Tue after Easter"),
        pytest.param(D(2027, 4, 26), 1, D(2027, 4, 28), id="Mon 26 Apr + 1 -> Wed 28 Apr (King's Day skipped)"),
        pytest.param(D(2026, 11, 20), 2, D(2026, 11, 24), id="Fri + 2 -> Tue (weekend only)"),
        pytest.param(D(2026, 11, 21), 2, D(2026, 11, 24), id="received on Saturday: Mon = 1, Tue = 2"),
        pytest.param(D(2026, 11, 23), 0, D(2026, 11, 23), id="0 working days -> the same day"),
        pytest.param(D(2026, 12, 16), 10, D(2026, 12, 31),
                     id="biopsy Wed 16 Dec + 10 -> Thu 31 Dec (Christmas skipped)"),
        pytest.param(D(2026, 12, 18), 10, D(2027, 1, 5),
                     id="biopsy Fri 18 Dec + 10 -> Tue 5 Jan (Christmas, New Year's Day skipped)"),
    ],
)
def test_due_dates(start, days, due) -> None:
    assert due_date(start, days) == due
    assert add_working_days(start, days, NL_2026_2027) == due


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(D(2026, 1, 5), -1, frozenset())


def test_calendar_is_an_input_of_the_pure_function() -> None:
    # With an empty calendar Christmas is an ordinary Friday.
    assert add_working_days(D(2026, 12, 23), 2, frozenset()) == D(2026, 12, 25)


def test_working_days_between() -> None:
    assert working_days_between(D(2026, 12, 23), D(2026, 12, 28), NL_2026_2027) == 2
    assert working_days_between(D(2026, 12, 28), D(2026, 12, 23), NL_2026_2027) == -2
    assert working_days_between(D(2026, 12, 28), D(2026, 12, 28), NL_2026_2027) == 0


@settings(max_examples=200, deadline=None)
@given(start=st.dates(min_value=D(2026, 1, 1), max_value=D(2027, 12, 1)), days=st.integers(0, 15))
def test_properties(start, days) -> None:
    due = add_working_days(start, days, NL_2026_2027)
    assert working_days_between(start, due, NL_2026_2027) == days
    if days:
        assert is_working_day(due, NL_2026_2027)
        assert due > start
