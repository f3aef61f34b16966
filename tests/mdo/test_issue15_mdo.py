"""Issue 15, item 5: sessions offered by the tumour's pathway, closing, roster attendance, quorum on the day,
several next steps, back to where you came from, meeting mode."""

import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mdo import decision_services, selectors, services, session_services
from mdo.models import MdoAttendance, MdoCase, MdoDecision, MdoRosterMember, SessionStatus
from mdo.rules.meeting_day import Phase, meeting_phase, quorum_judged, session_closed
from mdo.session_services import mdo_attendance_roster_set, mdo_sessions_close
from mdo.tasks import mdo_sessions_close_task
from tests.factories import TumourFactory
from tests.mdo.factories import SARCOMA_QUORUM, MdoCaseFactory, MdoSessionFactory, MdoTypeFactory, full_quorum
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.patients.models import Diagnosis

pytestmark = pytest.mark.django_db

TODAY = dt.date(2030, 3, 4)  # pure rules only


def _today() -> dt.date:
    return timezone.localdate()


def _session(days: int, **kwargs):
    return MdoSessionFactory(original_date=_today() + dt.timedelta(days=days), **kwargs)


def _roster(mdo_type, members=SARCOMA_QUORUM) -> list[MdoRosterMember]:
    return [MdoRosterMember.objects.create(mdo_type=mdo_type, name=name, specialty=specialty, position=i)
            for i, (name, specialty) in enumerate(members, start=1)]


# --- pure rules: the meeting day ----------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "phase", "judged", "closed"), [
    (-1, Phase.AFTER, True, True),        # rule: closed after the meeting day; quorum judged
    (0, Phase.MEETING_DAY, True, False),  # rule: on the day quorum is judged, the session still open
    (1, Phase.BEFORE, False, False),      # rule: before the day quorum is only expected
    (30, Phase.BEFORE, False, False),
])
def test_rule_meeting_day_phase(days: int, phase: Phase, judged: bool, closed: bool) -> None:
    meeting = TODAY + dt.timedelta(days=days)
    assert meeting_phase(meeting, TODAY) is phase
    assert quorum_judged(meeting, TODAY) is judged
    assert session_closed(meeting, TODAY, cancelled=False) is closed


def test_rule_a_cancelled_session_never_closes() -> None:
    assert session_closed(TODAY - dt.timedelta(days=3), TODAY, cancelled=True) is False


# --- sessions offered -----------------------------------------------------------------------------------------


def test_registration_offers_only_open_future_sessions_of_the_pathways_mdo(sarcoma, clinician_client,
                                                                           coordinator_client) -> None:
    melanoma_mdo = MdoTypeFactory(code="melanoma-regional", name="Melanoom-MDO")
    open_ = _session(14)
    past = _session(-7)
    cancelled = _session(21, status=SessionStatus.CANCELLED)
    deadline_passed = _session(1)  # registration closed two days before the meeting
    other_type = MdoSessionFactory(mdo_type=melanoma_mdo, original_date=_today() + dt.timedelta(days=10),
                                   registration_deadline=timezone.now() + dt.timedelta(days=5))
    tumour = TumourFactory()  # a subcutaneous leiomyosarcoma: the pathway names the sarcoma MDO
    url = reverse("mdo:case-register") + f"?tumour={tumour.external_id}"
    offered = set(clinician_client.get(url).context["form"].fields["session"].queryset)
    assert offered == {open_}
    assert not offered & {past, cancelled, deadline_passed, other_type}
    # A coordinator may override the deadline: the future session past its deadline is offered to them too.
    offered = set(coordinator_client.get(url).context["form"].fields["session"].queryset)
    assert offered == {open_, deadline_passed}


