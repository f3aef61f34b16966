import datetime as dt

import pytest
from rest_framework.test import APIClient

from tests.factories import PatientFactory, TumourFactory
from zorgpad.patients.models import Patient, Tumour

pytestmark = pytest.mark.django_db


def test_patient_api_create_and_read(clinician_api) -> None:
    response = clinician_api.post("/api/v1/patients/", {
        "hospital_number": "1234567", "bsn": "111222333", "family_name_prefix": "de", "family_name": "Vries",
        "initials": "A.", "date_of_birth": "1950-02-03", "sex": "F", "partner_family_name_prefix": "van",
        "partner_family_name": "Dam", "name_usage": "NL4", "phone": "010 123 4567", "email": "a@example.org",
    }, format="json")
    assert response.status_code == 201, response.json()
    patient_id = response.json()["id"]
    read = clinician_api.get(f"/api/v1/patients/{patient_id}/").json()
    assert (read["family_name_prefix"], read["family_name"]) == ("de", "Vries")
    assert (read["partner_family_name_prefix"], read["partner_family_name"], read["name_usage"]) == (
        "van", "Dam", "NL4")
    assert (read["phone"], read["email"]) == ("010 123 4567", "a@example.org")
    assert read["display_name"] == "Vries, A. de"
    assert read["formal_name"] == "A. de Vries-van Dam"


def test_patient_api_refuses_a_prefix_inside_the_family_name_and_writes_nothing(clinician_api) -> None:
    response = clinician_api.post("/api/v1/patients/", {
        "hospital_number": "1234567", "family_name": "van der Meer", "date_of_birth": "1950-02-03", "sex": "F",
    }, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "family_name": ["Vul het tussenvoegsel “van der” in een eigen veld in, en “Meer” als achternaam."]}
    assert Patient.objects.count() == 0


def test_patient_api_name_usage_with_the_partner_name_needs_that_name(clinician_api) -> None:
    response = clinician_api.post("/api/v1/patients/", {
        "hospital_number": "1234567", "family_name": "Vries", "date_of_birth": "1950-02-03", "name_usage": "NL2",
    }, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["partner_family_name"]
    assert Patient.objects.count() == 0


def test_patient_api_search_by_date_of_birth_and_bad_date_is_400(clinician_api) -> None:
    match = PatientFactory(date_of_birth=dt.date(1949, 3, 14))
    PatientFactory(date_of_birth=dt.date(1949, 3, 15))
    found = clinician_api.get("/api/v1/patients/", {"q": "14-03-1949"}).json()
    assert [row["id"] for row in found["results"]] == [str(match.external_id)]
    response = clinician_api.get("/api/v1/patients/", {"q": "31-02-1949"})
    assert response.status_code == 400
    assert list(response.json()) == ["q"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"bsn": "123456789"}, "bsn"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"date_of_birth": "not a date"}, "date_of_birth"),
        ({"sex": "Q"}, "sex"),
        ({"phone": "12345"}, "phone"),
        ({"email": "not-an-address"}, "email"),
        ({"name_usage": "NL9"}, "name_usage"),
        ({"family_name": ""}, "family_name"),
    ],
)
def test_patient_api_bad_input_gives_400_with_field_errors(clinician_api, payload, field) -> None:
    body = {"hospital_number": "1234567", "family_name": "Vries", "date_of_birth": "1950-02-03", "sex": "F"}
    body.update(payload)
    response = clinician_api.post("/api/v1/patients/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Patient.objects.count() == 0


def test_patient_api_duplicate_hospital_number_is_400(clinician_api) -> None:
    PatientFactory(hospital_number="1234567")
    response = clinician_api.post("/api/v1/patients/", {
        "hospital_number": "1234567", "family_name": "X", "date_of_birth": "1950-02-03"}, format="json")
    assert response.status_code == 400
    assert "hospital_number" in response.json()


def test_tumour_api_negative_size_is_400_and_cross_field_errors(clinician_api) -> None:
    patient = PatientFactory()
    url = f"/api/v1/patients/{patient.external_id}/tumours/"
    base = {"diagnosis": "subcutaneous_leiomyosarcoma", "body_site": "romp", "laterality": "left",
            "date_of_diagnosis": "2025-01-01"}
    response = clinician_api.post(url, {**base, "largest_diameter_cm": -1}, format="json")
    assert response.status_code == 400
    assert "largest_diameter_cm" in response.json()
    response = clinician_api.post(url, {**base, "breslow_mm": 1.2}, format="json")
    assert response.status_code == 400
    assert "breslow_mm" in response.json()
    assert Tumour.objects.count() == 0
    response = clinician_api.post(url, {**base, "largest_diameter_cm": 6}, format="json")
    assert response.status_code == 201
    assert response.json()["patient"] == str(patient.external_id)


def test_patient_api_filters_and_paginates(clinician_api) -> None:
    PatientFactory(family_name="Zwaan", sex="F")
    PatientFactory.create_batch(3, sex="M")
    data = clinician_api.get("/api/v1/patients/", {"q": "zwaan"}).json()
    assert [p["family_name"] for p in data["results"]] == ["Zwaan"]
    assert clinician_api.get("/api/v1/patients/", {"sex": "M"}).json()["count"] == 3


def test_secretary_api_cannot_change_tumour(secretary_api) -> None:
    tumour = TumourFactory()
    response = secretary_api.patch(f"/api/v1/tumours/{tumour.external_id}/", {"body_site": "x"}, format="json")
    assert response.status_code == 403
    tumour.refresh_from_db()
    assert tumour.body_site == "bovenbeen"
    assert secretary_api.get(f"/api/v1/tumours/{tumour.external_id}/").status_code == 200


def test_token_auth(clinician) -> None:
    client = APIClient()
    token = client.post("/api/v1/auth/token/", {"username": "clinician", "password": "pw"}).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/patients/").status_code == 200


def test_openapi_schema_served_to_logged_in_users(clinician_api) -> None:
    response = clinician_api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/v1/patients/" in response.json()["paths"]


@pytest.mark.parametrize(("born", "status"), [
    pytest.param("0001-01-01", 400, id="0001-01-01"),
    pytest.param("1899-12-31", 400, id="the day before 1900"),
    pytest.param("1900-01-01", 201, id="1900-01-01"),
])
def test_a_date_of_birth_lies_on_or_after_1900(clinician_api, born: str, status: int) -> None:
    body = {"hospital_number": "1234567", "family_name_prefix": "de", "family_name": "Vries", "date_of_birth": born,
            "sex": "F"}
    response = clinician_api.post("/api/v1/patients/", body, format="json")
    assert response.status_code == status, response.json()
    if status == 400:
        assert response.json() == {"date_of_birth": ["Een geboortedatum ligt op of na 01-01-1900."]}
    assert Patient.objects.count() == (1 if status == 201 else 0)


def test_the_patient_form_refuses_a_date_of_birth_before_1900(secretary_client) -> None:
    response = secretary_client.post("/patients/new/", {
        "hospital_number": "1234567", "family_name": "de Vries", "date_of_birth": "1850-05-01", "sex": "F"})
    assert response.status_code == 200
    assert "Een geboortedatum ligt op of na 01-01-1900." in response.content.decode()
    assert not Patient.objects.exists()
