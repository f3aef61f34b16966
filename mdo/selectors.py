"""Reads of the MDO capability, each in a constant number of queries: sessions, their quorum, and decisions as
they stand (amendments applied). The coordinator's pages read through mdo.agenda_selectors, a patient's MDO
history through mdo.patient_selectors; both build on these.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mdo.models import (
    ACTIVE_CASE_STATUSES,
    MdoAttendance,
    MdoDecision,
    MdoDecisionAmendment,
    MdoFeedToken,
    MdoRequiredSlot,
    MdoRosterMember,
    MdoSession,
    MdoType,
    SessionStatus,
)
from mdo.rules.meeting_day import quorum_judged, session_closed
from mdo.rules.quorum import Attendee, Slot, quorum
from mdo.rules.quorum import Specialty as RuleSpecialty

# --- sessions ---------------------------------------------------------------------------------------


def _booked() -> Any:
    return Coalesce(Sum("cases__minutes_needed", filter=Q(cases__status__in=ACTIVE_CASE_STATUSES)), 0)


def mdo_type_list(*, active_only: bool = True) -> QuerySet[MdoType]:
    qs = MdoType.objects.all()
    return qs.filter(active=True) if active_only else qs


def mdo_feed_token_get(*, user: Any) -> MdoFeedToken | None:
    """The user's calendar key (its digest and date; the key itself is not stored), or None."""
    return MdoFeedToken.objects.filter(user=user).first()


def mdo_session_list(
    *, mdo_type_code: str | None = None, date_after: date | None = None, date_before: date | None = None,
    status: str | None = None,
) -> QuerySet[MdoSession]:
    """Sessions with their booked minutes (`booked`) and number of active cases (`case_count`)."""
    qs = MdoSession.objects.select_related("mdo_type").annotate(
        booked=_booked(),
        case_count=Count("cases", filter=Q(cases__status__in=ACTIVE_CASE_STATUSES)),
    )
    if mdo_type_code:
        qs = qs.filter(mdo_type__code=mdo_type_code)
    if date_after:
        qs = qs.filter(date__gte=date_after)
    if date_before:
        qs = qs.filter(date__lte=date_before)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("date", "start_time", "id")


def mdo_session_get(*, external_id: Any) -> MdoSession:
    return get_object_or_404(MdoSession.objects.select_related("mdo_type"), external_id=external_id)


