"""Writes about MDO sessions as a whole: generating them from each MDO type's recurrence, cancelling, moving,
marking held and closing past sessions, recording attendance (by hand or by ticking the roster), and the
calendar feed's keys."""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mdo.models import (
    ACTIVE_CASE_STATUSES,
    MdoAttendance,
    MdoFeedToken,
    MdoRosterMember,
    MdoSession,
    MdoType,
    SessionStatus,
)
from mdo.rules.calendar import holiday_name, hospital_holidays
from mdo.rules.recurrence import Weekday, WeeklyRecurrence, occurrences, registration_deadline
from mdo.services import _locked_session, _require_open, _require_reason
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathway.services import pathway_items_sync_tumours
from zorgpad.patients.models import Tumour

# --- sessions ---------------------------------------------------------------------------------------


def _recurrence(mdo_type: MdoType) -> WeeklyRecurrence:
    return WeeklyRecurrence(Weekday(mdo_type.weekday), mdo_type.interval_weeks, mdo_type.anchor_date)


def _deadline(mdo_type: MdoType, day: date) -> datetime:
    local = registration_deadline(
        meeting_date=day, days_before=mdo_type.deadline_days_before, at=mdo_type.deadline_time
    )
    return local.replace(tzinfo=mdo_type.tz)


@dataclass(frozen=True)
class GenerateResult:
    created: int
    cancelled_for_holiday: int
    already_present: int


def _latest_session_date(today: date) -> date:
    """Sessions lie at most MDO_SESSION_MAX_YEARS_AHEAD years ahead (a date such as 9999-12-31 is a typing slip)."""
    years = settings.MDO_SESSION_MAX_YEARS_AHEAD
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def mdo_sessions_generate(*, until: date, start: date | None = None, mdo_type: MdoType | None = None) -> GenerateResult:
    """Create the sessions of every active MDO type from `start` (default today) up to `until`.

    Idempotent: a session is identified by (type, original date), a unique constraint; a second run, or two
    runs at once (beat and the command), create nothing twice. A meeting on a holiday is created cancelled
    with the holiday's name.
    """
    start = start or timezone.localdate()
    if until < start:
        raise ValidationError({"until": _("The end date lies before the start date.")})
    if until > _latest_session_date(timezone.localdate()):
        raise ValidationError({"until": _("Sessions are planned at most %(years)d years ahead.")
                               % {"years": settings.MDO_SESSION_MAX_YEARS_AHEAD}})
    types = [mdo_type] if mdo_type is not None else list(MdoType.objects.filter(active=True))
    holidays = hospital_holidays(range(start.year, until.year + 1))
    created = holiday_count = present = 0
    for kind in types:
        planned = occurrences(_recurrence(kind), start=start, until=until, holidays=holidays)
        existing = set(
            MdoSession.objects.filter(mdo_type=kind, original_date__range=(start, until))
            .values_list("original_date", flat=True)
        )
        new = [
            MdoSession(
                mdo_type=kind, original_date=o.original_date, date=o.original_date, start_time=kind.start_time,
                end_time=kind.end_time, location=kind.location, capacity_minutes=kind.capacity_minutes,
                registration_deadline=_deadline(kind, o.original_date),
                status=SessionStatus.PLANNED if o.planned else SessionStatus.CANCELLED,
                note=o.holiday or "", is_holiday=not o.planned,
            )
            for o in planned
            if o.original_date not in existing
        ]
        MdoSession.objects.bulk_create(new, ignore_conflicts=True)
        created += len(new)
        holiday_count += sum(1 for s in new if s.is_holiday)
        present += len(planned) - len(new)
    return GenerateResult(created=created, cancelled_for_holiday=holiday_count, already_present=present)


@transaction.atomic
def mdo_session_cancel(*, session: MdoSession, user: Any, reason: str,
                       request: HttpRequest | None = None) -> MdoSession:
    session = _locked_session(session)
    reason = _require_reason(reason)
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("Only a planned session can be cancelled."))
    active = session.cases.filter(status__in=ACTIVE_CASE_STATUSES).count()
    if active:
        raise ValidationError(
            _("%(count)d case(s) are on this agenda: move or withdraw them before cancelling the session.")
            % {"count": active}
        )
    session.status = SessionStatus.CANCELLED
    session.note = reason[:200]
    session.changed_by = user
    session.full_clean()
    session.save()
    audit_record(user=user, action=AuditAction.UPDATE, obj=session, detail=f"cancelled: {reason}", request=request)
    # Its cases were moved or withdrawn first: re-evaluate their tumours' MDO items all the same.
    pathway_items_sync_tumours(tumours=Tumour.objects.filter(mdo_cases__session=session).distinct(), user=user)
    return session


