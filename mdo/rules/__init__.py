"""Pure MDO rules: recurrence and holidays, quorum, agenda times and case readiness.

No Django, no ORM, no clock: callers pass `today`/dates in and get frozen dataclasses back.
"""
