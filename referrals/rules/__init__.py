"""Pure referral rules: triage advice, the referral state machine and working-day deadlines.

No Django, no ORM, no clock: frozen dataclasses and enums in and out. The caller passes `today` and the
holiday calendar.
"""
