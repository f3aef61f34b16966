"""Calendar-month arithmetic for follow-up schedules.

A due date "n months after surgery" keeps the day of the month; when the target month is shorter the
date is clamped to that month's last day (2027-08-31 + 6 months = 2028-02-29, a leap year;
2026-08-31 + 6 months = 2027-02-28). Schedules always count from the anchor (anchor + 6k months),
never step from the previous visit, so one short month does not pull every later visit earlier.
"""

import calendar
from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` plus `months` calendar months (negative allowed), clamped to the end of the month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))