@transaction.atomic
def mdo_session_move(
    *, session: MdoSession, user: Any, new_date: date, reason: str, start_time: time | None = None,
    end_time: time | None = None, today: date | None = None, request: HttpRequest | None = None,
) -> MdoSession:
    """Move a planned or cancelled (e.g. holiday) session to another day; it is planned afterwards.

    The original date stays, so the generator still recognises the session.
    """
    session = _locked_session(session)
    reason = _require_reason(reason)
    today = today or timezone.localdate()
    if session.status == SessionStatus.HELD:
        raise ValidationError(_("A session that has been held cannot be moved."))
    if new_date < today:
        raise ValidationError({"new_date": _("A session cannot be moved into the past.")})
    if new_date > _latest_session_date(today):
        raise ValidationError({"new_date": _("A session cannot be moved more than %(years)d years ahead.")
                               % {"years": settings.MDO_SESSION_MAX_YEARS_AHEAD}})
    if (name := holiday_name(new_date)) is not None:
        raise ValidationError({"new_date": _("%(day)s is a holiday (%(name)s).")
                               % {"day": date_format(new_date, "DATE_FORMAT"), "name": name}})
    clash = (
        MdoSession.objects.filter(mdo_type=session.mdo_type, date=new_date)
        .exclude(pk=session.pk).exclude(status=SessionStatus.CANCELLED).exists()
    )
    if clash:
        raise ValidationError({"new_date": _("There already is a %(type)s on that day.")
                               % {"type": session.mdo_type.name}})
    session.date = new_date
    session.start_time = start_time or session.start_time
    session.end_time = end_time or session.end_time
    session.registration_deadline = _deadline(session.mdo_type, new_date)
    session.status = SessionStatus.PLANNED
    session.move_reason = reason[:300]
    session.changed_by = user
    session.full_clean()
    session.save()
    audit_record(user=user, action=AuditAction.UPDATE, obj=session,
                 detail=f"moved from {session.original_date} to {new_date}: {reason}", request=request)
    return session


def _mark_held(session: MdoSession, user: Any) -> None:
    if session.status == SessionStatus.PLANNED:
        session.status = SessionStatus.HELD
        session.changed_by = user
        session.save(update_fields=["status", "changed_by", "updated_at"])


@transaction.atomic
def mdo_session_mark_held(*, session: MdoSession, user: Any, today: date | None = None,
                          request: HttpRequest | None = None) -> MdoSession:
    session = _locked_session(session)
    today = today or timezone.localdate()
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("Only a planned session can be marked as held."))
    if session.date > today:
        raise ValidationError(_("A session can be marked as held from the day of the meeting."))
    _mark_held(session, user)
    audit_record(user=user, action=AuditAction.UPDATE, obj=session, detail="held", request=request)
    return session


def mdo_sessions_close(*, today: date | None = None) -> int:
    """Mark every planned session whose meeting day has passed as held (closed). Idempotent; run nightly.

    Pages already treat such a session as closed before this runs (selectors.session_is_closed); this makes the
    stored status agree, for lists and reports that filter on it."""
    today = today or timezone.localdate()
    return MdoSession.objects.filter(status=SessionStatus.PLANNED, date__lt=today).update(
        status=SessionStatus.HELD, updated_at=timezone.now())


# --- attendance -------------------------------------------------------------------------------------


@transaction.atomic
def mdo_attendance_add(*, session: MdoSession, name: str, specialty: str, user: Any,
                       request: HttpRequest | None = None, roster_member: Any = None,
                       today: date | None = None) -> MdoAttendance:
    """Record someone as present: a roster member (ticked) or a guest added by name. `today`: the day it is
    recorded on (default the real today; demo data records a past meeting on its own day)."""
    session = _locked_session(session)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("Attendance cannot be recorded for a cancelled session."))
    _require_open(session, _("the attendance"), today)
    if roster_member is not None and roster_member.mdo_type_id != session.mdo_type_id:
        raise ValidationError(_("This person is not on the roster of this MDO."))
    attendance = MdoAttendance(session=session, name=" ".join((name or "").split()), specialty=specialty,
                               recorded_by=user, roster_member=roster_member)
    attendance.full_clean()
    try:
        with transaction.atomic():
            attendance.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("This person is already recorded as present.")}) from exc
    audit_record(user=user, action=AuditAction.CREATE, obj=attendance,
                 detail=f"present: {attendance.name} ({specialty})", request=request)
    return attendance


@transaction.atomic
def mdo_attendance_remove(*, attendance: MdoAttendance, user: Any, request: HttpRequest | None = None) -> None:
    _require_open(_locked_session(attendance.session), _("the attendance"))
    audit_record(user=user, action=AuditAction.DELETE, obj=attendance,
                 detail=f"no longer present: {attendance.name} ({attendance.specialty})", request=request)
    attendance.delete()


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


# --- calendar feed ----------------------------------------------------------------------------------


@transaction.atomic
def mdo_feed_token_create(*, user: Any) -> tuple[MdoFeedToken, str]:
    """A new calendar key for the user (the old one stops working): the row, which stores only the digest, and
    the secret, which the caller shows this once."""
    MdoFeedToken.objects.filter(user=user).delete()
    secret = secrets.token_urlsafe(32)
    return MdoFeedToken.objects.create(user=user, digest=MdoFeedToken.digest_of(secret)), secret


def mdo_feed_token_revoke(*, user: Any) -> int:
    deleted, _ = MdoFeedToken.objects.filter(user=user).delete()
    return deleted