def test_the_mdo_type_comes_from_the_pathway_definition(sarcoma) -> None:
    from zorgpad.pathway.selectors import tumour_decision

    tumour = TumourFactory()
    definition = tumour_decision(tumour=tumour, today=_today()).pathway
    assert selectors.mdo_type_codes_for_tumour(tumour=tumour, today=_today()) == [definition.mdo.mdo_type_key]
    outside = TumourFactory(diagnosis=Diagnosis.OTHER)
    assert selectors.mdo_type_codes_for_tumour(tumour=outside, today=_today()) is None


def test_a_tumour_outside_the_pathways_is_offered_every_mdo_with_a_note(sarcoma, clinician_client) -> None:
    melanoma_mdo = MdoTypeFactory(code="melanoma-regional", name="Melanoom-MDO")
    sarcoma_session = _session(14)
    other = MdoSessionFactory(mdo_type=melanoma_mdo, original_date=_today() + dt.timedelta(days=10),
                              registration_deadline=timezone.now() + dt.timedelta(days=5))
    tumour = TumourFactory(diagnosis=Diagnosis.OTHER)
    response = clinician_client.get(reverse("mdo:case-register") + f"?tumour={tumour.external_id}")
    assert set(response.context["form"].fields["session"].queryset) == {sarcoma_session, other}
    assert "Geen zorgpad noemt een MDO voor deze tumor" in response.content.decode()


# --- back to where you came from ------------------------------------------------------------------------------


def _register(client, tumour, session, clinician, next_url: str):
    return client.post(reverse("mdo:case-register") + f"?tumour={tumour.external_id}", {
        "session": session.pk, "question": "Beleid?", "presenting_clinician": clinician.pk, "imaging": "pending",
        "next": next_url})


def test_after_registering_back_to_the_page_it_came_from(sarcoma, clinician_client, clinician) -> None:
    session = _session(14)
    tumour = TumourFactory()
    back = reverse("patients:detail", args=[tumour.patient.external_id])
    response = _register(clinician_client, tumour, session, clinician, back)
    assert response.status_code == 302 and response["Location"] == back
    assert MdoCase.objects.filter(tumour=tumour).exists()


@pytest.mark.parametrize("evil", ["https://evil.example/x", "//evil.example/x", "javascript:alert(1)"])
def test_an_outside_next_url_is_ignored(sarcoma, clinician_client, clinician, evil: str) -> None:
    session = _session(14)
    response = _register(clinician_client, TumourFactory(), session, clinician, evil)
    assert response.status_code == 302 and response["Location"] == reverse("mdo:agenda", args=[session.external_id])


def test_the_tumour_page_link_carries_next(sarcoma, clinician_client) -> None:
    tumour = TumourFactory()
    page = clinician_client.get(reverse("patients:tumour-detail", args=[tumour.external_id])).content.decode()
    assert f"?tumour={tumour.external_id}&amp;next=" in page


# --- closing --------------------------------------------------------------------------------------------------


def test_sessions_close_after_the_meeting_day(sarcoma) -> None:
    past, today_, future = _session(-1), _session(0), _session(7)
    cancelled = _session(-8, status=SessionStatus.CANCELLED)
    # Before the task ran the selectors already treat yesterday's session as closed.
    assert selectors.session_is_closed(session=past) and not selectors.session_is_closed(session=today_)
    assert mdo_sessions_close() == 1
    assert mdo_sessions_close() == 0  # idempotent
    statuses = {s.pk: s.status for s in type(past).objects.all()}
    assert statuses == {past.pk: SessionStatus.HELD, today_.pk: SessionStatus.PLANNED,
                        future.pk: SessionStatus.PLANNED, cancelled.pk: SessionStatus.CANCELLED}


def test_the_close_task_runs_the_service_and_is_scheduled(sarcoma) -> None:
    past = _session(-2)
    assert mdo_sessions_close_task.delay().get() == 1
    past.refresh_from_db()
    assert past.status == SessionStatus.HELD
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "mdo.tasks.mdo_sessions_close_task" in tasks


