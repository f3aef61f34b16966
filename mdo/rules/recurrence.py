"""When an MDO meets: a weekly (or every-n-weeks) recurrence, holidays, and the registration deadline.

A meeting that falls on a holiday is not planned on that day: it is generated as cancelled, with the
holiday's name, so that the coordinator sees it and can move it to another day.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum


class Weekday(IntEnum):
    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


@dataclass(frozen=True)
class WeeklyRecurrence:
    weekday: Weekday
    interval_weeks: int = 1
    # A day on which the series meets; needed when it meets every 2nd, 3rd, ... week.
    anchor: date | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.interval_weeks <= 8:
            raise ValueError("interval_weeks must be between 1 and 8")
        if self.interval_weeks > 1 and self.anchor is None:
            raise ValueError("a series that does not meet every week needs an anchor date")
        if self.anchor is not None and self.anchor.weekday() != self.weekday:
            raise ValueError("the anchor date must fall on the meeting weekday")


@dataclass(frozen=True)
class Occurrence:
    original_date: date
    holiday: str | None = None  # the holiday's name: the meeting is generated as cancelled

    @property
    def planned(self) -> bool:
        return self.holiday is None


def occurrence_dates(rule: WeeklyRecurrence, *, start: date, until: date) -> list[date]:
    """Every meeting date d of the series with start <= d <= until."""
    if until < start:
        return []
    first = start + timedelta(days=(rule.weekday - start.weekday()) % 7)
    if rule.interval_weeks > 1:
        assert rule.anchor is not None
        weeks_off = ((first - rule.anchor).days // 7) % rule.interval_weeks
        if weeks_off:
            first += timedelta(weeks=rule.interval_weeks - weeks_off)
    step = timedelta(weeks=rule.interval_weeks)
    days = []
    day = first
    while day <= until:
        days.append(day)
        day += step
    return days


def occurrences(
    rule: WeeklyRecurrence, *, start: date, until: date, holidays: Mapping[date, str]
) -> list[Occurrence]:
    return [Occurrence(day, holidays.get(day)) for day in occurrence_dates(rule, start=start, until=until)]


def registration_deadline(*, meeting_date: date, days_before: int, at: time) -> datetime:
    """Local (naive) moment registration closes, e.g. Wednesday 16:00 for a Friday meeting (2 days before)."""
    if days_before < 0:
        raise ValueError("days_before cannot be negative")
    return datetime.combine(meeting_date - timedelta(days=days_before), at)
