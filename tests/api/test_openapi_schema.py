"""Issue 14: the OpenAPI schema tells the truth. Each test is a finding of the schemathesis run (all checks,
every role) and fails on the code before the fix."""

from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from referrals.models import Referral
from tests.factories import ComorbidityFactory, PatientFactory
from zorgpad.patients.models import TumourMarker

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_setup: Any, django_db_blocker: Any) -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():
        return SchemaGenerator().get_schema(request=None, public=True)


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method.upper(), path, op) for path, ops in schema["paths"].items() for method, op in ops.items()]


def _component(schema: dict[str, Any], name: str) -> dict[str, Any]:
    return schema["components"]["schemas"][name]


# --- every operation documents the answers it gives --------------------------------------------------------------


def test_every_operation_documents_its_error_answers(schema) -> None:
    missing = []
    for method, path, op in _operations(schema):
        codes = set(op["responses"])
        expected = {"403"}
        if method in ("POST", "PUT", "PATCH"):
            expected |= {"400", "415"}
        if "{" in path:
            expected.add("404")
        if not expected <= codes:
            missing.append(f"{method} {path}: {sorted(expected - codes)}")
    assert missing == []


def test_error_answers_have_the_shape_drf_sends(schema) -> None:
    detail = schema["paths"]["/api/v1/patients/{external_id}/"]["get"]["responses"]["404"]
    assert detail["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorDetail"}
    assert _component(schema, "ErrorDetail")["required"] == ["detail"]
    invalid = schema["paths"]["/api/v1/patients/"]["post"]["responses"]["400"]
    assert invalid["content"]["application/json"]["schema"]["type"] == "object"


def test_throttled_and_token_operations_document_429_and_401(schema) -> None:
    assert "429" in schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    # the calendar feed asks for its token first (WWW-Authenticate), so it answers 401, not 403
    assert "401" in schema["paths"]["/api/v1/mdo/calendar/{code}.ics"]["get"]["responses"]


def test_an_unknown_api_url_answers_json_404_as_documented(clinician_api: APIClient) -> None:
    response = clinician_api.get("/api/v1/mdo/calendar/no such code.ics")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Niet gevonden."}


# --- numbers are JSON numbers, in the schema and on the wire -----------------------------------------------------


def test_decimals_are_documented_as_json_numbers(schema) -> None:
    size = _component(schema, "StagingStsRequest")["properties"]["size_cm"]
    assert (size["type"], size["minimum"], size["exclusiveMinimum"]) == ("number", 0, True)
    diameter = _component(schema, "TumourInputRequest")["properties"]["largest_diameter_cm"]
    assert (diameter["type"], diameter["multipleOf"]) == ("number", 0.01)
    assert _component(schema, "TumourOutput")["properties"]["breslow_mm"]["type"] == "number"