def mdo_session_next_with_room(
    *, mdo_type: MdoType, minutes: int, now: datetime, exclude: MdoSession | None = None,
) -> MdoSession | None:
    """The first planned session of this MDO that is still open for registration and has `minutes` free."""
    qs = (
        MdoSession.objects.select_related("mdo_type")
        .filter(mdo_type=mdo_type, status=SessionStatus.PLANNED, registration_deadline__gte=now)
        .annotate(booked=_booked())
        .filter(booked__lte=F("capacity_minutes") - minutes)
        .order_by("date", "start_time", "id")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.first()


def mdo_sessions_open_for_registration(*, now: datetime, weeks: int = 26) -> QuerySet[MdoSession]:
    """Planned sessions that have not been held, for the registration form (with booked minutes)."""
    today = timezone.localtime(now).date()
    return mdo_session_list(
        date_after=today, date_before=today + timedelta(weeks=weeks), status=SessionStatus.PLANNED
    )


def mdo_type_codes_for_tumour(*, tumour: Any, today: date) -> list[str] | None:
    """The MDO type(s) the tumour's pathway names (its definition's MDO requirement), from the one pathway
    decision; None when no pathway covers the tumour (then the clinician chooses among all MDOs)."""
    from zorgpad.pathway.selectors import tumour_decision

    definition = tumour_decision(tumour=tumour, today=today).pathway
    return [definition.mdo.mdo_type_key] if definition is not None else None


def mdo_sessions_for_tumour(*, tumour: Any, now: datetime, include_past_deadline: bool = False,
                            weeks: int = 26) -> tuple[QuerySet[MdoSession], list[str] | None]:
    """The sessions a tumour can be registered for: planned, from today on, of the MDO its pathway names, and
    (unless a coordinator may override the deadline) still open for registration. Also returns the MDO type
    codes (None: no pathway names one)."""
    codes = mdo_type_codes_for_tumour(tumour=tumour, today=timezone.localtime(now).date())
    qs = mdo_sessions_open_for_registration(now=now, weeks=weeks).filter(mdo_type__active=True)
    if codes is not None:
        qs = qs.filter(mdo_type__code__in=codes)
    if not include_past_deadline:
        qs = qs.filter(registration_deadline__gte=now)
    return qs, codes


# --- quorum -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SlotView:
    slot: MdoRequiredSlot
    filled_by: MdoAttendance | None

    @property
    def label(self) -> str:
        return self.slot.label


@dataclass(frozen=True)
class RosterRow:
    member: MdoRosterMember
    present: MdoAttendance | None


@dataclass(frozen=True)
class QuorumView:
    """The quorum as the session page shows it. Before the meeting day it is not judged (`judged` False,
    `met` False): `expected_met` says whether the roster's expected members would make it. From the meeting day
    on, `met` is judged from the attendance."""

    met: bool
    slots: tuple[SlotView, ...]
    attendances: tuple[MdoAttendance, ...]
    judged: bool = True
    expected_met: bool | None = None
    expected_missing: tuple[str, ...] = ()
    closed: bool = False
    roster: tuple[RosterRow, ...] = ()

    @property
    def missing_slots(self) -> tuple[MdoRequiredSlot, ...]:
        return tuple(s.slot for s in self.slots if s.filled_by is None)

    @property
    def missing_labels(self) -> list[str]:
        return [s.label for s in self.missing_slots]

    @property
    def guests(self) -> tuple[MdoAttendance, ...]:
        return tuple(a for a in self.attendances if a.roster_member_id is None)


def session_is_closed(*, session: MdoSession, today: date | None = None) -> bool:
    """Closed after the meeting day (held), also before the nightly task has marked it so."""
    today = today or timezone.localdate()
    return session_closed(session.date, today, cancelled=session.status == SessionStatus.CANCELLED)


def session_as_shown(session: MdoSession, today: date | None = None) -> MdoSession:
    """A planned session whose meeting day has passed is shown as held (closed), also before the nightly task
    (session_services.mdo_sessions_close) stores it so. Changes the instance in memory only."""
    if session.status == SessionStatus.PLANNED and session_is_closed(session=session, today=today):
        session.status = SessionStatus.HELD
    return session


def session_quorum(*, session: MdoSession, today: date | None = None) -> QuorumView:
    """The one entry point for an MDO session's quorum (pages, decisions, quality indicators).

    Uses prefetched `mdo_type.required_slots`, `mdo_type.roster_members` and `attendances` when present (no
    extra queries)."""
    today = today or timezone.localdate()
    slots = list(session.mdo_type.required_slots.all())
    rule_slots = [Slot(str(s.pk), frozenset(RuleSpecialty(code) for code in s.specialties)) for s in slots]
    attendances = list(session.attendances.all())
    roster = [m for m in session.mdo_type.roster_members.all() if m.active]
    result = quorum(rule_slots, [Attendee(str(a.pk), RuleSpecialty(a.specialty)) for a in attendances])
    by_key = {str(a.pk): a for a in attendances}
    views = tuple(
        SlotView(slot=s, filled_by=by_key[status.filled_by] if status.filled_by else None)
        for s, status in zip(slots, result.slots, strict=True)
    )
    judged = quorum_judged(session.date, today)
    expected_met: bool | None = None
    expected_missing: tuple[str, ...] = ()
    if not judged:
        expected = quorum(rule_slots, [Attendee(str(m.pk), RuleSpecialty(m.specialty)) for m in roster])
        expected_met = expected.met
        expected_missing = tuple(s.label for s, st in zip(slots, expected.slots, strict=True) if not st.filled)
    present = {a.roster_member_id: a for a in attendances if a.roster_member_id is not None}
    return QuorumView(
        met=result.met and judged, slots=views, attendances=tuple(attendances), judged=judged,
        expected_met=expected_met, expected_missing=expected_missing,
        closed=session_is_closed(session=session, today=today),
        roster=tuple(RosterRow(member=m, present=present.get(m.pk)) for m in roster),
    )


def quorum_prefetch() -> list[Any]:
    """What session_quorum reads, to prefetch with a list of sessions (no query per session)."""
    return [
        Prefetch("mdo_type__required_slots", queryset=MdoRequiredSlot.objects.order_by("position", "id")),
        Prefetch("mdo_type__roster_members", queryset=MdoRosterMember.objects.order_by("position", "id")),
        Prefetch("attendances", queryset=MdoAttendance.objects.order_by("recorded_at", "id")),
    ]


# --- decisions --------------------------------------------------------------------------------------


def effective_advice(decision: MdoDecision, amendments: list[MdoDecisionAmendment]) -> Any:
    """The advice as it stands: the latest amendment, or the decision itself."""
    return amendments[-1] if amendments else decision


def _amendments_by_decision(decision_ids: Iterable[int]) -> dict[int, list[MdoDecisionAmendment]]:
    grouped: dict[int, list[MdoDecisionAmendment]] = defaultdict(list)
    ids = list(decision_ids)
    if ids:
        for amendment in (MdoDecisionAmendment.objects.filter(decision_id__in=ids)
                          .select_related("created_by").order_by("decision_id", "number")):
            grouped[amendment.decision_id].append(amendment)
    return grouped
