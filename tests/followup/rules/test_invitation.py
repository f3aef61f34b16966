"""An invitation never proposes a date that has passed (followup.rules.invitation)."""

import datetime as dt

import pytest

from followup.rules.invitation import InvitationDates, invitation_dates

D = dt.date
WINDOW = {"window_start": D(2026, 10, 12), "window_end": D(2026, 12, 7), "due_date": D(2026, 11, 9)}


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(D(2026, 9, 28), InvitationDates(D(2026, 10, 12), D(2026, 12, 7), D(2026, 11, 9), False),
                     id="printed before the window: the whole window and the target"),
        pytest.param(D(2026, 10, 20), InvitationDates(D(2026, 10, 20), D(2026, 12, 7), D(2026, 11, 9), False),
                     id="printed inside the window, before the target: from today"),
        pytest.param(D(2026, 11, 9), InvitationDates(D(2026, 11, 9), D(2026, 12, 7), D(2026, 11, 9), False),
                     id="printed on the target date: not overdue yet"),
        pytest.param(D(2026, 11, 10), InvitationDates(D(2026, 11, 10), D(2026, 12, 7), None, True),
                     id="one day after the target: overdue, from today, no target"),
        pytest.param(D(2026, 11, 30), InvitationDates(D(2026, 11, 30), D(2026, 12, 7), None, True),
                     id="the issue's case: target 9 November printed 30 November"),
        pytest.param(D(2026, 12, 7), InvitationDates(D(2026, 12, 7), D(2026, 12, 7), None, True),
                     id="printed on the window's last day"),
        pytest.param(D(2026, 12, 8), InvitationDates(D(2026, 12, 8), None, None, True),
                     id="after the window: as soon as possible, no end date"),
    ],
)
def test_invitation_dates_never_lie_in_the_past(today, expected) -> None:
    dates = invitation_dates(**WINDOW, today=today)
    assert dates == expected
    for proposed in (dates.earliest, dates.latest, dates.target):
        assert proposed is None or proposed >= today
