"""The MDO coordinator's start page: coming sessions with readiness, quorum and capacity, registrations made
after the deadline, past sessions still to close."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.paginator import Page
from django.db.models import Count, Exists, F, OuterRef, Q

from mdo.advice import tumour_advice
from mdo.agenda_selectors import case_readiness
from mdo.models import (
    ACTIVE_CASE_STATUSES,
    CaseStatus,
    DecisionStatus,
    MdoCase,
    MdoSession,
    SessionStatus,
)
from mdo.rules.agenda import Load
from mdo.selectors import QuorumView, mdo_session_list, quorum_prefetch, session_quorum
from today.selectors.common import living, paginate


@dataclass(frozen=True)
class SessionRow:
    session: MdoSession
    load: Load
    cases: int
    not_ready: int
    quorum: QuorumView | None  # None on the list of sessions to close

    @property
    def ready(self) -> int:
        return self.cases - self.not_ready


def coming_sessions_page(*, page: Any, today: date) -> Page:
    """Planned sessions from today on, the nearest first, each with its load, how many of its cases are ready
    (the agenda's own readiness checklist) and the quorum: judged on the meeting day, expected from the roster
    before it."""
    sessions = (mdo_session_list(date_after=today, status=SessionStatus.PLANNED).filter(mdo_type__active=True)
                .prefetch_related(*quorum_prefetch()))
    result = paginate(sessions, page)
    cases = list(MdoCase.objects.filter(living("patient__"), session__in=[s.pk for s in result.object_list],
                                        status=CaseStatus.REGISTERED).select_related("tumour__patient"))
    advice = tumour_advice(cases=cases, today=today)
    counts: dict[int, list[int]] = {}
    for case in cases:
        state = case_readiness(case, advice.get(case.tumour_id) if advice is not None else None, advice is not None)
        tally = counts.setdefault(case.session_id, [0, 0])
        tally[0] += 1
        tally[1] += 0 if state.ready else 1
    result.object_list = [
        SessionRow(session=s, load=Load(booked=s.booked, capacity=s.capacity_minutes),
                   cases=counts.get(s.pk, [0, 0])[0], not_ready=counts.get(s.pk, [0, 0])[1],
                   quorum=session_quorum(session=s))
        for s in result.object_list
    ]
    return result


def late_registrations_page(*, page: Any, today: date) -> Page:
    """Cases registered after their session's registration deadline, for sessions still to come."""
    cases = (MdoCase.objects.filter(living("patient__"), status=CaseStatus.REGISTERED,
                                    session__status=SessionStatus.PLANNED, session__date__gte=today,
                                    registered_at__gt=F("session__registration_deadline"))
             .select_related("patient", "session__mdo_type", "registered_by")
             .order_by("session__date", "session__start_time", "registered_at", "id"))
    return paginate(cases, page)


def sessions_to_close_page(*, page: Any, today: date) -> Page:
    """Sessions whose day has passed and that are not finished: still planned (not marked held), or held with a
    case on the agenda whose decision is not finalised; oldest first. `not_ready` counts those open decisions."""
    open_decision = (MdoCase.objects.filter(session=OuterRef("pk"), status__in=ACTIVE_CASE_STATUSES)
                     .exclude(decision__status=DecisionStatus.FINAL))
    sessions = (mdo_session_list().filter(date__lt=today).exclude(status=SessionStatus.CANCELLED)
                .annotate(open_decisions=Count("cases", filter=Q(cases__status__in=ACTIVE_CASE_STATUSES)
                                               & ~Q(cases__decision__status=DecisionStatus.FINAL), distinct=True))
                .filter(Q(status=SessionStatus.PLANNED) | Exists(open_decision)))
    result = paginate(sessions, page)
    result.object_list = [SessionRow(session=s, load=Load(booked=s.booked, capacity=s.capacity_minutes),
                                     cases=s.case_count, not_ready=s.open_decisions, quorum=None)
                          for s in result.object_list]
    return result
