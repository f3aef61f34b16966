"""Reads of the MDO capability, each in a constant number of queries.

Pages that show patients' data (agenda, overview) write one audit entry per patient shown, in a single
INSERT (bulk), so that the audit trail is complete and the query count stays constant.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from mdo.advice import tumour_advice
from mdo.models import (
    ACTIVE_CASE_STATUSES,
    CaseStatus,
    DecisionStatus,
    Intent,
    MdoAttendance,
    MdoCase,
    MdoDecision,
    MdoDecisionAmendment,
    MdoFeedToken,
    MdoLetter,
    MdoRequiredSlot,
    MdoRosterMember,
    MdoSession,
    MdoType,
    SessionStatus,
    specialty_label,
)
from mdo.presentation import (
    ReadinessTag,
    ShownRecommendation,
    agenda_recommendations,
    case_url_maker,
    readiness_tags,
    tumour_detail,
)
from mdo.rules.agenda import CaseSlot, Load, case_times
from mdo.rules.meeting_day import quorum_judged, session_closed
from mdo.rules.quorum import Attendee, Slot, quorum
from mdo.rules.quorum import Specialty as RuleSpecialty
from zorgpad.accounts.people import person_name
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown
from zorgpad.pathway.selectors import patient_record_map
from zorgpad.pathways.readiness import Imaging, Readiness, ReadinessInput, readiness

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
    case_url, reorder_url = case_url_maker("mdo:case"), case_url_maker("mdo:case-reorder")
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



# --- patient page and follow-up ---------------------------------------------------------------------


@dataclass
class PatientCaseRow:
    case: MdoCase
    decision: MdoDecision | None
    amendments: list[MdoDecisionAmendment]
    letters: list[MdoLetter]

    @property
    def effective(self) -> Any:
        return effective_advice(self.decision, self.amendments) if self.decision else None


def mdo_patient_cases(*, patient: Any) -> list[PatientCaseRow]:
    """Every MDO case of the patient (newest session first) with decision, amendments and letters: 5 queries
    (1 when the patient has no case)."""
    # Most patients are never discussed: a plain existence check costs a quarter of the joined read below.
    if not MdoCase.objects.filter(patient=patient).exists():
        return []
    cases = list(
        MdoCase.objects.filter(patient=patient).select_related("session__mdo_type", "tumour")
        .order_by("-session__date", "-id")
    )
    decisions = {
        d.case_id: d
        for d in MdoDecision.objects.filter(case__patient=patient).select_related("finalised_by")
        .prefetch_related(Prefetch("letters", queryset=MdoLetter.objects.order_by("version")))
    }
    amendments = _amendments_by_decision(d.pk for d in decisions.values())
    rows = []
    for case in cases:
        decision = decisions.get(case.pk)
        rows.append(PatientCaseRow(
            case=case, decision=decision,
            amendments=amendments.get(decision.pk, []) if decision else [],
            letters=list(decision.letters.all()) if decision else [],
        ))
    return rows


@dataclass(frozen=True)
class PatientDecision:
    """A final MDO decision as it stands (amendments applied)."""

    case_external_id: Any
    session_date: date
    mdo_type_name: str
    mdo_type_code: str
    tumour: Any
    intent: str
    intent_label: str
    next_steps: list[str]
    next_step_label: str
    text: str
    finalised_at: datetime
    finalised_by: Any
    amended: bool
    amended_at: datetime | None
    amendment_reason: str
    quorum_met: bool | None


def patient_decisions(*, patient: Any) -> list[PatientDecision]:
    """Final decisions of the patient's MDO cases, newest first, with amendments applied (2 queries)."""
    decisions = list(
        MdoDecision.objects.filter(case__patient=patient, status=DecisionStatus.FINAL)
        .select_related("case__session__mdo_type", "case__tumour", "finalised_by")
        .order_by("-case__session__date", "-finalised_at", "-id")
    )
    amendments = _amendments_by_decision(d.pk for d in decisions)
    result = []
    for d in decisions:
        own = amendments.get(d.pk, [])
        advice = effective_advice(d, own)
        assert d.finalised_at is not None
        result.append(PatientDecision(
            case_external_id=d.case.external_id,
            session_date=d.case.session.date,
            mdo_type_name=d.case.session.mdo_type.name,
            mdo_type_code=d.case.session.mdo_type.code,
            tumour=d.case.tumour,
            intent=advice.intent,
            intent_label=str(Intent(advice.intent).label) if advice.intent else "",
            next_steps=list(advice.next_steps or []),
            next_step_label=advice.next_step_label,
            text=advice.text,
            finalised_at=d.finalised_at,
            finalised_by=d.finalised_by,
            amended=bool(own),
            amended_at=own[-1].created_at if own else None,
            amendment_reason=own[-1].reason if own else "",
            quorum_met=d.quorum_met,
        ))
    return result


def specialty_labels(codes: Iterable[str]) -> list[str]:
    return [specialty_label(c) for c in codes]



def mdo_item_statuses(tumours: list[Any]) -> dict[int, dict[str, Any]]:
    """What the MDO record shows about the pathway's MDO item (registered for zorgpad.pathway): the newest case
    of each tumour that was not withdrawn: discussed (or a final decision) = done, registered = in progress."""
    from zorgpad.pathways.registry import definitions
    from zorgpad.pathways.vocabulary import ItemStatus

    melanoma_mdo = {d.mdo.mdo_type_key for d in definitions() if d.id == "melanoma"}
    out: dict[int, dict[str, Any]] = {}
    cases = (MdoCase.objects.filter(tumour__in=[t.pk for t in tumours], status__in=ACTIVE_CASE_STATUSES)
             .order_by("tumour_id", "-session__date", "-id")
             .values("tumour_id", "status", "decision__status", "session__mdo_type__code"))
    for case in cases:
        statuses = out.setdefault(case["tumour_id"], {})
        # The melanoma pathway: the item is done once the case is registered in the MDO type its definition names
        # (the melanoma-centre MDO), in any of the tumour's active cases.
        if case["session__mdo_type__code"] in melanoma_mdo:
            statuses["mel.melanoma-centre-mdo"] = ItemStatus.DONE
        if "lms.mdo" in statuses:
            continue  # the newest case of the tumour decides
        done = case["status"] == CaseStatus.DISCUSSED or case["decision__status"] == DecisionStatus.FINAL
        statuses["lms.mdo"] = ItemStatus.DONE if done else ItemStatus.IN_PROGRESS
    return out
