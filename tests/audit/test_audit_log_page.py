"""Issue 15, item 9: the audit log for people (search, filters, Dutch labels, pagination, audited reading) and
the per-patient NEN 7513 overview PDF."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import PatientFactory, TumourFactory, UserFactory
from tests.pdf_layout import pages, save_for_review
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.audit.services import audit_record

pytestmark = pytest.mark.django_db

URL = "/audit/"


@pytest.fixture
def dam():
    return PatientFactory(family_name_prefix="van", family_name="Dam", given_names="Gerrit", initials="G.",
                          hospital_number="4100001", bsn="123456782")


@pytest.fixture
def other():
    return PatientFactory(family_name="Damen", given_names="Anna", initials="A.")


def _events(response) -> list[AuditEvent]:
    return [row.event for row in response.context["rows"]]


def _log(user, patient, action=AuditAction.VIEW, obj=None) -> AuditEvent:
    return audit_record(user=user, action=action, patient=patient, obj=obj or patient)


@pytest.mark.parametrize("query", ["Dam, G", "van Dam", "Dam", "4100001", "123456782"])
def test_search_by_patient_name_hospital_number_or_bsn(admin_client_, clinician, dam, other, query) -> None:
    mine = _log(clinician, dam)
    theirs = _log(clinician, PatientFactory(family_name="Jansen"))
    response = admin_client_.get(URL, {"q": query})
    events = _events(response)
    assert mine in events and theirs not in events
    if query in ("Dam, G", "van Dam", "4100001", "123456782"):
        assert all(e.patient_external_id == dam.external_id for e in events)


def test_filters_by_user_action_and_period(admin_client_, clinician, secretary, dam) -> None:
    viewed = _log(clinician, dam)
    changed = _log(secretary, dam, action=AuditAction.UPDATE)
    assert _events(admin_client_.get(URL, {"user": clinician.username, "q": "van Dam"})) == [viewed]
    assert _events(admin_client_.get(URL, {"action": "update", "q": "van Dam"})) == [changed]
    today = timezone.localdate()
    # (the admin's own searches above are in the log too: reading the log is audited)
    within = _events(admin_client_.get(URL, {"q": "van Dam", "since": today.isoformat(), "until": today.isoformat()}))
    assert {viewed, changed} <= set(within) and {timezone.localtime(e.at).date() for e in within} == {today}
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    assert _events(admin_client_.get(URL, {"q": "van Dam", "until": yesterday})) == []
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert _events(admin_client_.get(URL, {"q": "van Dam", "since": tomorrow})) == []


def test_bad_input_is_a_form_error_not_a_500(admin_client_) -> None:
    response = admin_client_.get(URL, {"since": "2026-13-45"})
    assert response.status_code == 200 and response.context["form"].errors["since"]
    response = admin_client_.get(URL, {"since": "2026-11-30", "until": "2026-11-01"})
    assert "Het einde van de periode ligt vóór het begin." in response.content.decode()
    response = admin_client_.get(URL, {"q": "31-02-1950"})
    assert response.status_code == 200 and response.context["form"].errors["q"]
    assert admin_client_.get(URL, {"action": "nonsense"}).context["form"].errors["action"]


def test_dutch_labels_without_internal_names_or_english_details(admin_client_, clinician, dam) -> None:
    tumour = TumourFactory(patient=dam)
    audit_record(user=clinician, action=AuditAction.UPDATE, patient=dam, obj=tumour, detail="admin: fields grade")
    page = admin_client_.get(URL, {"q": "van Dam"}).content.decode()
    assert "gewijzigd" in page and "Tumor" in page and dam.display_name in page
    for internal in ("patients.tumour", "admin: fields", "changed", "viewed", "audit event"):
        assert internal not in page, internal


def test_the_log_is_paginated_keeping_the_filters(admin_client_, clinician, dam) -> None:
    for _ in range(60):
        _log(clinician, dam)
    response = admin_client_.get(URL, {"q": "van Dam", "action": "view"})
    assert len(response.context["rows"]) == 50
    assert "?q=van+Dam&amp;action=view&amp;page=2" in response.content.decode()
    second = admin_client_.get(URL, {"q": "van Dam", "action": "view", "page": 2})
    assert len(second.context["rows"]) == 10


def test_reading_the_log_about_a_patient_is_audited(admin_client_, admin_user, clinician, dam, other) -> None:
    _log(clinician, dam)
    _log(clinician, other)
    before = AuditEvent.objects.count()
    admin_client_.get(URL, {"q": "van Dam"})
    new = list(AuditEvent.objects.order_by("id")[before:])
    assert [(e.username, e.action, e.patient_external_id, e.object_type) for e in new] == [
        (admin_user.username, AuditAction.SEARCH, dam.external_id, "audit.auditevent")]


def test_the_log_page_runs_a_constant_number_of_queries(admin_client_, clinician,
                                                        django_assert_max_num_queries) -> None:
    for _ in range(5):
        _log(clinician, PatientFactory())
    with django_assert_max_num_queries(30) as few:
        admin_client_.get(URL)
    for _ in range(45):
        _log(clinician, PatientFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = admin_client_.get(URL)
    assert len(response.context["rows"]) == 50


def test_only_admins_see_the_log_and_the_overview(clinician_client, secretary_client, coordinator_client,
                                                  admin_client_, dam) -> None:
    pdf_url = reverse("audit-patient-overview", args=[dam.external_id])
    for client in (clinician_client, secretary_client, coordinator_client):
        assert client.get(URL).status_code == 403
        assert client.get(pdf_url).status_code == 403
    assert admin_client_.get(URL, {"patient": str(dam.external_id)}).status_code == 200


def test_the_patient_view_links_the_printable_overview(admin_client_, clinician, dam) -> None:
    _log(clinician, dam)
    page = admin_client_.get(URL, {"patient": str(dam.external_id)}).content.decode()
    assert reverse("audit-patient-overview", args=[dam.external_id]) in page
    assert "Overzicht voor de patiënt afdrukken (pdf)" in page


def test_the_overview_pdf_has_the_running_header_on_every_page(admin_client_, admin_user, dam) -> None:
    users = [UserFactory(first_name="Anna", last_name=f"de Vries-Bakker {i}") for i in range(4)]
    tumour = TumourFactory(patient=dam)
    for i in range(160):
        audit_record(user=users[i % 4], action=[AuditAction.VIEW, AuditAction.UPDATE, AuditAction.PRINT][i % 3],
                     patient=dam, obj=tumour if i % 2 else dam)
    before = AuditEvent.objects.count()
    response = admin_client_.get(reverse("audit-patient-overview", args=[dam.external_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    save_for_review("audit-overview", response.content)
    printed = pages(response.content)
    assert len(printed) >= 3
    for page in printed:
        assert page.outside == [], page.outside
        assert dam.formal_name in page.text, page.number
        assert "patiëntnummer 4100001" in page.text, page.number
        assert re.search(rf"pagina {page.number} van {len(printed)}", page.text), page.number
    text = "\n".join(p.text for p in printed)
    assert "Anna de Vries-Bakker 0" in text and "gewijzigd" in text and "Tumor" in text
    assert "patients.tumour" not in text
    # Printing the overview is itself in the log, against the patient.
    [printed_entry] = AuditEvent.objects.order_by("id")[before:]
    assert (printed_entry.action, printed_entry.patient_external_id, printed_entry.username) == (
        AuditAction.PRINT, dam.external_id, admin_user.username)


def test_the_overview_of_an_unknown_patient_is_not_found(admin_client_) -> None:
    assert admin_client_.get(reverse("audit-patient-overview", args=["00000000-0000-0000-0000-00000000abcd"])
                             ).status_code == 404
