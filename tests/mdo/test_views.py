import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from mdo import decision_services
from mdo.models import MdoAttendance, MdoCase, MdoDecision, MdoLetter, SessionStatus, Specialty
from tests.factories import PatientFactory, TumourFactory
from tests.mdo.factories import MdoAttendanceFactory, MdoCaseFactory, MdoSessionFactory, full_quorum
from zorgpad.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ADVICE = {"intent": "curative", "next_steps": ["re_excision"], "text": "Re-excisie."}


def _today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def upcoming(sarcoma):
    return MdoSessionFactory(original_date=_today() + dt.timedelta(days=14))


@pytest.fixture
def today_session(sarcoma):
    return MdoSessionFactory(original_date=_today())


def _cases(session, n: int, *, decide_every: int = 4, clinician=None) -> list[MdoCase]:
    cases = []
    for i in range(n):
        case = MdoCaseFactory(session=session, minutes_needed=10, position=100 + len(cases) + i)
        if clinician is not None and i % decide_every == 0:
            decision = MdoDecision.objects.create(case=case, drafted_by=clinician, status="final",
                                                  finalised_by=clinician, finalised_at=timezone.now(), **ADVICE)
            decision.amendments.create(number=1, reason="r", created_by=clinician, intent="palliative",
                                       next_steps=["radiotherapy"], text="RT")
        cases.append(case)
    return cases


def test_agenda_with_40_cases_runs_a_constant_number_of_queries(upcoming, coordinator_client, clinician,
                                                                django_assert_max_num_queries) -> None:
    upcoming.capacity_minutes = 400
    upcoming.save()
    _cases(upcoming, 5, clinician=clinician)
    full_quorum(upcoming)
    url = reverse("mdo:agenda", args=[upcoming.external_id])
    with django_assert_max_num_queries(20) as small:
        assert coordinator_client.get(url).status_code == 200
    _cases(upcoming, 35, clinician=clinician)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = coordinator_client.get(url)
    rows = response.context["agenda"].rows
    assert len(rows) == 40
    assert [r.slot.start.strftime("%H:%M") for r in rows[:3]] == ["14:00", "14:10", "14:20"]
    assert rows[6].slot.overruns and not rows[5].slot.overruns  # the 7th case runs past 15:00
    assert rows[0].effective.next_steps == ["radiotherapy"]  # amendment applied
    page = response.content.decode()
    # Two weeks ahead the attendance does not count yet: quorum is only expected (here: no roster), never "reached".
    assert "Quorum bereikt" not in page and 'data-quorum="expected-missing"' in page
    assert "Pathologie gereviseerd" in page and "loopt uit" in page


def test_agenda_audits_each_patient_shown(upcoming, secretary_client) -> None:
    cases = _cases(upcoming, 3)
    secretary_client.get(reverse("mdo:agenda", args=[upcoming.external_id]))
    events = AuditEvent.objects.filter(detail="MDO agenda")
    assert sorted(e.patient_external_id for e in events) == sorted(c.patient.external_id for c in cases)
    assert {(e.username, e.action, e.object_id) for e in events} == {
        ("secretary", "list", str(upcoming.external_id))}


