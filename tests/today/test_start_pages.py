"""The start pages ("Vandaag"): each role lands on its own, every list shows its rows and links to their work,
deceased patients are on no list, and the query count does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.today.work import make_day

pytestmark = pytest.mark.django_db

ROLE_PAGES = {"clinician": "today:clinician", "secretary": "today:secretary",
              "coordinator": "today:coordinator", "admin_client_": "today:admin"}


@pytest.mark.parametrize(("client_fixture", "page"), ROLE_PAGES.items())
def test_after_login_each_role_lands_on_its_start_page(request, client_fixture, page) -> None:
    client = request.getfixturevalue(client_fixture if client_fixture.endswith("_") else f"{client_fixture}_client")
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse(page)
    assert response.status_code == 200


def test_a_role_cannot_open_another_roles_start_page(secretary_client, clinician_client) -> None:
    assert secretary_client.get(reverse("today:clinician")).status_code == 403
    assert clinician_client.get(reverse("today:secretary")).status_code == 403


def _links(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_clinician_lists_link_each_row_to_its_work_and_leave_out_the_deceased(clinician, secretary,
                                                                             clinician_client) -> None:
    day = make_day(n=2, clinician=clinician, secretary=secretary)
    html = _links(clinician_client.get(reverse("today:clinician")))
    patient = day.patients[0]
    referral = patient.referrals.get(status="received")
    assert reverse("patients:detail", args=[patient.external_id]) in html  # open items and alerts
    assert reverse("referrals:detail", args=[referral.external_id]) in html  # triage
    assert reverse("referrals:checklist-edit", args=[patient.external_id]) in html  # biopsy result
    assert reverse("followup:plan-detail", args=[patient.followup_plans.get().external_id]) in html  # overdue
    assert reverse("mdo:case", args=[patient.mdo_cases.get().external_id]) in html  # coming MDO
    assert day.deceased is not None and day.deceased.display_name not in html
    assert str(day.deceased.external_id) not in html


def test_my_patients_and_the_switch_to_all(clinician, secretary, make_user, clinician_client) -> None:
    from zorgpad.accounts.roles import Role

    colleague = make_user(Role.CLINICIAN)
    day = make_day(n=1, clinician=colleague, secretary=secretary)
    name = day.patients[0].display_name
    mine = clinician_client.get(reverse("today:clinician")).context
    assert mine["work"].page.paginator.count == 0 and mine["overdue"].page.paginator.count == 0
    assert mine["triage"].page.paginator.count == 1  # triage is everybody's
    everyone = clinician_client.get(reverse("today:clinician"), {"all": "1"})
    assert name in everyone.content.decode()
    assert everyone.context["work"].page.paginator.count == 1
    assert everyone.context["cases"].page.paginator.count == 1


def test_the_open_items_show_the_alerts_and_items_of_the_pathway_selectors(clinician, secretary,
                                                                          clinician_client) -> None:
    from django.utils import timezone

    from zorgpad.pathway.selectors import patient_pathway_page
    from zorgpad.patients.selectors import patient_get

    day = make_day(n=1, clinician=clinician, secretary=secretary)
    row = clinician_client.get(reverse("today:clinician")).context["work"].page.object_list[0]
    patient = patient_get(external_id=day.patients[0].external_id, user=clinician)
    lead = patient_pathway_page(patient=patient, today=timezone.localdate())
    assert [a.code for a in row.alerts] == [a.code for a in lead.alerts]
    assert [i.item.code for i in row.items] == [i.item.code for i in lead.open_items] != []


def test_secretary_lists(clinician, secretary, secretary_client) -> None:
    day = make_day(n=2, clinician=clinician, secretary=secretary)
    response = secretary_client.get(reverse("today:secretary"))
    html = response.content.decode()
    context = response.context
    assert context["letters"].page.paginator.count == 2  # the queued invitations; not the deceased's
    assert context["invitations"].page.paginator.count == 2  # the visit in its window (the overdue one: phone)
    assert context["referrals"].page.paginator.count == 2
    assert context["phone"].page.paginator.count == 4  # invited 30 days ago, and overdue
    patient = day.patients[0]
    assert reverse("referrals:detail", args=[patient.referrals.get(status="triaged").external_id]) in html
    assert reverse("followup:plan-detail", args=[patient.followup_plans.get().external_id]) in html
    assert reverse("followup:letters") in html
    assert day.deceased is not None and day.deceased.display_name not in html


def test_patients_to_phone_follow_the_setting(clinician, secretary, secretary_client, settings) -> None:
    make_day(n=1, clinician=clinician, secretary=secretary)
    settings.TODAY_PHONE_AFTER_DAYS = 45  # the invitation went out 30 days ago: only the overdue visit is left
    rows = secretary_client.get(reverse("today:secretary")).context["phone"].page.object_list
    assert [row.overdue for row in rows] == [True]


def test_coordinator_lists(clinician, secretary, coordinator_client) -> None:
    day = make_day(n=2, clinician=clinician, secretary=secretary)
    response = coordinator_client.get(reverse("today:coordinator"))
    html = response.content.decode()
    sessions = response.context["sessions"].page.object_list
    coming = next(row for row in sessions if row.session == day.sessions[0])
    assert coming.cases == 2  # the deceased's case is not counted
    # Before the meeting day the quorum is not judged: the roster says whether it is expected.
    assert coming.quorum is not None and not coming.quorum.judged and not coming.quorum.met
    assert 'data-quorum="expected' in html
    assert response.context["late"].page.paginator.count == 2
    assert response.context["to_close"].page.paginator.count >= 2
    assert reverse("mdo:agenda", args=[day.sessions[1].external_id]) in html
    assert reverse("mdo:case", args=[day.patients[0].mdo_cases.get().external_id]) in html
    assert day.deceased is not None and day.deceased.display_name not in html


def test_admin_lists_open_centre_decisions_and_revisions(admin_client_) -> None:
    response = admin_client_.get(reverse("today:admin"))
    assert response.context["decisions"].page.paginator.count >= 1  # the demo centre has recorded none
    assert response.context["revisions"].page.paginator.count >= 1
    assert reverse("audit-log") in response.content.decode()


def test_lists_are_paginated(clinician, secretary, clinician_client) -> None:
    make_day(n=12, clinician=clinician, secretary=secretary)
    response = clinician_client.get(reverse("today:clinician"), {"p_triage": "2"})
    triage = response.context["triage"]
    assert triage.page.number == 2 and len(triage.page.object_list) == 2
    assert "p_triage=1" in triage.previous_url and response.context["work"].page.number == 1


@pytest.mark.parametrize("client_fixture,page", ROLE_PAGES.items())
def test_queries_do_not_grow_with_the_data(request, clinician, secretary, client_fixture, page) -> None:
    client = request.getfixturevalue(client_fixture if client_fixture.endswith("_") else f"{client_fixture}_client")
    day = make_day(n=2, clinician=clinician, secretary=secretary)
    client.get(reverse(page))  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(page), {"all": "1"}).status_code == 200
    make_day(n=14, clinician=clinician, secretary=secretary, start=100, day=day)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(page), {"all": "1"}).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


@pytest.mark.parametrize(("client_fixture", "page", "detail"), [
    ("clinician_client", "today:clinician", "start page: clinician"),
    ("secretary_client", "today:secretary", "start page: secretary"),
    ("coordinator_client", "today:coordinator", "start page: MDO coordinator"),
])
def test_each_patient_shown_is_audited_once_in_one_insert(request, clinician, secretary, client_fixture, page,
                                                          detail) -> None:
    from tests.audit.test_list_audit import _get_audited

    day = make_day(n=2, clinician=clinician, secretary=secretary)
    _get_audited(request.getfixturevalue(client_fixture), reverse(page), shown=day.patients, action="list",
                 detail=detail)


def test_the_start_pages_speak_dutch(clinician, secretary, clinician_client, secretary_client, coordinator_client,
                                     admin_client_) -> None:
    make_day(n=1, clinician=clinician, secretary=secretary)
    expected = {
        (clinician_client, "today:clinician"): ["Vandaag", "Open zorgpadpunten en waarschuwingen",
                                                "Verwijzingen die wachten op triage", "Mijn patiënten"],
        (secretary_client, "today:secretary"): ["Brieven om te printen", "Patiënten te bellen",
                                                "Meer dan 21 dagen geleden uitgenodigd"],
        (coordinator_client, "today:coordinator"): ["Komende vergaderingen", "Aangemeld na de sluitingstermijn"],
        (admin_client_, "today:admin"): ["Zoeken in de auditlog", "Centrumbesluiten die nog openstaan"],
    }
    for (client, name), texts in expected.items():
        html = client.get(reverse(name)).content.decode()
        for text in texts:
            assert text in html, (name, text)


def test_past_sessions_to_close_are_the_planned_ones_and_those_with_a_decision_not_final(clinician, secretary,
                                                                                          coordinator_client) -> None:
    import datetime as dt

    from mdo.models import DecisionStatus, MdoCase, MdoDecision, SessionStatus
    from tests.today.work import _session

    day = make_day(n=1, clinician=clinician, secretary=secretary)
    tumour = day.patients[0].tumours.get()

    def held_with_case(days_ago: int, final: bool):  # type: ignore[no-untyped-def]
        session = _session(day.today - dt.timedelta(days=days_ago), status=SessionStatus.HELD)
        case = MdoCase.objects.create(session=session, patient=day.patients[0], tumour=tumour, question="?",
                                      presenting_clinician=clinician, registered_by=clinician, minutes_needed=10,
                                      status="discussed")
        MdoDecision.objects.create(case=case, drafted_by=clinician,
                                   status=DecisionStatus.FINAL if final else DecisionStatus.DRAFT)
        return session

    open_one = held_with_case(40, final=False)
    finished = held_with_case(47, final=True)
    rows = coordinator_client.get(reverse("today:coordinator")).context["to_close"].page.object_list
    shown = {row.session: row for row in rows}
    assert open_one in shown and shown[open_one].not_ready == 1
    assert finished not in shown
    assert all(s in shown for s in day.sessions[1:])  # still planned after their day
