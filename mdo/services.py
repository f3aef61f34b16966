"""Writes of the MDO capability. Every state change goes through one function here that checks it.

Registration into a session locks the session row (SELECT ... FOR UPDATE) before it adds up the booked
minutes, so two coordinators taking the last free slot at the same moment are serialised: the second one
sees the first one's case and is refused.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mdo.models import (
    ACTIVE_CASE_STATUSES,
    CaseStatus,
    DecisionStatus,
    Imaging,
    LetterStatus,
    MdoAttendance,
    MdoCase,
    MdoDecision,
    MdoDecisionAmendment,
    MdoFeedToken,
    MdoLetter,
    MdoSession,
    MdoType,
    SessionStatus,
)
from mdo.rules.calendar import holiday_name, hospital_holidays
from mdo.rules.recurrence import Weekday, WeeklyRecurrence, occurrences, registration_deadline
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathway.services import pathway_items_sync, pathway_items_sync_tumours
from zorgpad.patients.models import Tumour
from zorgpad.pdf_render import time_limit_message
from zorgpad.tasks_dispatch import enqueue_now

logger = logging.getLogger(__name__)


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


def _locked_session(session: MdoSession) -> MdoSession:
    return MdoSession.objects.select_for_update(of=("self",)).select_related("mdo_type").get(pk=session.pk)


def _require_open(session: MdoSession, what: str, today: date | None = None) -> None:
    """After the meeting day a session is closed: attendance and agenda order no longer change."""
    from mdo.selectors import session_is_closed

    if session_is_closed(session=session, today=today):
        raise ValidationError(_("The session of %(day)s is closed: %(what)s can no longer be changed.")
                              % {"day": date_format(session.date, "DATE_FORMAT"), "what": what}, code="closed")


def _require_reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: _("Give a reason.")})
    return reason


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


# --- case registration ------------------------------------------------------------------------------


class RegistrationRefused(ValidationError):
    """Registration was refused (deadline passed, session full, or not open); proposes the next session with room."""

    def __init__(self, message: str, *, code: str, proposed: MdoSession | None) -> None:
        super().__init__({"session": [ValidationError(message, code=code)]})
        self.refusal_code = code
        self.proposed_session = proposed


def booked_minutes(session: MdoSession) -> int:
    total = session.cases.filter(status__in=ACTIVE_CASE_STATUSES).aggregate(total=Sum("minutes_needed"))["total"]
    return int(total or 0)


def _session_label(session: MdoSession) -> str:
    return _("%(type)s of %(day)s") % {"type": session.mdo_type.name, "day": date_format(session.date, "l j F Y")}


def _proposal_sentence(proposed: MdoSession | None) -> str:
    if proposed is None:
        return " " + _("No later session with room has been planned yet.")
    return " " + _("The next session with room is the %(session)s.") % {"session": _session_label(proposed)}


def _check_room(
    *, session: MdoSession, minutes: int, user: Any, override_reason: str, now: datetime,
    exclude_case: MdoCase | None = None,
) -> str:
    """Refuse (with a proposal) or return the override reason that lets the registration through."""
    from mdo.selectors import mdo_session_next_with_room

    if session.status == SessionStatus.CANCELLED:
        proposed = mdo_session_next_with_room(mdo_type=session.mdo_type, minutes=minutes, now=now, exclude=session)
        raise RegistrationRefused(
            _("The %(session)s is cancelled.") % {"session": _session_label(session)} + _proposal_sentence(proposed),
            code="cancelled", proposed=proposed,
        )
    qs = session.cases.filter(status__in=ACTIVE_CASE_STATUSES)
    if exclude_case is not None:
        qs = qs.exclude(pk=exclude_case.pk)
    booked = int(qs.aggregate(total=Sum("minutes_needed"))["total"] or 0)
    problems = []
    code = ""
    if now > session.registration_deadline or session.status == SessionStatus.HELD:
        code = "deadline"
        problems.append(
            _("Registration for the %(session)s closed on %(deadline)s.")
            % {"session": _session_label(session),
               "deadline": date_format(timezone.localtime(session.registration_deadline, session.mdo_type.tz),
                                       "l j F Y, H:i")}
        )
    if booked + minutes > session.capacity_minutes:
        code = code or "capacity"
        problems.append(
            _("The %(session)s has %(free)d of %(capacity)d minutes free; this case needs %(minutes)d.")
            % {"session": _session_label(session), "free": max(session.capacity_minutes - booked, 0),
               "capacity": session.capacity_minutes, "minutes": minutes}
        )
    if not problems:
        return ""
    override_reason = (override_reason or "").strip()
    if override_reason:
        if not user.has_perm("mdo.override_mdocase_registration"):
            raise ValidationError({"override_reason": _("Only an MDO coordinator may register past the deadline "
                                                        "or beyond capacity.")})
        return override_reason
    proposed = mdo_session_next_with_room(mdo_type=session.mdo_type, minutes=minutes, now=now, exclude=session)
    raise RegistrationRefused(" ".join(problems) + _proposal_sentence(proposed), code=code, proposed=proposed)


def _raise_constraint(exc: IntegrityError) -> None:
    if "mdo_case_once_per_session" in str(exc):
        raise ValidationError({"tumour": _("This tumour is already on the agenda of this session.")}) from exc
    raise ValidationError({NON_FIELD_ERRORS: _("This value is already used by another record.")}) from exc


def _check_presenting_clinician(user: Any) -> None:
    """Only an active clinician presents a case (the form offers only them; the API and code are held to it)."""
    if user is None or not user.is_active or not user.groups.filter(name=Role.CLINICIAN.value).exists():
        raise ValidationError({"presenting_clinician": _("Choose an active clinician to present the case.")})


def _check_pathway_mdo(*, session: MdoSession, tumour: Tumour, today: date) -> None:
    """A tumour is discussed in the MDO its pathway names (the pathway definition's MDO requirement); a tumour
    outside the pathways in any MDO the clinician chooses."""
    from mdo.selectors import mdo_type_codes_for_tumour

    codes = mdo_type_codes_for_tumour(tumour=tumour, today=today)
    if codes is not None and session.mdo_type.code not in codes:
        names = ", ".join(MdoType.objects.filter(code__in=codes).values_list("name", flat=True)) or ", ".join(codes)
        raise ValidationError({"session": _("The care pathway of this tumour asks for the %(names)s; choose one "
                                            "of its sessions.") % {"names": names}}, code="wrong_mdo")


def _next_position(session: MdoSession) -> int:
    top = session.cases.aggregate(top=Max("position"))["top"]
    return int(top or 0) + 1


def mdo_case_register(
    *, session: MdoSession, tumour: Tumour, question: str, presenting_clinician: Any, user: Any,
    minutes_needed: int | None = None, imaging: str = Imaging.PENDING, referrer_name: str = "",
    referrer_organisation: str = "", override_reason: str = "", now: datetime | None = None,
    request: HttpRequest | None = None,
) -> MdoCase:
    """Put a tumour's case on a session's agenda, if registration is open and the case fits.

    A coordinator may override the deadline and capacity with a reason (kept on the case).
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked_session(session)
        minutes = minutes_needed or session.mdo_type.default_minutes_per_case
        if minutes < 1:
            raise ValidationError({"minutes_needed": _("A case needs at least one minute.")})
        _check_presenting_clinician(presenting_clinician)
        _check_pathway_mdo(session=session, tumour=tumour, today=timezone.localtime(now).date())
        override = _check_room(session=session, minutes=minutes, user=user, override_reason=override_reason, now=now)
        case = MdoCase(
            session=session, patient=tumour.patient, tumour=tumour, question=(question or "").strip(),
            presenting_clinician=presenting_clinician, minutes_needed=minutes, imaging=imaging,
            referrer_name=referrer_name.strip(), referrer_organisation=referrer_organisation.strip(),
            position=_next_position(session), registered_by=user, override_reason=override[:300],
        )
        case.full_clean()
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as exc:
            _raise_constraint(exc)
        detail = f"registered for {session}" + (f"; override: {override}" if override else "")
        audit_record(user=user, action=AuditAction.CREATE, patient=tumour.patient, obj=case, detail=detail,
                     request=request)
        pathway_items_sync(tumour=tumour, user=user)
    return case


CASE_FIELDS = ("question", "minutes_needed", "imaging", "referrer_name", "referrer_organisation",
               "presenting_clinician")


def mdo_case_update(*, case: MdoCase, user: Any, override_reason: str = "", now: datetime | None = None,
                    request: HttpRequest | None = None, **data: Any) -> MdoCase:
    """Change a registered case (question, readiness, minutes...). More minutes must still fit."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _locked_session(case.session)
        case = MdoCase.objects.select_for_update(of=("self",)).select_related("patient", "tumour").get(pk=case.pk)
        if case.status != CaseStatus.REGISTERED:
            raise ValidationError(_("Only a case that has not been discussed yet can be changed."))
        changed = []
        for field, value in data.items():
            if field not in CASE_FIELDS:
                raise ValueError(f"MdoCase.{field} cannot be set here")
            if isinstance(value, str):
                value = value.strip()
            if getattr(case, field) != value:
                setattr(case, field, value)
                changed.append(field)
        if not changed:
            return case
        if "presenting_clinician" in changed:
            _check_presenting_clinician(case.presenting_clinician)
        if "minutes_needed" in changed:
            override = _check_room(session=session, minutes=case.minutes_needed, user=user,
                                   override_reason=override_reason, now=now, exclude_case=case)
            if override:
                case.override_reason = override[:300]
        case.full_clean()
        case.save()
        audit_record(user=user, action=AuditAction.UPDATE, patient=case.patient, obj=case,
                     detail="fields: " + ", ".join(sorted(changed)), request=request)
    return case


def mdo_case_move(*, case: MdoCase, target: MdoSession, user: Any, override_reason: str = "",
                  now: datetime | None = None, request: HttpRequest | None = None) -> MdoCase:
    """Move a registered case to another session of the same MDO type (same checks as registering)."""
    now = now or timezone.now()
    with transaction.atomic():
        # Lock both sessions in a fixed order so that two opposite moves cannot deadlock.
        locked = {s.pk: s for s in MdoSession.objects.select_for_update(of=("self",)).select_related("mdo_type")
                  .filter(pk__in=[case.session_id, target.pk]).order_by("pk")}
        target = locked[target.pk]
        case = MdoCase.objects.select_for_update(of=("self",)).select_related("patient", "session").get(pk=case.pk)
        if case.status != CaseStatus.REGISTERED:
            raise ValidationError(_("Only a case that has not been discussed yet can be moved."))
        if target.pk == case.session_id:
            raise ValidationError({"target": _("The case is already on this session's agenda.")})
        if target.mdo_type_id != case.session.mdo_type_id:
            raise ValidationError({"target": _("A case can only move to a session of the same MDO.")})
        override = _check_room(session=target, minutes=case.minutes_needed, user=user,
                               override_reason=override_reason, now=now)
        source = case.session
        case.session = target
        case.position = _next_position(target)
        if override:
            case.override_reason = override[:300]
        case.full_clean()
        try:
            with transaction.atomic():
                case.save()
        except IntegrityError as exc:
            _raise_constraint(exc)
        audit_record(user=user, action=AuditAction.UPDATE, patient=case.patient, obj=case,
                     detail=f"moved from {source} to {target}", request=request)
    return case


@transaction.atomic
def mdo_case_withdraw(*, case: MdoCase, user: Any, reason: str, request: HttpRequest | None = None) -> MdoCase:
    _locked_session(case.session)
    case = MdoCase.objects.select_for_update(of=("self",)).select_related("patient").get(pk=case.pk)
    reason = _require_reason(reason)
    if case.status != CaseStatus.REGISTERED:
        raise ValidationError(_("Only a case that has not been discussed yet can be withdrawn."))
    if MdoDecision.objects.filter(case=case, status=DecisionStatus.FINAL).exists():
        raise ValidationError(_("A case with a final decision cannot be withdrawn."))
    case.status = CaseStatus.WITHDRAWN
    case.withdrawn_reason = reason[:300]
    case.save(update_fields=["status", "withdrawn_reason", "updated_at"])
    audit_record(user=user, action=AuditAction.UPDATE, patient=case.patient, obj=case,
                 detail=f"withdrawn: {reason}", request=request)
    pathway_items_sync(tumour=case.tumour, user=user)
    return case


@transaction.atomic
def mdo_case_reorder(*, case: MdoCase, direction: str, user: Any, request: HttpRequest | None = None) -> None:
    """Move a case one place up or down the agenda; positions are renumbered 1..n."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": _("Move a case up or down.")})
    session = _locked_session(case.session)
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("The agenda of a cancelled session cannot be changed."))
    _require_open(session, _("the agenda order"))
    cases = list(session.cases.filter(status__in=ACTIVE_CASE_STATUSES).order_by("position", "id"))
    index = next((i for i, c in enumerate(cases) if c.pk == case.pk), None)
    if index is None:
        raise ValidationError(_("This case is not on the agenda."))
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(cases):
        cases[index], cases[other] = cases[other], cases[index]
    for number, item in enumerate(cases, start=1):
        item.position = number
    MdoCase.objects.bulk_update(cases, ["position"])
    audit_record(user=user, action=AuditAction.UPDATE, patient=case.patient, obj=case,
                 detail=f"agenda order: {direction}", request=request)


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


