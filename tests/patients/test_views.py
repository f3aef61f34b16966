import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import ComorbidityFactory, MelanomaFactory, PatientFactory, TumourFactory, TumourMarkerFactory
from zorgpad.audit.models import AuditEvent
from zorgpad.patients.models import Patient, Tumour

pytestmark = pytest.mark.django_db


def test_patient_list_searches_name_hospital_number_and_bsn(clinician_client) -> None:
    a = PatientFactory(family_name="Zwaan", hospital_number="7000001", bsn="111222333")
    PatientFactory(family_name="Anders")
    for q in ("zwaan", "7000001", "111222333"):
        # The live search (htmx) lists the single hit; a submitted search opens it (tested below).
        response = clinician_client.get(reverse("patients:list"), {"q": q}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert list(response.context["page"]) == [a], q


def _case_report_patient() -> Patient:
    return PatientFactory(family_name_prefix="van", family_name="Dam", given_names="Gerrit", initials="G.",
                          date_of_birth=dt.date(1949, 3, 14), hospital_number="4100001", bsn="111222333")


@pytest.mark.parametrize("query", ["Dam", "van Dam", "Dam van", "Dam, G", "dam, g. van", "14-03-1949", "4100001",
                                   "111222333"])
def test_patient_search_finds_the_case_report_patient_and_a_single_hit_opens_him(clinician_client, query) -> None:
    gerrit = _case_report_patient()
    PatientFactory(family_name="Dekker", given_names="Anna", initials="A.", date_of_birth=dt.date(1949, 3, 15))
    PatientFactory(family_name_prefix="de", family_name="Damme", given_names="Piet", initials="P.")
    PatientFactory(family_name="Dam", given_names="Wim", initials="W.", hospital_number="4100002")
    found = clinician_client.get(reverse("patients:list"), {"q": query}, headers={"HX-Request": "true"})
    assert gerrit in list(found.context["page"]), query
    response = clinician_client.get(reverse("patients:list"), {"q": query})
    if len(found.context["page"]) == 1:
        assert response.status_code == 302
        assert response["Location"] == reverse("patients:detail", args=[gerrit.external_id])


@pytest.mark.parametrize(("query", "expected"), [
    pytest.param("Dam, G", ["Dam, G. van"], id="initial narrows: not Dam, W. nor Damme, P. de"),
    pytest.param("van Dam", ["Dam, G. van"], id="prefix narrows: not the Dam without prefix"),
    pytest.param("Dam", ["Dam, G. van", "Dam, W.", "Damme, P. de"], id="family name alone: all three"),
    pytest.param("14-03-1949", ["Dam, G. van"], id="date of birth"),
])
def test_patient_search_narrows_by_prefix_initial_and_date(clinician_client, query, expected) -> None:
    _case_report_patient()
    PatientFactory(family_name_prefix="de", family_name="Damme", given_names="Piet", initials="P.")
    PatientFactory(family_name="Dam", given_names="Wim", initials="W.", hospital_number="4100002")
    response = clinician_client.get(reverse("patients:list"), {"q": query}, headers={"HX-Request": "true"})
    assert [p.display_name for p in response.context["page"]] == expected


def test_a_search_for_an_impossible_date_says_so_and_lists_nobody(clinician_client) -> None:
    _case_report_patient()
    response = clinician_client.get(reverse("patients:list"), {"q": "31-02-1949"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []
    assert "31-02-1949 is geen datum" in response.content.decode()


def test_the_list_sorts_on_the_family_name_without_its_prefix(clinician_client) -> None:
    _case_report_patient()
    for prefix, family in (("", "Bakker"), ("de", "Boer"), ("", "Dekker"), ("van", "Leeuwen"), ("", "Visser"),
                           ("", "Cohen")):
        PatientFactory(family_name_prefix=prefix, family_name=family, given_names="Jan", initials="J.")
    response = clinician_client.get(reverse("patients:list"))
    assert [p.display_name for p in response.context["page"]] == [
        "Bakker, J.", "Boer, J. de", "Cohen, J.", "Dam, G. van", "Dekker, J.", "Leeuwen, J. van", "Visser, J."]
    assert "Dam, G. van" in response.content.decode()


def test_patient_form_refuses_a_prefix_in_the_family_name_and_saves_nothing(clinician_client) -> None:
    response = clinician_client.post(reverse("patients:create"), {
        "hospital_number": "1234567", "family_name": "van Dam", "date_of_birth": "1949-03-14", "sex": "M",
        "name_usage": "NL2", "phone": "0101", "email": "x",
    })
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"family_name", "partner_family_name", "phone", "email"}
    assert "Vul het tussenvoegsel" in response.content.decode()
    assert Patient.objects.count() == 0


def test_patient_list_paginates(clinician_client) -> None:
    PatientFactory.create_batch(30)
    response = clinician_client.get(reverse("patients:list"), {"page": 2})
    assert len(response.context["page"]) == 5


def test_patient_list_query_count_is_constant(clinician_client, django_assert_max_num_queries) -> None:
    PatientFactory.create_batch(3)
    with django_assert_max_num_queries(12) as small:
        clinician_client.get(reverse("patients:list"))
    PatientFactory.create_batch(40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        clinician_client.get(reverse("patients:list"))


def _full_record(patient) -> None:
    TumourFactory(patient=patient)
    MelanomaFactory(patient=patient)
    ComorbidityFactory(patient=patient)
    TumourMarkerFactory(patient=patient)


def test_patient_page_query_count_is_constant(clinician_client, django_assert_max_num_queries) -> None:
    patient = PatientFactory()
    _full_record(patient)
    url = reverse("patients:detail", args=[patient.external_id])
    with django_assert_max_num_queries(40) as small:
        assert clinician_client.get(url).status_code == 200
    for _ in range(5):
        _full_record(patient)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = clinician_client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"/tumours/") >= 12


def test_patient_create_form_error_is_clear_and_nothing_saved(clinician_client) -> None:
    response = clinician_client.post(reverse("patients:create"), {
        "hospital_number": "1234567", "bsn": "123456789", "family_name_prefix": "de", "family_name": "Vries",
        "date_of_birth": (dt.date.today() + dt.timedelta(days=3)).isoformat(), "sex": "F", "name_usage": "NL1",
    })
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"bsn", "date_of_birth"}
    page = response.content.decode()
    assert "123456789 is geen geldig BSN" in page  # the UI speaks Dutch by default
    assert "ligt in de toekomst" in page
    assert Patient.objects.count() == 0


def test_patient_create_form_saves_and_redirects(clinician_client) -> None:
    response = clinician_client.post(reverse("patients:create"), {
        "hospital_number": "1234567", "bsn": "111222333", "family_name_prefix": "de", "family_name": "Vries",
        "date_of_birth": "1950-02-03", "sex": "F", "name_usage": "NL1",
    })
    patient = Patient.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("patients:detail", args=[patient.external_id])


def test_tumour_form_rejects_negative_size(clinician_client) -> None:
    patient = PatientFactory()
    response = clinician_client.post(reverse("patients:tumour-create", args=[patient.external_id]), {
        "diagnosis": "subcutaneous_leiomyosarcoma", "body_site": "romp", "laterality": "left",
        "largest_diameter_cm": "-1", "date_of_diagnosis": "2025-01-01", "pathology_source": "own",
        "revision_status": "not_needed", "status": "diagnosed", "ulceration": "unknown", "operable": "unknown",
    })
    assert response.status_code == 200
    assert "largest_diameter_cm" in response.context["form"].errors
    assert Tumour.objects.count() == 0


def test_tumour_edit_changes_and_audits(clinician_client) -> None:
    tumour = TumourFactory()
    response = clinician_client.post(reverse("patients:tumour-edit", args=[tumour.external_id]), {
        "diagnosis": "subcutaneous_leiomyosarcoma", "body_site": "romp", "laterality": "left", "depth": "subcutis",
        "largest_diameter_cm": "7.5", "grade": "G2", "date_of_diagnosis": "2025-01-01", "pathology_source": "own",
        "revision_status": "not_needed", "status": "diagnosed", "ulceration": "unknown", "operable": "unknown",
        "n_category": "N0", "m_category": "M0",
    })
    assert response.status_code == 302
    tumour.refresh_from_db()
    assert str(tumour.largest_diameter_cm) == "7.50"
    update = AuditEvent.objects.get(action="update")
    assert "largest_diameter_cm" in update.detail


def test_secretary_reads_record_but_cannot_edit_clinical_data(secretary_client) -> None:
    tumour = TumourFactory()
    patient = tumour.patient
    assert secretary_client.get(reverse("patients:detail", args=[patient.external_id])).status_code == 200
    assert secretary_client.get(reverse("patients:edit", args=[patient.external_id])).status_code == 200
    for name, arg in (("patients:tumour-edit", tumour.external_id), ("patients:tumour-create", patient.external_id),
                      ("patients:comorbidity-create", patient.external_id),
                      ("patients:marker-create", patient.external_id)):
        assert secretary_client.get(reverse(name, args=[arg])).status_code == 403, name
        assert secretary_client.post(reverse(name, args=[arg]), {"body_site": "x"}).status_code == 403, name
    tumour.refresh_from_db()
    assert tumour.body_site == "bovenbeen"


def test_coordinator_cannot_edit_demographics(coordinator_client) -> None:
    patient = PatientFactory()
    assert coordinator_client.get(reverse("patients:edit", args=[patient.external_id])).status_code == 403


def test_language_switch_to_english(clinician_client) -> None:
    # Dutch by default, even for a browser that asks for English.
    response = clinician_client.get(reverse("patients:list"), HTTP_ACCEPT_LANGUAGE="en-US,en")
    assert "Patiënten" in response.content.decode()
    clinician_client.post(reverse("set_language"), {"language": "en", "next": "/patients/"})
    assert "Patients" in clinician_client.get(reverse("patients:list")).content.decode()