def test_a_closed_session_locks_attendance_and_order(sarcoma, coordinator, clinician, english) -> None:
    past = _session(-1)
    first, second = MdoCaseFactory(session=past, position=1), MdoCaseFactory(session=past, position=2)
    full_quorum(past)
    with pytest.raises(ValidationError, match="closed"):
        session_services.mdo_attendance_add(session=past, name="Dr. Gast", specialty="dermatology", user=coordinator)
    with pytest.raises(ValidationError, match="closed"):
        session_services.mdo_attendance_remove(attendance=MdoAttendance.objects.filter(session=past).first(),
                                       user=coordinator)
    with pytest.raises(ValidationError, match="closed"):
        services.mdo_case_reorder(case=second, direction="up", user=coordinator)
    assert list(MdoCase.objects.order_by("position").values_list("pk", flat=True)) == [first.pk, second.pk]
    # The chair still finalises the decisions of a closed session.
    decision = decision_services.mdo_decision_finalise(case=first, user=clinician, intent="curative",
                                              next_steps=["re_excision"], text="Re-excisie.")
    assert decision.is_final and decision.quorum_met


def test_a_closed_session_page_shows_it_locked(sarcoma, coordinator_client) -> None:
    past = _session(-1)
    _roster(past.mdo_type)
    page = coordinator_client.get(reverse("mdo:agenda", args=[past.external_id])).content.decode()
    assert 'data-closed="1"' in page
    assert reverse("mdo:attendance-add", args=[past.external_id]) not in page
    assert "disabled" in page  # the roster boxes cannot be ticked


# --- roster and attendance ------------------------------------------------------------------------------------


def test_attendance_is_ticked_from_the_roster_with_guests_by_name(sarcoma, coordinator_client) -> None:
    session = _session(0)
    members = _roster(session.mdo_type)
    other_type_member = MdoRosterMember.objects.create(mdo_type=MdoTypeFactory(), name="Dr. Elders",
                                                       specialty="pathology")
    page = coordinator_client.get(reverse("mdo:agenda", args=[session.external_id])).content.decode()
    assert all(m.name in page for m in members)
    url = reverse("mdo:attendance-roster", args=[session.external_id])
    response = coordinator_client.post(url, {"present": [m.pk for m in members[:4]] + [other_type_member.pk]},
                                       HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-quorum="missing"' in response.content.decode()
    guest = coordinator_client.post(reverse("mdo:attendance-add", args=[session.external_id]),
                                    {"name": "Dr. Gast", "specialty": "pathology"}, HTTP_HX_REQUEST="true")
    assert 'data-quorum="met"' in guest.content.decode()  # the guest pathologist completes the quorum
    rows = {(a.name, a.roster_member_id) for a in MdoAttendance.objects.filter(session=session)}
    assert rows == {*((m.name, m.pk) for m in members[:4]), ("Dr. Gast", None)}
    # Unticking a member removes only that member; the guest stays.
    coordinator_client.post(url, {"present": [m.pk for m in members[1:4]]}, HTTP_HX_REQUEST="true")
    names = set(MdoAttendance.objects.filter(session=session).values_list("name", flat=True))
    assert names == {members[1].name, members[2].name, members[3].name, "Dr. Gast"}


def test_roster_ticks_are_audited_and_need_the_permission(sarcoma, secretary_client, coordinator) -> None:
    session = _session(0)
    members = _roster(session.mdo_type)
    url = reverse("mdo:attendance-roster", args=[session.external_id])
    assert secretary_client.post(url, {"present": [members[0].pk]}).status_code == 403
    mdo_attendance_roster_set(session=session, present_ids=[members[0].pk], user=coordinator)
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="mdo.mdoattendance").count() == 1


# --- quorum judged on the meeting day -------------------------------------------------------------------------


