"""Deadlines in working days: weekends and Dutch public holidays are skipped.

Counting rule (decided here; the pathway gives none): the start day itself is day 0 and never counts, the
deadline is the n-th working day after it. Received on Wednesday 2026-12-23 with 2 working days: Thursday 24 is
day 1; Friday 25 (Christmas), Saturday 26 (Second Christmas Day), Sunday 27 are skipped; Monday 28 is day 2.
A start on a weekend or holiday counts from the next working day in the same way.

The calendar is `holidays.NL` (public category), which in holidays 0.109 includes Good Friday (Goede Vrijdag),
Easter Monday, King's Day (27 April, the Saturday before when it falls on a Sunday), Ascension Day, Whit Monday,
Christmas and Second Christmas Day, New Year's Day, and Liberation Day (5 May) only in lustrum years (2025, 2030).
Note: Good Friday is not in the Algemene termijnenwet; holidays.NL counts it, so a deadline spanning it moves one
working day later. `holidays` is pure Python (no clock, no I/O), so it may be used here.
"""

from collections.abc import Container, Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

SATURDAY = 5


def dutch_public_holidays(years: Iterable[int]) -> frozenset[date]:
    return _dutch_public_holidays(tuple(sorted(set(years))))


@lru_cache(maxsize=64)
def _dutch_public_holidays(years: tuple[int, ...]) -> frozenset[date]:
    return frozenset(holidays.country_holidays("NL", years=list(years)).keys())


def is_working_day(day: date, holiday_calendar: Container[date]) -> bool:
    return day.weekday() < SATURDAY and day not in holiday_calendar


def add_working_days(start: date, days: int, holiday_calendar: Container[date]) -> date:
    """The `days`-th working day after `start` (start itself not counted). `days` must be >= 0; 0 gives start."""
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current, holiday_calendar):
            remaining -= 1
    return current


def working_days_between(start: date, end: date, holiday_calendar: Container[date]) -> int:
    """Working days after `start` up to and including `end` (negative when end lies before start)."""
    if end < start:
        return -working_days_between(end, start, holiday_calendar)
    return sum(1 for offset in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=offset), holiday_calendar))


def due_date(start: date, days: int) -> date:
    """`add_working_days` with the Dutch public-holiday calendar of the years the count can span."""
    # n working days span at most ~ n * 7/5 calendar days plus holidays; a year either side is plenty.
    years = range(start.year, start.year + 2 + days // 200)
    return add_working_days(start, days, dutch_public_holidays(years))
