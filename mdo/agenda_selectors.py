"""The MDO coordinator's reads: a session's agenda, one case with its decision and letters, and the overview of
sessions to come, cases not ready and sessions without quorum, each in a constant number of queries.

Pages that show patients' data (agenda, overview) write one audit entry per patient shown, in a single
INSERT (bulk), so that the audit trail is complete and the query count stays constant.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mdo.advice import tumour_advice
from mdo.models import (
    ACTIVE_CASE_STATUSES,
    CaseStatus,
    MdoCase,
    MdoDecision,
    MdoDecisionAmendment,
    MdoLetter,
    MdoSession,
    SessionStatus,
)
from mdo.presentation import (
    ReadinessTag,
    ShownRecommendation,
    agenda_recommendations,
    readiness_tags,
    tumour_detail,
)
from mdo.rules.agenda import CaseSlot, Load, case_times
from mdo.selectors import (
    QuorumView,
    _amendments_by_decision,
    _booked,
    effective_advice,
    mdo_session_list,
    quorum_prefetch,
    session_as_shown,
    session_quorum,
)
from zorgpad.accounts.people import person_name
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown
from zorgpad.pathway.selectors import patient_record_map
from zorgpad.pathways.readiness import Imaging, Readiness, ReadinessInput, readiness
from zorgpad.reversing import url_for_each

# --- agenda -----------------------------------------------------------------------------------------


def _audit_reads(*, user: Any, patients: Iterable[Any], object_type: str, object_id: str, detail: str,
                 request: HttpRequest | None, action: str = AuditAction.LIST) -> None:
    """One entry per patient shown, in one INSERT."""
    audit_record_shown(user=user, action=action, patient_ids=[p.external_id for p in patients],
                       object_type=object_type, object_id=object_id, detail=detail, request=request)


def case_readiness(case: MdoCase, advice: Any | None, staging_known: bool) -> Readiness:
    """The checklist, with the pathway's own decision on the tumour (the one the advice was built from)."""
    stage_recorded: bool | None = None
    if staging_known:
        stage_recorded = advice is not None and getattr(advice, "stage", None) is not None
    decision = getattr(advice, "decision", None)
    return readiness(ReadinessInput(
        pathology_source=case.tumour.pathology_source,
        revision_status=case.tumour.revision_status,
        imaging=Imaging(case.imaging),
        stage_recorded=stage_recorded,
        imaging_needed=decision.imaging_needed if decision is not None else True,
        staging_applicable=decision.staging.applicable if decision is not None else True,
        braf_needed=decision.braf_needed if decision is not None else False,
        braf_recorded=case.tumour.braf_v600 in ("mutant", "wild_type"),
    ))


@dataclass
class AgendaRow:
    number: int
    case: MdoCase
    slot: CaseSlot
    readiness: Readiness
    advice: Any | None
    decision: MdoDecision | None
    amendments: list[MdoDecisionAmendment] = field(default_factory=list)
    # Worked out once per row, so that the page of 40 cases only prints them (the agenda's cost was its rows).
    css: str = ""  # not-ready, overrun
    case_url: str = ""
    reorder_url: str = ""
    time_range: str = ""
    patient_name: str = ""
    patient_detail: str = ""  # hospital number · date of birth
    diagnosis: str = ""
    tumour_detail: str = ""  # site · diameter · grade
    presenter: str = ""
    key_recommendations: list[ShownRecommendation] = field(default_factory=list)  # alerts and warnings
    more_recommendations: str = ""  # the informational rest, as a link to the case ("nog 3 aanbevelingen")
    readiness_tags: list[ReadinessTag] = field(default_factory=list)

    @property
    def effective(self) -> Any:
        return effective_advice(self.decision, self.amendments) if self.decision else None


@dataclass
class Agenda:
    session: MdoSession
    rows: list[AgendaRow]
    quorum: QuorumView
    load: Load
    staging_available: bool

    @property
    def not_ready(self) -> int:
        return sum(1 for r in self.rows if not r.readiness.ready)

    @property
    def staging_unavailable(self) -> bool:
        return not self.staging_available


