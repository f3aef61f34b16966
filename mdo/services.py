"""Writes of the MDO capability about cases: registering, changing, moving, withdrawing and reordering them, and
the checks the other write modules share. Every state change goes through one function that checks it; the
sessions, their attendance and the calendar feed are in mdo.session_services, decisions and letters in
mdo.decision_services.

Registration into a session locks the session row (SELECT ... FOR UPDATE) before it adds up the booked
minutes, so two coordinators taking the last free slot at the same moment are serialised: the second one
sees the first one's case and is refused.
"""

from datetime import date, datetime
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
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
    MdoCase,
    MdoDecision,
    MdoSession,
    MdoType,
    SessionStatus,
)
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.pathway.services import pathway_items_sync
from zorgpad.patients.models import Tumour

# --- checks shared by the session, case and decision writes -----------------------------------------


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
