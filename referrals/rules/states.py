"""The referral state machine, as a table. The service `referral_transition` is the only writer of a status."""

from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    RECEIVED = "received"
    TRIAGED = "triaged"
    APPOINTMENT_PLANNED = "appointment_planned"
    SEEN = "seen"
    CLOSED = "closed"
    REJECTED = "rejected"
    REDIRECTED = "redirected"


# from -> the statuses it may move to. Rejecting or redirecting is possible until the patient has been seen
# (after an appointment is planned only a redirect: the patient is expected, a plain rejection would leave them
# without a destination). Closed, rejected and redirected are final.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.TRIAGED, Status.REJECTED, Status.REDIRECTED}),
    Status.TRIAGED: frozenset({Status.APPOINTMENT_PLANNED, Status.REJECTED, Status.REDIRECTED}),
    Status.APPOINTMENT_PLANNED: frozenset({Status.SEEN, Status.REDIRECTED}),
    Status.SEEN: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.REJECTED: frozenset(),
    Status.REDIRECTED: frozenset(),
}

# Moving to these statuses needs a reason (kept in the transition history).
REASON_REQUIRED: frozenset[Status] = frozenset({Status.REJECTED, Status.REDIRECTED})
# Moving to this status needs the appointment date.
APPOINTMENT_REQUIRED: frozenset[Status] = frozenset({Status.APPOINTMENT_PLANNED})
FINAL: frozenset[Status] = frozenset(s for s, targets in TRANSITIONS.items() if not targets)
# The destination of the triage advice may be overridden until an appointment is planned.
OVERRIDABLE: frozenset[Status] = frozenset({Status.RECEIVED, Status.TRIAGED})


@dataclass(frozen=True)
class TransitionCheck:
    allowed: bool
    problem: str = ""  # "illegal", "reason", "appointment" (what is wrong, for the caller's message)


def check_transition(current: Status, target: Status, *, reason: str = "", has_appointment: bool = False
                     ) -> TransitionCheck:
    if target not in TRANSITIONS[current]:
        return TransitionCheck(False, "illegal")
    if target in REASON_REQUIRED and not reason.strip():
        return TransitionCheck(False, "reason")
    if target in APPOINTMENT_REQUIRED and not has_appointment:
        return TransitionCheck(False, "appointment")
    return TransitionCheck(True)