def test_a_decimal_as_a_string_is_refused_with_a_dutch_message(clinician_api: APIClient) -> None:
    body = {"system": "ajcc8-sts-trunk-extremities", "size_cm": "5.5"}
    response = clinician_api.post("/api/v1/staging/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"size_cm": ["Een getal is vereist."]}


def test_a_decimal_as_a_string_is_refused_with_an_english_message(clinician_api: APIClient) -> None:
    clinician_api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = {"system": "ajcc8-sts-trunk-extremities", "size_cm": "5.5"}
    response = clinician_api.post("/api/v1/staging/", body, format="json")
    assert response.json() == {"size_cm": ["A number is required."]}


def test_decimals_are_sent_as_json_numbers(clinician_api: APIClient) -> None:
    patient = PatientFactory()
    url = f"/api/v1/patients/{patient.external_id}/markers/"
    response = clinician_api.post(url, {"marker": "S100B", "measured_on": "2026-01-02", "value": 0.12,
                                        "unit": "µg/L"}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["value"] == 0.12


@pytest.mark.parametrize(("body", "field"), [
    pytest.param({"value": "0.12"}, "value", id="decimal as a string"),
    pytest.param({"value": True}, "value", id="decimal as a boolean"),
])
def test_schema_violating_marker_values_are_refused(clinician_api: APIClient, body: dict[str, Any],
                                                    field: str) -> None:
    patient = PatientFactory()
    url = f"/api/v1/patients/{patient.external_id}/markers/"
    response = clinician_api.post(url, {"marker": "S100B", "measured_on": "2026-01-02", "unit": "µg/L", **body},
                                  format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not TumourMarker.objects.exists()


@pytest.mark.parametrize("active", [1, 0, "yes", "true", None])
def test_a_boolean_must_be_a_json_boolean(clinician_api: APIClient, active: Any) -> None:
    comorbidity = ComorbidityFactory(active=True)
    response = clinician_api.patch(f"/api/v1/comorbidities/{comorbidity.external_id}/", {"active": active},
                                   format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["active"]
    comorbidity.refresh_from_db()
    assert comorbidity.active is True


def test_a_form_body_is_refused_where_the_schema_documents_json_only(clinician_api: APIClient, schema) -> None:
    comorbidity = ComorbidityFactory(active=True)
    response = clinician_api.patch(f"/api/v1/comorbidities/{comorbidity.external_id}/", {"active": "false"},
                                   format="multipart")
    assert response.status_code == 415
    comorbidity.refresh_from_db()
    assert comorbidity.active is True
    body = schema["paths"]["/api/v1/comorbidities/{external_id}/"]["patch"]["requestBody"]["content"]
    assert list(body) == ["application/json"]


# --- the schema states the bounds and patterns the server checks --------------------------------------------------


@pytest.mark.parametrize(("component", "field", "length"), [
    ("CaseRegisterInputRequest", "question", 2000),
    ("TumourInputRequest", "notes", 5000),
    ("ComorbidityInputRequest", "notes", 5000),
    ("ReferralInputRequest", "reason", 5000),
    ("TransitionInputRequest", "reason", 5000),
    ("OverrideInputRequest", "reason", 5000),
    ("VisitStatusInputRequest", "note", 5000),
    ("PatientInputRequest", "family_name", 100),
])
def test_free_text_bounds_are_in_the_schema(schema, component: str, field: str, length: int) -> None:
    assert _component(schema, component)["properties"][field]["maxLength"] == length


def test_field_formats_the_server_checks_are_patterns_in_the_schema(schema) -> None:
    patient = _component(schema, "PatientInputRequest")["properties"]
    assert patient["hospital_number"]["pattern"] == "^[0-9A-Z]{4,20}$"
    assert patient["bsn"]["pattern"] == "^([0-9]{9})?$"
    assert "11-check" in patient["bsn"]["description"]
    assert patient["postal_code"]["pattern"] == "^([1-9][0-9]{3} ?[A-Za-z]{2})?$"
    assert _component(schema, "ReferralInputRequest")["properties"]["referrer_agb"]["pattern"] == "^([0-9]{8})?$"


def test_the_strict_calculators_say_they_refuse_unknown_keys(schema) -> None:
    for name in ("StagingStsRequest", "StagingMelanomaRequest", "SscCriteriaRequest", "PathwayEvaluateRequest"):
        assert _component(schema, name)["additionalProperties"] is False, name


def test_business_rules_that_refuse_valid_input_are_named_in_the_description(schema) -> None:
    op = schema["paths"]["/api/v1/referrals/{external_id}/transition/"]["post"]
    assert "to_status" in op["x-business-rules"]
    assert "- `to_status`: only the transitions of the referral state machine" in op["description"]


def test_an_unknown_patient_in_a_referral_body_is_a_field_error(secretary_api: APIClient) -> None:
    body = {"patient": "6f1c1f0e-3f0a-4c4e-9d5e-000000000000", "referrer_kind": "gp", "referrer_name": "dr. X",
            "received_on": "2026-01-05", "reason": "Verdacht.", "phase": "sarcoma"}
    response = secretary_api.post("/api/v1/referrals/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"patient": ["Geen patiënt met deze id."]}
    assert not Referral.objects.exists()


def test_a_bound_holds_for_the_text_as_sent_not_after_trimming(clinician_api: APIClient) -> None:
    patient = PatientFactory()
    notes = " " + "x" * 5000  # 5,001 characters; DRF's trimming made it 5,000 before the bound was checked
    response = clinician_api.post(f"/api/v1/patients/{patient.external_id}/comorbidities/",
                                  {"kind": "immunosuppression", "notes": notes}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["notes"]
    assert not patient.comorbidities.exists()


def test_a_number_is_not_taken_for_a_text(clinician_api: APIClient) -> None:
    patient = PatientFactory()
    response = clinician_api.post(f"/api/v1/patients/{patient.external_id}/comorbidities/",
                                  {"kind": "immunosuppression", "notes": 12345}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["notes"]
    assert not patient.comorbidities.exists()


@pytest.mark.parametrize(("query", "status"), [
    pytest.param("page=", 404, id="empty page"),
    pytest.param("page=abc", 404, id="page not a number"),
    pytest.param("page_size=null", 400, id="page size not a number"),
    pytest.param("page_size=0", 400, id="page size zero"),
    pytest.param("page_size=501", 400, id="page size over the maximum"),
])
def test_invalid_paging_is_refused_not_ignored(coordinator_api: APIClient, query: str, status: int) -> None:
    assert coordinator_api.get(f"/api/v1/mdo/sessions/?{query}").status_code == status


def test_an_empty_filter_is_documented_as_no_filter(schema) -> None:
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/patients/"]["get"]["parameters"]}
    assert parameters["born_before"]["schema"]["anyOf"][1] == {"type": "string", "maxLength": 0}


def test_a_body_with_required_fields_is_a_required_body(schema) -> None:
    assert schema["paths"]["/api/v1/staging/"]["post"]["requestBody"]["required"] is True
    assert "required" not in schema["paths"]["/api/v1/patients/{external_id}/"]["patch"]["requestBody"]