def test_quorum_before_the_day_is_expected_from_the_roster_not_reached(sarcoma, coordinator_client) -> None:
    session = _session(4)
    _roster(session.mdo_type)
    full_quorum(session)  # attendance typed in ahead counts for nothing before the day
    quorum = selectors.session_quorum(session=session)
    assert (quorum.judged, quorum.met, quorum.expected_met) == (False, False, True)
    page = coordinator_client.get(reverse("mdo:quorum", args=[session.external_id])).content.decode()
    assert 'data-quorum="expected"' in page and "Quorum bereikt" not in page


def test_quorum_before_the_day_names_what_the_roster_lacks(sarcoma, english) -> None:
    session = _session(4)
    _roster(session.mdo_type, SARCOMA_QUORUM[:4])  # no pathologist on the roster
    quorum = selectors.session_quorum(session=session)
    assert quorum.expected_met is False and quorum.expected_missing == ("pathologist",)


def test_quorum_on_the_day_is_judged_from_the_attendance(sarcoma) -> None:
    session = _session(0)
    _roster(session.mdo_type)
    assert selectors.session_quorum(session=session).met is False  # nobody ticked yet
    full_quorum(session)
    quorum = selectors.session_quorum(session=session)
    assert (quorum.judged, quorum.met, quorum.expected_met) == (True, True, None)
    # The same session seen the day before: only expected.
    assert selectors.session_quorum(session=session, today=session.date - dt.timedelta(days=1)).met is False


# --- several next steps ---------------------------------------------------------------------------------------


def test_a_decision_holds_several_next_steps(sarcoma, clinician, clinician_client) -> None:
    session = _session(0)
    case = MdoCaseFactory(session=session)
    full_quorum(session)
    response = clinician_client.post(reverse("mdo:decision", args=[case.external_id]), {
        "intent": "curative", "next_steps": ["re_excision", "radiotherapy"], "text": "Re-excisie, daarna RT.",
        "action": "finalise"})
    assert response.status_code == 302
    decision = MdoDecision.objects.get(case=case)
    assert decision.next_steps == ["re_excision", "radiotherapy"]
    assert decision.next_steps == ["re_excision", "radiotherapy"]
    page = clinician_client.get(reverse("mdo:case", args=[case.external_id])).content.decode()
    assert "Re-excisie; radiotherapie" in page


def test_other_as_one_of_several_steps_needs_its_description(sarcoma, clinician, english) -> None:
    session = _session(0)
    case = MdoCaseFactory(session=session)
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_save_draft(case=case, user=clinician, intent="curative",
                                         next_steps=["surgery", "other"], text="x")
    assert set(error.value.message_dict) == {"next_step_other"}
    decision = decision_services.mdo_decision_save_draft(case=case, user=clinician, intent="curative",
                                                next_steps=["surgery", "other"], next_step_other="Genetica",
                                                text="x")
    assert decision.next_step_labels == ["surgery", "Genetica"]


def test_unknown_next_steps_are_refused(sarcoma, clinician, english) -> None:
    case = MdoCaseFactory(session=_session(0))
    with pytest.raises(ValidationError) as error:
        decision_services.mdo_decision_save_draft(case=case, user=clinician, intent="curative", next_steps=["magic"],
                                         text="x")
    assert set(error.value.message_dict) == {"next_steps"}


# --- meeting mode ---------------------------------------------------------------------------------------------


def test_meeting_mode_shows_one_case_per_screen_with_next_and_previous(sarcoma, clinician_client) -> None:
    session = _session(0)
    cases = [MdoCaseFactory(session=session, position=i, question=f"Vraag {i}") for i in (1, 2, 3)]
    url = reverse("mdo:meeting", args=[session.external_id])
    first = clinician_client.get(url)
    page = first.content.decode()
    assert first.status_code == 200 and "Vraag 1" in page and "Vraag 2" not in page
    assert 'data-nav="next"' in page and 'href="?n=2"' in page and 'data-nav="previous"' not in page
    second = clinician_client.get(url + "?n=2").content.decode()
    assert "Vraag 2" in second and 'href="?n=1"' in second and 'href="?n=3"' in second
    last = clinician_client.get(url + "?n=3").content.decode()
    assert "Vraag 3" in last and 'data-nav="next"' not in last
    assert clinician_client.get(url + "?n=4").status_code == 404
    assert clinician_client.get(url + "?n=x").status_code == 404
    # Each screen is a read of that one patient's record.
    viewed = list(AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="mdo.mdocase")
                  .values_list("patient_external_id", flat=True))
    assert viewed == [cases[2].patient.external_id, cases[1].patient.external_id, cases[0].patient.external_id]