# --- decisions --------------------------------------------------------------------------------------

ADVICE_FIELDS = ("intent", "next_steps", "next_step_other", "text")


def _advice(data: dict[str, Any]) -> dict[str, Any]:
    """The advice fields; a single `next_step` (the former field, still accepted) is a one-item list."""
    data = dict(data)
    if "next_step" in data:
        single = data.pop("next_step")
        data.setdefault("next_steps", [single] if single else [])
    unknown = set(data) - set(ADVICE_FIELDS)
    if unknown:
        raise ValueError(f"not advice fields: {sorted(unknown)}")
    advice: dict[str, Any] = {field: (data.get(field) or "").strip() for field in ADVICE_FIELDS
                              if field != "next_steps"}
    steps = data.get("next_steps") or []
    advice["next_steps"] = list(dict.fromkeys(str(s) for s in ([steps] if isinstance(steps, str) else steps) if s))
    return advice


def _require_complete(advice: dict[str, Any]) -> None:
    errors = {}
    if not advice["intent"]:
        errors["intent"] = _("Choose the intent of the advice.")
    if not advice["next_steps"]:
        errors["next_steps"] = _("Choose at least one next step.")
    if not advice["text"]:
        errors["text"] = _("Write the advice.")
    if errors:
        raise ValidationError(errors)


