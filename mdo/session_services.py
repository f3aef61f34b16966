"""Writes about a whole session: closing past sessions, and ticking attendance from the MDO type's roster."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from mdo.models import MdoAttendance, MdoRosterMember, MdoSession, SessionStatus
from mdo.services import mdo_attendance_add, mdo_attendance_remove


def mdo_sessions_close(*, today: date | None = None) -> int:
    """Mark every planned session whose meeting day has passed as held (closed). Idempotent; run nightly.

    Pages already treat such a session as closed before this runs (selectors.session_is_closed); this makes the
    stored status agree, for lists and reports that filter on it."""
    today = today or timezone.localdate()
    return MdoSession.objects.filter(status=SessionStatus.PLANNED, date__lt=today).update(
        status=SessionStatus.HELD, updated_at=timezone.now())


@transaction.atomic
def mdo_attendance_roster_set(*, session: MdoSession, present_ids: Iterable[int], user: Any,
                              request: HttpRequest | None = None) -> None:
    """Tick the roster: the given roster members are present, the other roster members are not (guests stay).

    Each change goes through mdo_attendance_add / mdo_attendance_remove (locks, closed check, audit)."""
    wanted = set(present_ids)
    roster = {m.pk: m for m in MdoRosterMember.objects.filter(mdo_type_id=session.mdo_type_id, active=True)}
    recorded = {a.roster_member_id: a for a in
                MdoAttendance.objects.filter(session=session, roster_member__isnull=False).select_related("session")}
    for member_id, attendance in recorded.items():
        if member_id not in wanted:
            mdo_attendance_remove(attendance=attendance, user=user, request=request)
    for member_id in sorted(wanted - set(recorded)):
        member = roster.get(member_id)
        if member is not None:
            mdo_attendance_add(session=session, name=member.name, specialty=member.specialty,
                               roster_member=member, user=user, request=request)
