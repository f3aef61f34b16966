"""Where a session stands relative to its meeting day: before it, on it, or after it.

Before the day the quorum can only be *expected* (from the roster); from the day on it is *judged* from the
attendance. After the day the session is closed: attendance and agenda order are locked (decisions are still
finalised by the chair and clinicians). Pure: the caller passes `today`.
"""

from datetime import date
from enum import StrEnum


class Phase(StrEnum):
    BEFORE = "before"
    MEETING_DAY = "meeting_day"
    AFTER = "after"


def meeting_phase(meeting_day: date, today: date) -> Phase:
    if today < meeting_day:
        return Phase.BEFORE
    if today == meeting_day:
        return Phase.MEETING_DAY
    return Phase.AFTER


def quorum_judged(meeting_day: date, today: date) -> bool:
    """Quorum is reached or not only from the meeting day on; before it, it is only expected."""
    return meeting_phase(meeting_day, today) is not Phase.BEFORE


def session_closed(meeting_day: date, today: date, *, cancelled: bool) -> bool:
    """A session that was not cancelled closes after its meeting day (whether or not a task marked it held)."""
    return not cancelled and meeting_phase(meeting_day, today) is Phase.AFTER