def test_reorder_with_htmx_returns_the_new_agenda(upcoming, coordinator_client, clinician_client) -> None:
    a, b = MdoCaseFactory(session=upcoming, position=1), MdoCaseFactory(session=upcoming, position=2)
    url = reverse("mdo:case-reorder", args=[b.external_id])
    assert clinician_client.post(url, {"direction": "up"}).status_code == 403
    response = coordinator_client.post(url, {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert [r.case for r in response.context["agenda"].rows] == [b, a]
    html = response.content.decode()
    assert html.startswith('<div id="agenda-rows">') and "<html" not in html


def test_attendance_shows_quorum_live(today_session, coordinator_client) -> None:
    for name, specialty in [("Dr. C", "surgical_oncology"), ("Dr. I", "medical_oncology"),
                            ("Dr. R", "radiation_oncology"), ("Dr. N", "nuclear_medicine")]:
        MdoAttendanceFactory(session=today_session, name=name, specialty=specialty)
    quorum_url = reverse("mdo:quorum", args=[today_session.external_id])
    page = coordinator_client.get(quorum_url).content.decode()
    assert 'data-quorum="missing"' in page and "Nog geen quorum — ontbreekt: patholoog" in page
    response = coordinator_client.post(reverse("mdo:attendance-add", args=[today_session.external_id]),
                                       {"name": "Dr. P", "specialty": "pathology"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'data-quorum="met"' in response.content.decode()
    assert 'id="attendance"' in response.content.decode()
    duplicate = coordinator_client.post(reverse("mdo:attendance-add", args=[today_session.external_id]),
                                        {"name": "Dr. P", "specialty": "pathology"}, HTTP_HX_REQUEST="true")
    assert "Deze persoon is al als aanwezig genoteerd." in duplicate.content.decode()
    attendance = MdoAttendance.objects.get(name="Dr. P")
    coordinator_client.post(reverse("mdo:attendance-remove", args=[attendance.external_id]), HTTP_HX_REQUEST="true")
    assert 'data-quorum="missing"' in coordinator_client.get(quorum_url).content.decode()


def test_secretary_reads_and_prints_but_changes_nothing(upcoming, secretary_client) -> None:
    case = MdoCaseFactory(session=upcoming)
    assert secretary_client.get(reverse("mdo:overview")).status_code == 200
    assert secretary_client.get(reverse("mdo:agenda", args=[upcoming.external_id])).status_code == 200
    response = secretary_client.get(reverse("mdo:agenda-pdf", args=[upcoming.external_id]))
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response.content.startswith(b"%PDF")
    printed = AuditEvent.objects.get(detail="MDO agenda PDF")
    assert (printed.action, printed.patient_external_id) == ("print", case.patient.external_id)
    denied = [
        ("post", reverse("mdo:attendance-add", args=[upcoming.external_id]), {"name": "X", "specialty": "pathology"}),
        ("get", reverse("mdo:case-register") + f"?tumour={case.tumour.external_id}", {}),
        ("post", reverse("mdo:decision", args=[case.external_id]), {**ADVICE, "action": "finalise"}),
        ("post", reverse("mdo:session-cancel", args=[upcoming.external_id]), {"reason": "x"}),
        ("post", reverse("mdo:case-withdraw", args=[case.external_id]), {"reason": "x"}),
    ]
    for method, url, data in denied:
        assert getattr(secretary_client, method)(url, data).status_code == 403, url
    assert not MdoAttendance.objects.exists() and not MdoDecision.objects.exists()
    upcoming.refresh_from_db()
    case.refresh_from_db()
    assert (upcoming.status, case.status) == ("planned", "registered")


def test_clinician_registers_from_the_tumour_page(upcoming, clinician_client, clinician) -> None:
    tumour = TumourFactory()
    tumour_page = clinician_client.get(reverse("patients:tumour-detail", args=[tumour.external_id])).content.decode()
    register_url = reverse("mdo:case-register") + f"?tumour={tumour.external_id}"
    assert register_url.replace("&", "&amp;") in tumour_page or register_url in tumour_page
    form = clinician_client.get(register_url)
    assert form.status_code == 200 and "override_reason" not in form.context["form"].fields
    response = clinician_client.post(register_url, {
        "session": upcoming.pk, "question": "Re-excisie?", "presenting_clinician": clinician.pk,
        "imaging": "available", "minutes_needed": ""})
    assert response.status_code == 302 and response["Location"] == reverse("mdo:agenda", args=[upcoming.external_id])
    case = MdoCase.objects.get()
    assert (case.tumour, case.minutes_needed, case.imaging, case.registered_by) == (tumour, 10, "available", clinician)


def test_full_session_refusal_is_clear_and_proposes_the_next(upcoming, clinician_client, clinician) -> None:
    _cases(upcoming, 6)
    later = MdoSessionFactory(original_date=upcoming.date + dt.timedelta(weeks=1))
    tumour = TumourFactory()
    response = clinician_client.post(reverse("mdo:case-register") + f"?tumour={tumour.external_id}", {
        "session": upcoming.pk, "question": "Re-excisie?", "presenting_clinician": clinician.pk,
        "imaging": "pending"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "heeft 0 van 60 minuten vrij; deze casus heeft er 10 nodig." in page
    assert "De eerstvolgende vergadering met ruimte is het MDO sarcomen van" in page
    assert response.context["proposed"] == later
    assert response.context["form"]["session"].value() == str(later.pk)
    assert not MdoCase.objects.filter(tumour=tumour).exists()


def test_finalise_in_the_page_needs_quorum_or_a_reason(today_session, clinician_client) -> None:
    case = MdoCaseFactory(session=today_session)
    url = reverse("mdo:decision", args=[case.external_id])
    response = clinician_client.post(url, {**ADVICE, "action": "finalise"})
    assert response.status_code == 200
    assert "Geen quorum: oncologisch chirurg, internist-oncoloog" in response.content.decode()
    assert not MdoDecision.objects.exists()  # nothing half-saved; the form keeps what was typed
    assert response.context["decision_form"]["text"].value() == "Re-excisie."
    response = clinician_client.post(url, {**ADVICE, "action": "finalise",
                                             "quorum_override_reason": "Spoedoverleg, telefonisch afgestemd"})
    assert response.status_code == 302
    decision = MdoDecision.objects.get(case=case)
    assert (decision.status, decision.quorum_met, decision.quorum_override_reason) == (
        "final", False, "Spoedoverleg, telefonisch afgestemd")
    page = clinician_client.get(reverse("mdo:case", args=[case.external_id])).content.decode()
    assert "Spoedoverleg, telefonisch afgestemd" in page and "Besluit corrigeren" in page


def test_letter_download_is_audited(today_session, clinician_client, clinician,
                                    django_capture_on_commit_callbacks) -> None:
    case = MdoCaseFactory(session=today_session)
    full_quorum(today_session)
    with django_capture_on_commit_callbacks(execute=True):
        decision_services.mdo_decision_finalise(case=case, user=clinician, **ADVICE)
    letter = MdoLetter.objects.get()
    response = clinician_client.get(reverse("mdo:letter", args=[letter.external_id]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="export")
    assert (event.patient_external_id, event.object_id) == (case.patient.external_id, str(letter.external_id))


def test_patient_panel_lists_cases_with_constant_queries(sarcoma, clinician_client, clinician,
                                                         django_assert_max_num_queries) -> None:
    patient = PatientFactory()
    tumour = TumourFactory(patient=patient)

    def add_case(weeks: int) -> None:
        case = MdoCaseFactory(session=MdoSessionFactory(original_date=_today() - dt.timedelta(weeks=weeks)),
                              tumour=tumour, patient=patient)
        decision = MdoDecision.objects.create(case=case, drafted_by=clinician, status="final",
                                              finalised_by=clinician, finalised_at=timezone.now(), **ADVICE)
        MdoLetter.objects.create(decision=decision, status="done", sha256="a" * 64, file="mdo/x.pdf")

    add_case(1)
    url = reverse("patients:detail", args=[patient.external_id])
    with django_assert_max_num_queries(40) as small:
        clinician_client.get(url)
    for weeks in range(2, 8):
        add_case(weeks)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = clinician_client.get(url)
    page = response.content.decode()
    assert page.count('href="/mdo/cases/') == 7 and "Adviesbrief (PDF)" in page


def test_session_list_shows_a_page_at_a_time(sarcoma, coordinator_client, monkeypatch) -> None:
    from mdo import views_session

    monkeypatch.setattr(views_session, "SESSIONS_PER_PAGE", 2)
    sessions = [MdoSessionFactory(original_date=timezone.localdate() + dt.timedelta(days=7 * n)) for n in (1, 2, 3)]
    first = coordinator_client.get(reverse("mdo:sessions"), {"mdo_type": "sarcoma"})
    assert first.context["sessions"] == sessions[:2] and "page=2" in first.content.decode()
    second = coordinator_client.get(reverse("mdo:sessions"), {"mdo_type": "sarcoma", "page": 2})
    assert second.context["sessions"] == sessions[2:]


def test_session_pages_for_the_coordinator(upcoming, coordinator_client) -> None:
    list_page = coordinator_client.get(reverse("mdo:sessions"), {"mdo_type": "sarcoma"})
    assert upcoming in list_page.context["sessions"]
    move = coordinator_client.post(reverse("mdo:session-move", args=[upcoming.external_id]), {
        "new_date": (upcoming.date + dt.timedelta(days=1)).isoformat(), "reason": "Zaal bezet"})
    assert move.status_code == 302
    upcoming.refresh_from_db()
    assert (upcoming.date - upcoming.original_date, upcoming.move_reason) == (dt.timedelta(days=1), "Zaal bezet")
    cancel = coordinator_client.post(reverse("mdo:session-cancel", args=[upcoming.external_id]), {"reason": ""})
    assert cancel.status_code == 200 and cancel.context["form"].errors == {"reason": ["Dit veld is vereist."]}
    coordinator_client.post(reverse("mdo:session-cancel", args=[upcoming.external_id]), {"reason": "Congres"})
    upcoming.refresh_from_db()
    assert (upcoming.status, upcoming.note) == (SessionStatus.CANCELLED, "Congres")


def test_case_pages_edit_move_withdraw(upcoming, clinician_client, clinician) -> None:
    case = MdoCaseFactory(session=upcoming)
    later = MdoSessionFactory(original_date=upcoming.date + dt.timedelta(weeks=1))
    edit = clinician_client.post(reverse("mdo:case-edit", args=[case.external_id]), {
        "question": "Nieuwe vraag", "presenting_clinician": clinician.pk, "minutes_needed": 15,
        "imaging": "not_needed", "referrer_name": "", "referrer_organisation": ""})
    assert edit.status_code == 302
    clinician_client.post(reverse("mdo:case-move", args=[case.external_id]), {"target": later.pk})
    case.refresh_from_db()
    assert (case.question, case.minutes_needed, case.imaging, case.session) == ("Nieuwe vraag", 15, "not_needed",
                                                                                later)
    clinician_client.post(reverse("mdo:case-withdraw", args=[case.external_id]), {"reason": "Dubbel"})
    case.refresh_from_db()
    assert case.status == "withdrawn"


def test_overview_shows_load_not_ready_cases_and_missing_quorum(upcoming, today_session, coordinator_client,
                                                               django_assert_max_num_queries) -> None:
    _cases(upcoming, 3)
    MdoAttendanceFactory(session=today_session, name="Dr. C", specialty=Specialty.SURGICAL_ONCOLOGY)
    with django_assert_max_num_queries(20) as small:
        response = coordinator_client.get(reverse("mdo:overview"))
    overview = response.context["overview"]
    item = next(i for i in overview.upcoming if i.session == upcoming)
    assert (item.load.booked, item.load.capacity) == (30, 60)
    assert len(overview.not_ready) == 3  # imaging pending (and stage unknown without staging)
    assert [i.session for i in overview.without_quorum] == [today_session]
    page = response.content.decode()
    assert "Vergaderingen tot nu toe zonder quorum" in page and "30/60 min" in page
    _cases(upcoming, 3)
    _cases(MdoSessionFactory(original_date=_today() + dt.timedelta(days=21)), 4)
    with django_assert_max_num_queries(len(small.captured_queries)):
        coordinator_client.get(reverse("mdo:overview"))


def test_english_ui(upcoming, coordinator_client) -> None:
    coordinator_client.cookies["django_language"] = "en"
    page = coordinator_client.get(reverse("mdo:overview")).content.decode()
    assert "Sessions without quorum so far" in page


def test_coordinator_page_saves_the_draft_and_offers_no_finalise_or_amend(today_session, coordinator_client,
                                                                           clinician) -> None:
    """Finding (issue 14): coordinators prepare and record the draft; a clinician finalises and amends."""
    case = MdoCaseFactory(session=today_session)
    full_quorum(today_session)
    url = reverse("mdo:decision", args=[case.external_id])
    page = coordinator_client.get(reverse("mdo:case", args=[case.external_id])).content.decode()
    assert 'name="action" value="finalise"' not in page
    assert coordinator_client.post(url, {**ADVICE, "action": "finalise"}).status_code == 403
    assert not MdoDecision.objects.exists()
    assert coordinator_client.post(url, {**ADVICE, "action": "draft"}).status_code == 302
    assert MdoDecision.objects.get(case=case).status == "draft"
    decision_services.mdo_decision_finalise(case=case, user=clinician, **ADVICE)
    amend = coordinator_client.post(reverse("mdo:decision-amend", args=[case.external_id]),
                                    {**ADVICE, "text": "Anders.", "reason": "typfout"})
    assert amend.status_code == 403
    assert not MdoDecision.objects.get(case=case).amendments.exists()