def _lock_case(case: MdoCase) -> MdoCase:
    return (MdoCase.objects.select_for_update(of=("self",))
            .select_related("patient", "tumour", "session__mdo_type").get(pk=case.pk))


def _save_draft(case: MdoCase, user: Any, advice: dict[str, Any]) -> MdoDecision:
    if case.status == CaseStatus.WITHDRAWN:
        raise ValidationError(_("This case has been withdrawn."))
    decision = MdoDecision.objects.select_for_update().filter(case=case).first()
    if decision is None:
        decision = MdoDecision(case=case, drafted_by=user)
    elif decision.is_final:
        raise ValidationError(_("This decision is final; correct it with an amendment."), code="final")
    for field, value in advice.items():
        setattr(decision, field, value)
    decision.drafted_by = user
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def mdo_decision_save_draft(*, case: MdoCase, user: Any, request: HttpRequest | None = None,
                            **advice: Any) -> MdoDecision:
    case = _lock_case(case)
    decision = _save_draft(case, user, _advice(advice))
    audit_record(user=user, action=AuditAction.UPDATE, patient=case.patient, obj=decision, detail="draft",
                 request=request)
    return decision


def _enqueue_letter(letter_id: int) -> None:
    """Publish the render (fast fail when the broker is down: the row stays queued and the beat re-queues it)."""
    from mdo.tasks import mdo_letter_render_task

    enqueue_now(mdo_letter_render_task, letter_id)


