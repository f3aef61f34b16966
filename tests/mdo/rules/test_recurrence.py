import itertools
from datetime import date, datetime, time, timedelta

import pytest

from mdo.rules.calendar import hospital_holidays
from mdo.rules.recurrence import (
    Occurrence,
    Weekday,
    WeeklyRecurrence,
    occurrence_dates,
    occurrences,
    registration_deadline,
)

FRIDAYS = WeeklyRecurrence(Weekday.FRIDAY)


@pytest.mark.parametrize(("start", "until", "expected"), [
    pytest.param(date(2027, 1, 1), date(2027, 1, 1), [date(2027, 1, 1)], id="start on a Friday is included"),
    pytest.param(date(2027, 1, 2), date(2027, 1, 15), [date(2027, 1, 8), date(2027, 1, 15)],
                 id="start Saturday: next Friday; until inclusive"),
    pytest.param(date(2027, 1, 7), date(2027, 1, 14), [date(2027, 1, 8)], id="until the day before a Friday"),
    pytest.param(date(2027, 1, 9), date(2027, 1, 14), [], id="no Friday in the range"),
    pytest.param(date(2027, 1, 9), date(2027, 1, 1), [], id="until before start"),
    pytest.param(date(2026, 12, 28), date(2027, 1, 8), [date(2027, 1, 1), date(2027, 1, 8)],
                 id="across the year boundary"),
])
def test_weekly_dates(start: date, until: date, expected: list[date]) -> None:
    assert occurrence_dates(FRIDAYS, start=start, until=until) == expected


def test_every_friday_of_2027() -> None:
    days = occurrence_dates(FRIDAYS, start=date(2027, 1, 1), until=date(2027, 12, 31))
    assert len(days) == 53  # 2027 starts and ends on a Friday
    assert days[0] == date(2027, 1, 1) and days[-1] == date(2027, 12, 31)
    assert all(d.weekday() == 4 for d in days)
    assert all(b - a == timedelta(weeks=1) for a, b in itertools.pairwise(days))


@pytest.mark.parametrize(("anchor", "start", "expected_first"), [
    pytest.param(date(2027, 1, 5), date(2027, 1, 1), date(2027, 1, 5), id="every 2 weeks: anchor after start"),
    pytest.param(date(2027, 1, 5), date(2027, 1, 6), date(2027, 1, 19), id="every 2 weeks: skips the off week"),
    pytest.param(date(2027, 1, 5), date(2027, 1, 13), date(2027, 1, 19), id="every 2 weeks: start in the off week"),
    pytest.param(date(2027, 3, 2), date(2027, 1, 1), date(2027, 1, 5), id="every 2 weeks: anchor far after start"),
])
def test_every_other_week(anchor: date, start: date, expected_first: date) -> None:
    rule = WeeklyRecurrence(Weekday.TUESDAY, interval_weeks=2, anchor=anchor)
    days = occurrence_dates(rule, start=start, until=start + timedelta(weeks=8))
    assert days[0] == expected_first
    assert all((d - anchor).days % 14 == 0 for d in days)


@pytest.mark.parametrize(("kwargs", "message"), [
    pytest.param({"weekday": Weekday.FRIDAY, "interval_weeks": 0}, "between 1 and 8", id="interval 0"),
    pytest.param({"weekday": Weekday.FRIDAY, "interval_weeks": 9}, "between 1 and 8", id="interval 9"),
    pytest.param({"weekday": Weekday.FRIDAY, "interval_weeks": 2}, "anchor", id="every 2 weeks without anchor"),
    pytest.param({"weekday": Weekday.FRIDAY, "anchor": date(2027, 1, 5)}, "weekday", id="anchor on a Tuesday"),
])
def test_invalid_recurrence(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        WeeklyRecurrence(**kwargs)


def test_holidays_are_cancelled_with_their_name_across_years() -> None:
    start, until = date(2026, 1, 1), date(2031, 12, 31)
    result = occurrences(FRIDAYS, start=start, until=until, holidays=hospital_holidays(range(2026, 2032)))
    cancelled = {o.original_date: o.holiday for o in result if not o.planned}
    assert cancelled == {
        date(2026, 4, 3): "Goede vrijdag", date(2026, 12, 25): "Eerste kerstdag",
        date(2027, 1, 1): "Nieuwjaarsdag", date(2027, 3, 26): "Goede vrijdag",
        date(2028, 4, 14): "Goede vrijdag", date(2029, 3, 30): "Goede vrijdag", date(2029, 4, 27): "Koningsdag",
        date(2030, 4, 19): "Goede vrijdag", date(2031, 4, 11): "Goede vrijdag",
        date(2031, 12, 26): "Tweede kerstdag",
    }
    per_year = {y: sum(1 for o in result if o.original_date.year == y) for y in range(2026, 2032)}
    assert per_year == {2026: 52, 2027: 53, 2028: 52, 2029: 52, 2030: 52, 2031: 52}
    assert Occurrence(date(2027, 1, 8)) in result


@pytest.mark.parametrize(("meeting", "days", "at", "expected"), [
    pytest.param(date(2027, 1, 8), 2, time(16, 0), datetime(2027, 1, 6, 16, 0), id="default: Wednesday 16:00"),
    pytest.param(date(2027, 1, 8), 0, time(9, 0), datetime(2027, 1, 8, 9, 0), id="same day"),
    pytest.param(date(2027, 1, 5), 2, time(16, 0), datetime(2027, 1, 3, 16, 0), id="across a weekend"),
    pytest.param(date(2027, 1, 1), 2, time(16, 0), datetime(2026, 12, 30, 16, 0), id="across the year boundary"),
])
def test_registration_deadline(meeting: date, days: int, at: time, expected: datetime) -> None:
    assert registration_deadline(meeting_date=meeting, days_before=days, at=at) == expected


def test_negative_deadline_is_refused() -> None:
    with pytest.raises(ValueError):
        registration_deadline(meeting_date=date(2027, 1, 8), days_before=-1, at=time(16, 0))