def test_meeting_mode_decision_form_returns_to_the_same_case(sarcoma, clinician_client) -> None:
    session = _session(0)
    MdoCaseFactory(session=session, position=1)
    second = MdoCaseFactory(session=session, position=2)
    screen = reverse("mdo:meeting", args=[session.external_id]) + "?n=2"
    page = clinician_client.get(screen).content.decode()
    assert reverse("mdo:decision", args=[second.external_id]) in page and 'name="next_steps"' in page
    response = clinician_client.post(reverse("mdo:decision", args=[second.external_id]), {
        "intent": "curative", "next_steps": ["surgery"], "text": "Concept", "action": "draft", "next": screen})
    assert response.status_code == 302 and response["Location"] == screen
    assert MdoDecision.objects.get(case=second).next_steps == ["surgery"]


def test_meeting_mode_of_an_empty_session_is_not_found(sarcoma, clinician_client) -> None:
    session = _session(0)
    assert clinician_client.get(reverse("mdo:meeting", args=[session.external_id])).status_code == 404


# --- the pathway's MDO, also through the service and the API ----------------------------------------------------


def test_the_service_and_api_refuse_another_mdo_than_the_pathway_names(sarcoma, clinician, clinician_api,
                                                                        english) -> None:
    melanoma_mdo = MdoTypeFactory(code="melanoma-regional", name="Melanoom-MDO")
    wrong = MdoSessionFactory(mdo_type=melanoma_mdo, original_date=_today() + dt.timedelta(days=10),
                              registration_deadline=timezone.now() + dt.timedelta(days=5))
    tumour = TumourFactory()
    with pytest.raises(ValidationError) as error:
        services.mdo_case_register(session=wrong, tumour=tumour, question="Beleid?", presenting_clinician=clinician,
                                   user=clinician)
    assert error.value.message_dict == {
        "session": ["The care pathway of this tumour asks for the MDO sarcomen; choose one of its sessions."]}
    response = clinician_api.post(f"/api/v1/mdo/sessions/{wrong.external_id}/cases/", {
        "tumour": str(tumour.external_id), "question": "Beleid?", "presenting_clinician": clinician.username},
        format="json")
    assert response.status_code == 400 and "session" in response.json()
    # A tumour outside the pathways may go to any MDO.
    outside = TumourFactory(diagnosis=Diagnosis.OTHER)
    assert services.mdo_case_register(session=wrong, tumour=outside, question="Beleid?",
                                      presenting_clinician=clinician, user=clinician).pk
    assert not MdoCase.objects.filter(tumour=tumour).exists()


def test_a_past_session_shows_as_held_before_the_task_ran(sarcoma, coordinator_client) -> None:
    past, future = _session(-1), _session(7)
    page = coordinator_client.get(reverse("mdo:agenda", args=[past.external_id])).content.decode()
    assert 'data-status="held"' in page
    assert reverse("mdo:session-cancel", args=[past.external_id]) not in page
    listed = {s.pk: s.status for s in coordinator_client.get(reverse("mdo:sessions")).context["sessions"]}
    assert (listed[past.pk], listed[future.pk]) == (SessionStatus.HELD, SessionStatus.PLANNED)
    past.refresh_from_db()
    assert past.status == SessionStatus.PLANNED  # stored by the nightly task, not by a page read