def _queue_letter(decision: MdoDecision, version: int) -> MdoLetter:
    letter, _created = MdoLetter.objects.get_or_create(decision=decision, version=version)
    transaction.on_commit(lambda: _enqueue_letter(letter.pk))
    return letter


@transaction.atomic
def mdo_decision_finalise(
    *, case: MdoCase, user: Any, quorum_override_reason: str = "", now: datetime | None = None,
    request: HttpRequest | None = None, **advice: Any,
) -> MdoDecision:
    """Save the advice and lock it. Needs quorum, or an explicit override with a reason (kept).

    Produces the decision letter through Celery, after commit.
    """
    from mdo.selectors import session_quorum

    if not user.has_perm("mdo.finalise_mdodecision"):
        raise PermissionDenied
    now = now or timezone.now()
    session = _locked_session(case.session)  # sessions before cases, everywhere: no lock-order deadlock
    case = _lock_case(case)
    decision = _save_draft(case, user, _advice(advice))
    _require_complete({f: getattr(decision, f) for f in ADVICE_FIELDS})
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("The session is cancelled: move the case to another session first."))
    if session.date > timezone.localtime(now, session.mdo_type.tz).date():
        raise ValidationError(_("A decision can be finalised from the day of the meeting (%(day)s).")
                              % {"day": date_format(session.date, "DATE_FORMAT")})
    quorum = session_quorum(session=session, today=timezone.localtime(now, session.mdo_type.tz).date())
    reason = (quorum_override_reason or "").strip()
    if quorum.met:
        reason = ""
    else:
        if not reason:
            raise ValidationError({"quorum_override_reason": _(
                "No quorum: %(missing)s not present. Give a reason to finalise without quorum."
            ) % {"missing": ", ".join(quorum.missing_labels)}}, code="no_quorum")
        if not user.has_perm("mdo.override_mdoquorum"):
            raise ValidationError({"quorum_override_reason": _("You may not finalise a decision without quorum.")})
    decision.status = DecisionStatus.FINAL
    decision.finalised_at = now
    decision.finalised_by = user
    decision.attendees = [{"name": a.name, "specialty": a.specialty} for a in quorum.attendances]
    decision.quorum_met = quorum.met
    decision.quorum_missing = [list(slot.specialties) for slot in quorum.missing_slots]
    decision.quorum_override_reason = reason[:300]
    decision.save()
    case.status = CaseStatus.DISCUSSED
    case.save(update_fields=["status", "updated_at"])
    _mark_held(session, user)
    _queue_letter(decision, 0)
    audit_record(user=user, action=AuditAction.UPDATE, patient=case.patient, obj=decision,
                 detail="finalised" + ("" if quorum.met else f" without quorum: {reason}"), request=request)
    pathway_items_sync(tumour=case.tumour, user=user)
    return decision


