"""Agenda arithmetic: start time of each case, load of a session, whether a case still fits."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class CaseSlot:
    start: datetime
    end: datetime
    overruns: bool  # ends after the meeting's end


def case_times(*, meeting_start: datetime, meeting_end: datetime, minutes: Sequence[int]) -> list[CaseSlot]:
    """Cases follow each other in agenda order; each starts when the previous one ends."""
    slots = []
    at = meeting_start
    for m in minutes:
        if m <= 0:
            raise ValueError("a case needs a positive number of minutes")
        end = at + timedelta(minutes=m)
        slots.append(CaseSlot(start=at, end=end, overruns=end > meeting_end))
        at = end
    return slots


@dataclass(frozen=True)
class Load:
    booked: int
    capacity: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def percent(self) -> int:
        return round(100 * self.booked / self.capacity) if self.capacity else 100

    def fits(self, minutes: int) -> bool:
        return self.booked + minutes <= self.capacity
