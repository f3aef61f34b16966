"""Which dates an invitation letter proposes, on the day it is printed. Pure: the caller passes `today`.

A letter never proposes a date that has passed. A visit's window (window_start .. window_end, target
due_date) is planned months ahead; the letter may be printed late (a print run on 30 November for a target of
9 November). Then the letter proposes the earliest date from today and says that the visit is overdue; once
the whole window has passed it asks the patient to come as soon as possible, without an end date.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class InvitationDates:
    earliest: date  # the first date the letter proposes: the window's start, or today when that has passed
    latest: date | None  # the window's end, or None when it has passed too
    target: date | None  # the target date, or None when it has passed
    overdue: bool  # the target date has passed: the letter says so


def invitation_dates(*, window_start: date, window_end: date, due_date: date, today: date) -> InvitationDates:
    earliest = max(window_start, today)
    latest = window_end if window_end >= today else None
    target = due_date if due_date >= today else None
    return InvitationDates(earliest=earliest, latest=latest, target=target, overdue=due_date < today)