@transaction.atomic
def mdo_decision_amend(*, decision: MdoDecision, user: Any, reason: str, request: HttpRequest | None = None,
                       **advice: Any) -> MdoDecisionAmendment:
    """Correct a final decision. The original (and earlier amendments) stay as they were."""
    if not user.has_perm("mdo.finalise_mdodecision"):
        raise PermissionDenied
    decision = MdoDecision.objects.select_for_update().select_related("case__patient").get(pk=decision.pk)
    if not decision.is_final:
        raise ValidationError(_("Only a final decision is amended; change the draft instead."))
    reason = _require_reason(reason)
    values = _advice(advice)
    _require_complete(values)
    previous = decision.amendments.order_by("-number").first() or decision
    if all(getattr(previous, f) == values[f] for f in ADVICE_FIELDS):
        raise ValidationError(_("The amendment changes nothing."))
    number = (previous.number if isinstance(previous, MdoDecisionAmendment) else 0) + 1
    amendment = MdoDecisionAmendment(decision=decision, number=number, reason=reason[:300], created_by=user,
                                     **values)
    amendment.full_clean()
    amendment.save()
    _queue_letter(decision, number)
    audit_record(user=user, action=AuditAction.UPDATE, patient=decision.case.patient, obj=decision,
                 detail=f"amendment {number}: {reason}", request=request)
    return amendment