def mdo_agenda_get(*, external_id: Any, user: Any, request: HttpRequest | None = None,
                   today: date | None = None, printed: bool = False) -> Agenda:
    """The session, its cases in agenda order with times, readiness, stage and decisions, and the quorum."""
    session = get_object_or_404(
        MdoSession.objects.select_related("mdo_type").prefetch_related(*quorum_prefetch()),
        external_id=external_id,
    )
    session_as_shown(session, today)
    # The patients by id (a plain query: one six-table join took longer to plan than to run), then their records
    # (the pathway's reads), whose tumours include the cases' own.
    cases = list(
        MdoCase.objects.filter(session=session, status__in=ACTIVE_CASE_STATUSES)
        .select_related("presenting_clinician", "decision").prefetch_related("patient")
        .order_by("position", "id")
    )
    patients = {case.patient_id: case.patient for case in cases}
    records = patient_record_map(patient_ids=patients, patients=patients)
    tumours = {tumour.pk: tumour for record in records.values() for tumour in record.tumours}
    for case in cases:
        # The case's tumour is its patient's (MdoCase.clean); were it ever not, it is read as it is.
        case.tumour = tumours.get(case.tumour_id) or case.tumour
    today = today or timezone.localdate()
    advice = tumour_advice(cases=cases, today=today, records=records)
    decisions = {c.pk: d for c in cases if (d := getattr(c, "decision", None)) is not None}
    amendments = _amendments_by_decision(d.pk for d in decisions.values())
    times = case_times(
        meeting_start=datetime.combine(session.date, session.start_time),
        meeting_end=datetime.combine(session.date, session.end_time),
        minutes=[c.minutes_needed for c in cases],
    )
    rows = []
    case_url, reorder_url = url_for_each("mdo:case"), url_for_each("mdo:case-reorder")
    for number, (case, slot) in enumerate(zip(cases, times, strict=True), start=1):
        tumour_advice_ = advice.get(case.tumour_id) if advice is not None else None
        decision = decisions.get(case.pk)
        readiness_ = case_readiness(case, tumour_advice_, advice is not None)
        key, more = agenda_recommendations(getattr(tumour_advice_, "recommendations", None) or [])
        rows.append(AgendaRow(
            number=number, case=case, slot=slot, readiness=readiness_,
            advice=tumour_advice_, decision=decision,
            amendments=amendments.get(decision.pk, []) if decision else [],
            css=" ".join(c for c, on in (("not-ready", not readiness_.ready), ("overrun", slot.overruns)) if on),
            case_url=case_url(case.external_id), reorder_url=reorder_url(case.external_id),
            time_range=f"{slot.start:%H:%M}\u2013{slot.end:%H:%M}",  # en dash, as in the page head
            patient_name=case.patient.display_name,
            patient_detail=f"{case.patient.hospital_number} · {case.patient.date_of_birth:%d-%m-%Y}",
            diagnosis=case.tumour.diagnosis_label, tumour_detail=tumour_detail(case.tumour),
            presenter=person_name(case.presenting_clinician),
            key_recommendations=key, more_recommendations=more,
            readiness_tags=readiness_tags(readiness_),
        ))
    _audit_reads(user=user, patients=[c.patient for c in cases], object_type="mdo.mdosession",
                 object_id=str(session.external_id), detail="MDO agenda PDF" if printed else "MDO agenda",
                 action=AuditAction.PRINT if printed else AuditAction.LIST, request=request)
    return Agenda(
        session=session, rows=rows, quorum=session_quorum(session=session),
        load=Load(booked=sum(c.minutes_needed for c in cases), capacity=session.capacity_minutes),
        staging_available=advice is not None,
    )


def mdo_session_with_quorum(*, external_id: Any) -> tuple[MdoSession, QuorumView]:
    session = get_object_or_404(
        MdoSession.objects.select_related("mdo_type").prefetch_related(*quorum_prefetch()),
        external_id=external_id,
    )
    return session_as_shown(session), session_quorum(session=session)


# --- one case ---------------------------------------------------------------------------------------


@dataclass
class CaseDetail:
    case: MdoCase
    decision: MdoDecision | None
    amendments: list[MdoDecisionAmendment]
    letters: list[MdoLetter]
    quorum: QuorumView
    readiness: Readiness
    advice: Any | None
    staging_available: bool

    @property
    def effective(self) -> Any:
        return effective_advice(self.decision, self.amendments) if self.decision else None


