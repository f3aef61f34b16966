from datetime import datetime

import pytest

from mdo.rules.agenda import Load, case_times

START, END = datetime(2027, 1, 8, 14, 0), datetime(2027, 1, 8, 15, 0)


def test_cases_follow_each_other() -> None:
    slots = case_times(meeting_start=START, meeting_end=END, minutes=[10, 15, 5])
    assert [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M"), s.overruns) for s in slots] == [
        ("14:00", "14:10", False), ("14:10", "14:25", False), ("14:25", "14:30", False)]


def test_overrun_is_flagged_from_the_first_case_past_the_end() -> None:
    slots = case_times(meeting_start=START, meeting_end=END, minutes=[30, 30, 1])
    assert [s.overruns for s in slots] == [False, False, True]


def test_no_cases() -> None:
    assert case_times(meeting_start=START, meeting_end=END, minutes=[]) == []


def test_a_case_needs_minutes() -> None:
    with pytest.raises(ValueError):
        case_times(meeting_start=START, meeting_end=END, minutes=[10, 0])


@pytest.mark.parametrize(("booked", "minutes", "fits"), [
    pytest.param(50, 10, True, id="exactly the last 10 minutes"),
    pytest.param(51, 10, False, id="one minute short"),
    pytest.param(0, 60, True, id="one case fills the meeting"),
    pytest.param(0, 61, False, id="longer than the meeting"),
])
def test_fits(booked: int, minutes: int, fits: bool) -> None:
    assert Load(booked=booked, capacity=60).fits(minutes) is fits


def test_load_figures() -> None:
    load = Load(booked=45, capacity=60)
    assert (load.free, load.percent) == (15, 75)
    assert Load(booked=70, capacity=60).free == 0