# --- letters ----------------------------------------------------------------------------------------


def mdo_letter_render(*, letter_id: int) -> MdoLetter:
    """Render, store (with SHA-256) and mark ready. Idempotent: a ready letter is left alone."""
    from mdo import pdf

    with transaction.atomic():
        letter = MdoLetter.objects.select_for_update(of=("self",)).select_related(
            "decision__case__patient", "decision__case__tumour", "decision__case__session__mdo_type",
            "decision__case__presenting_clinician", "decision__finalised_by",
        ).get(pk=letter_id)
        if letter.status == LetterStatus.DONE and letter.file:
            return letter
        try:
            content = pdf.decision_letter_pdf(letter=letter)
        except SoftTimeLimitExceeded:  # the task's time budget (PDF_TASK_SOFT_TIME_LIMIT): a clear reason
            logger.warning("MDO letter %s: render stopped by the time limit", letter_id)
            letter.status = LetterStatus.FAILED
            letter.error = time_limit_message(settings.PDF_TASK_SOFT_TIME_LIMIT)[:300]
            letter.save(update_fields=["status", "error"])
            return letter
        except Exception as exc:
            logger.exception("MDO letter %s failed to render", letter_id)
            letter.status = LetterStatus.FAILED
            letter.error = f"{type(exc).__name__}: {exc}"[:300]
            letter.save(update_fields=["status", "error"])
            return letter
        case = letter.decision.case
        letter.file.save(f"mdo-advies-{case.external_id}-v{letter.version}.pdf", ContentFile(content), save=False)
        letter.sha256 = hashlib.sha256(content).hexdigest()
        letter.status = LetterStatus.DONE
        letter.error = ""
        letter.rendered_at = timezone.now()
        letter.save()
        audit_record(user=None, action=AuditAction.CREATE, patient=case.patient, obj=letter,
                     detail=f"decision letter v{letter.version} rendered")
    return letter


@transaction.atomic
def mdo_letter_requeue(*, letter: MdoLetter, user: Any, request: HttpRequest | None = None) -> MdoLetter:
    letter = MdoLetter.objects.select_for_update(of=("self",)).select_related("decision__case__patient").get(
        pk=letter.pk)
    if letter.status == LetterStatus.DONE:
        raise ValidationError(_("This letter is ready."))
    letter.status = LetterStatus.QUEUED
    letter.error = ""
    letter.save(update_fields=["status", "error"])
    transaction.on_commit(lambda: _enqueue_letter(letter.pk))
    audit_record(user=user, action=AuditAction.UPDATE, patient=letter.decision.case.patient, obj=letter,
                 detail="letter re-queued", request=request)
    return letter


def mdo_letters_requeue_stale(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Beat: letters still queued after a while (worker or broker was down) are enqueued again."""
    stale = list(MdoLetter.objects.filter(status=LetterStatus.QUEUED, created_at__lt=timezone.now() - older_than)
                 .values_list("pk", flat=True))
    for pk in stale:
        _enqueue_letter(pk)
    return len(stale)


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

