import datetime as dt

import pytest

from referrals.models import Destination, Phase, Referral, ReferralStatus, TriageOverride
from tests.factories import PatientFactory
from tests.referrals.factories import ChecklistFactory, ReferralFactory
from zorgpad.patients.models import Patient

pytestmark = pytest.mark.django_db

D = dt.date
BODY = {
    "hospital_number": "7400001", "family_name": "Spreeuw", "date_of_birth": "1960-01-01",
    "referrer_kind": "gp", "referrer_name": "dr. H", "received_on": "2026-11-18", "reason": "zwelling",
    "phase": "sarcoma", "external_biopsy": True,
}


@pytest.fixture(autouse=True)
def _today(freeze_today) -> None:
    freeze_today(D(2026, 11, 23))


def test_acceptance_create_via_api_gives_advice_with_sources(clinician_api) -> None:
    response = clinician_api.post("/api/v1/referrals/", BODY, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "received"
    assert data["triage_due_on"] == "2026-11-20"
    assert data["advised_destination"] == "surgical_oncology_clinic"
    advice = data["advice"]
    assert advice["destination"] == "surgical_oncology_clinic"
    by_code = {item["code"]: item for item in advice["items"]}
    assert by_code["surgical_oncology_clinic"]["source"]["section"] == "Verwijzing en triage"
    assert by_code["request_revision"]["source"]["section"] == "Subcutaan leiomyosarcoom › Diagnostiek"  # noqa: RUF001
    assert by_code["request_revision"]["kind"] == "pathology"
    assert data["transitions"][0]["to_status"] == "received"
    assert Patient.objects.get().hospital_number == "7400001"


def test_create_for_a_registered_patient_by_id(secretary_api) -> None:
    patient = PatientFactory()
    body = {k: v for k, v in BODY.items() if k not in ("hospital_number", "family_name", "date_of_birth")}
    response = secretary_api.post("/api/v1/referrals/", {**body, "patient": str(patient.external_id)},
                                  format="json")
    assert response.status_code == 201
    assert response.json()["patient"]["id"] == str(patient.external_id)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"referrer_agb": "123"}, "referrer_agb", id="AGB not 8 digits"),
        pytest.param({"phase": "tertiary"}, "tertiary_route", id="tertiary without route"),
        pytest.param({"received_on": "2026-11-24"}, "received_on", id="received in the future"),
        pytest.param({"hospital_number": "", "bsn": ""}, "hospital_number", id="no patient identification"),
        pytest.param({"phase": "unknown"}, "phase", id="unknown phase"),
    ],
)
def test_create_bad_input_is_400_and_nothing_written(clinician_api, change, field) -> None:
    response = clinician_api.post("/api/v1/referrals/", {**BODY, **change}, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert (Referral.objects.count(), Patient.objects.count()) == (0, 0)


def test_create_conflicting_numbers_is_400(clinician_api) -> None:
    PatientFactory(hospital_number="7400001", bsn="")
    PatientFactory(bsn="111222333")
    response = clinician_api.post("/api/v1/referrals/", {**BODY, "bsn": "111222333"}, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Referral.objects.count() == 0


def test_coordinator_reads_but_does_not_write(coordinator_api) -> None:
    referral = ReferralFactory()
    assert coordinator_api.get("/api/v1/referrals/").status_code == 200
    assert coordinator_api.get(f"/api/v1/referrals/{referral.external_id}/").status_code == 200
    assert coordinator_api.post("/api/v1/referrals/", BODY, format="json").status_code == 403
    response = coordinator_api.post(f"/api/v1/referrals/{referral.external_id}/transition/",
                                    {"to_status": "triaged"}, format="json")
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == "received"


def test_list_filters(clinician_api) -> None:
    overdue = ReferralFactory(received_on=D(2026, 11, 16))  # due 18th
    fresh = ReferralFactory(received_on=D(2026, 11, 23), phase=Phase.SARCOMA)
    closed = ReferralFactory(status=ReferralStatus.CLOSED, destination=Destination.DERMATOLOGY_CLINIC,
                             received_on=D(2026, 1, 5))

    def ids(**params) -> list[str]:
        response = clinician_api.get("/api/v1/referrals/", params)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [str(closed.external_id), str(overdue.external_id), str(fresh.external_id)]
    assert ids(status="received") == [str(overdue.external_id), str(fresh.external_id)]
    assert ids(phase="sarcoma") == [str(fresh.external_id)]
    assert ids(overdue="true") == [str(overdue.external_id)]
    assert ids(overdue="false") == [str(closed.external_id), str(fresh.external_id)]
    assert clinician_api.get("/api/v1/referrals/", {"status": "lost"}).status_code == 400


def test_list_query_count_is_constant(clinician_api, django_assert_max_num_queries) -> None:
    ReferralFactory.create_batch(2)
    with django_assert_max_num_queries(10) as small:
        clinician_api.get("/api/v1/referrals/")
    ReferralFactory.create_batch(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(clinician_api.get("/api/v1/referrals/").json()["results"]) == 22


def test_transition_action_and_illegal_move(clinician_api) -> None:
    referral = ReferralFactory(phase=Phase.SARCOMA)
    url = f"/api/v1/referrals/{referral.external_id}/transition/"
    response = clinician_api.post(url, {"to_status": "triaged", "expected_status": "received"}, format="json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["destination"]) == ("triaged", "surgical_oncology_clinic")
    response = clinician_api.post(url, {"to_status": "closed"}, format="json")
    assert response.status_code == 400
    assert response.json()["to_status"] == [
        "Een verwijzing met status “getrieerd” kan niet naar “afgesloten”. Vanuit “getrieerd” kan ze naar: "
        "afgewezen, afspraak gepland, doorverwezen."]
    referral.refresh_from_db()
    assert referral.status == "triaged"


def test_secretary_cannot_triage_or_override_via_api(secretary_api) -> None:
    referral = ReferralFactory()
    response = secretary_api.post(f"/api/v1/referrals/{referral.external_id}/transition/",
                                  {"to_status": "triaged"}, format="json")
    assert response.status_code == 403
    response = secretary_api.post(f"/api/v1/referrals/{referral.external_id}/override/",
                                  {"destination": "surgical_oncology_clinic", "reason": "x"}, format="json")
    assert response.status_code == 403
    referral.refresh_from_db()
    assert (referral.status, TriageOverride.objects.count()) == ("received", 0)


def test_override_via_api(clinician_api) -> None:
    referral = ReferralFactory(phase=Phase.SUSPICIOUS_LESION)
    url = f"/api/v1/referrals/{referral.external_id}/override/"
    response = clinician_api.post(url, {"destination": "surgical_oncology_clinic"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"reason"}
    response = clinician_api.post(url, {"destination": "surgical_oncology_clinic", "reason": "Diep"}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert (data["destination"], data["destination_overridden"], data["advised_destination"]) == (
        "surgical_oncology_clinic", True, "dermatology_clinic")
    assert data["overrides"][0]["reason"] == "Diep"


def test_checklist_api(clinician_api, secretary_api) -> None:
    patient = PatientFactory()
    url = f"/api/v1/patients/{patient.external_id}/first-visit-checklist/"
    assert clinician_api.get(url).status_code == 404
    response = secretary_api.put(url, {"risk_profile_taken": True}, format="json")
    assert response.status_code == 403
    response = clinician_api.put(url, {"biopsy_needed": True, "biopsy_taken_on": "2026-11-20"}, format="json")
    assert response.status_code == 200
    assert response.json()["result_due_on"] == "2026-12-04"
    assert secretary_api.get(url).json()["biopsy_taken_on"] == "2026-11-20"
    response = clinician_api.put(url, {"result_discussed_on": "2026-11-19"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"result_discussed_on"}
    ChecklistFactory()  # another patient's checklist does not leak
    assert secretary_api.get(url).json()["patient"] == str(patient.external_id)


def test_openapi_schema_documents_the_referral_endpoints(clinician_client) -> None:
    response = clinician_client.get("/api/schema/")
    assert response.status_code == 200
    schema = response.content.decode()
    for path in ("/api/v1/referrals/", "/api/v1/referrals/{external_id}/",
                 "/api/v1/referrals/{external_id}/transition/", "/api/v1/referrals/{external_id}/override/",
                 "/api/v1/patients/{external_id}/first-visit-checklist/"):
        assert f"{path}:" in schema