def mdo_case_get(*, external_id: Any, user: Any, request: HttpRequest | None = None,
                 today: date | None = None) -> CaseDetail:
    case = get_object_or_404(
        MdoCase.objects.select_related("patient", "tumour__patient", "presenting_clinician", "registered_by",
                                       "session__mdo_type"),
        external_id=external_id,
    )
    session = (MdoSession.objects.select_related("mdo_type").prefetch_related(*quorum_prefetch())
               .get(pk=case.session_id))
    case.session = session_as_shown(session, today)
    decision = (MdoDecision.objects.select_related("finalised_by", "drafted_by").filter(case=case).first())
    amendments = _amendments_by_decision([decision.pk]).get(decision.pk, []) if decision else []
    letters = list(MdoLetter.objects.filter(decision=decision).order_by("version")) if decision else []
    advice_map = tumour_advice(cases=[case], today=today or timezone.localdate())
    advice = advice_map.get(case.tumour_id) if advice_map is not None else None

    audit_record(user=user, action=AuditAction.VIEW, patient=case.patient, obj=case, request=request)
    return CaseDetail(
        case=case, decision=decision, amendments=amendments, letters=letters,
        quorum=session_quorum(session=session),
        readiness=case_readiness(case, advice, advice_map is not None), advice=advice,
        staging_available=advice_map is not None,
    )


# --- coordinator overview ---------------------------------------------------------------------------


@dataclass
class OverviewSession:
    session: MdoSession
    load: Load
    quorum: QuorumView | None  # only for sessions on or before today


@dataclass
class NotReadyCase:
    case: MdoCase
    readiness: Readiness


@dataclass
class Overview:
    upcoming: list[OverviewSession]
    not_ready: list[NotReadyCase]
    without_quorum: list[OverviewSession]
    staging_available: bool


def mdo_overview(*, user: Any, request: HttpRequest | None = None, today: date | None = None,
                 weeks_ahead: int = 8, weeks_back: int = 4) -> Overview:
    today = today or timezone.localdate()
    upcoming = list(
        mdo_session_list(date_after=today, date_before=today + timedelta(weeks=weeks_ahead))
        .filter(mdo_type__active=True)
    )
    # Sessions that met (or meet today) with cases on the agenda or attendance recorded; a past session
    # with neither did not discuss anyone and is left out.
    recent = list(
        MdoSession.objects.select_related("mdo_type").prefetch_related(*quorum_prefetch())
        .filter(date__gte=today - timedelta(weeks=weeks_back), date__lte=today)
        .exclude(status=SessionStatus.CANCELLED)
        .annotate(booked=_booked())
        .order_by("-date", "start_time")
    )
    for session in recent:
        session_as_shown(session, today)
    quorum_by_session = {s.pk: session_quorum(session=s, today=today) for s in recent}
    without_quorum = [
        OverviewSession(session=s, load=Load(s.booked, s.capacity_minutes), quorum=quorum_by_session[s.pk])
        for s in recent
        if not quorum_by_session[s.pk].met and (s.booked or quorum_by_session[s.pk].attendances)
    ]
    cases = list(
        MdoCase.objects.filter(
            status=CaseStatus.REGISTERED, session__status=SessionStatus.PLANNED, session__date__gte=today,
            session__date__lte=today + timedelta(weeks=weeks_ahead),
        ).select_related("patient", "tumour__patient", "session__mdo_type").order_by("session__date", "position", "id")
    )
    advice = tumour_advice(cases=cases, today=today)
    not_ready = []
    for case in cases:
        state = case_readiness(case, advice.get(case.tumour_id) if advice is not None else None, advice is not None)
        if not state.ready:
            not_ready.append(NotReadyCase(case=case, readiness=state))
    _audit_reads(user=user, patients=[n.case.patient for n in not_ready], object_type="mdo.overview",
                 object_id="", detail="MDO overview: cases not ready", request=request)
    return Overview(
        upcoming=[
            OverviewSession(
                session=s, load=Load(booked=s.booked, capacity=s.capacity_minutes),  # type: ignore[attr-defined]
                quorum=quorum_by_session.get(s.pk),
            )
            for s in upcoming
        ],
        not_ready=not_ready, without_quorum=without_quorum, staging_available=advice is not None,
    )
