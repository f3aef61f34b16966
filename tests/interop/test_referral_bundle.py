"""Referrals as FHIR: POST /fhir/Bundle registers through the referral service (same matching, same checks, the
letter through the same upload checks); idempotent on Bundle.identifier; OperationOutcome errors (400/422)."""

import base64
import copy
import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from fhir.resources.R4B import get_fhir_model_class

from interop.fhir import codes
from interop.fhir.referral import PHASE_SYSTEM, REFERRER_KIND_SYSTEM
from referrals.models import Referral
from tests.factories import PatientFactory, TumourFactory
from tests.referrals.test_uploads import pdf_bytes
from zorgpad.patients.models import Patient

pytestmark = pytest.mark.django_db
HOSPITAL = "https://ziekenhuis.example/fhir/NamingSystem/ziekenhuisnummer"


def referral_bundle(letter: bytes | None = None, **patient_overrides: Any) -> dict[str, Any]:
    """A referral as a GP's system sends it (written from the FHIR R4 specification)."""
    patient = {"resourceType": "Patient", "id": "p1",
               "identifier": [{"system": codes.BSN_SYSTEM, "value": "123456782"},
                              {"system": HOSPITAL, "value": "9100001"}],
               "name": [{"use": "official", "family": "van Dam",
                         "_family": {"extension": [{"url": codes.EXT_OWN_PREFIX, "valueString": "van"},
                                                   {"url": codes.EXT_OWN_NAME, "valueString": "Dam"}]},
                         "given": ["Gerrit"]}],
               "gender": "male", "birthDate": "1961-02-03", **patient_overrides}
    entries: list[dict[str, Any]] = [
        {"fullUrl": "urn:uuid:8f0b1a2c-0000-4000-8000-000000000001", "resource": {
            "resourceType": "ServiceRequest", "status": "active", "intent": "order", "priority": "urgent",
            "category": [{"coding": [{"system": PHASE_SYSTEM, "code": "sarcoma"},
                                     {"system": REFERRER_KIND_SYSTEM, "code": "gp"}]}],
            "subject": {"reference": "urn:uuid:8f0b1a2c-0000-4000-8000-000000000002"},
            "requester": {"reference": "urn:uuid:8f0b1a2c-0000-4000-8000-000000000003"},
            "authoredOn": "2026-11-20",
            "reasonCode": [{"text": "Groeiende subcutane zwelling bovenbeen links, 7 cm"}]}},
        {"fullUrl": "urn:uuid:8f0b1a2c-0000-4000-8000-000000000002", "resource": patient},
        {"fullUrl": "urn:uuid:8f0b1a2c-0000-4000-8000-000000000003", "resource": {
            "resourceType": "Practitioner", "identifier": [{"system": codes.AGB_SYSTEM, "value": "01234567"}],
            "name": [{"text": "dr. H. Huisarts"}]}},
    ]
    if letter is not None:
        entries.append({"fullUrl": "urn:uuid:8f0b1a2c-0000-4000-8000-000000000004", "resource": {
            "resourceType": "DocumentReference", "status": "current",
            "content": [{"attachment": {"contentType": "application/pdf", "title": "verwijsbrief.pdf",
                                        "data": base64.b64encode(letter).decode("ascii")}}]}})
    return {"resourceType": "Bundle", "type": "transaction",
            "identifier": {"system": "https://huisarts.example/verwijzingen", "value": "VW-2026-0042"},
            "entry": entries}


def post(client: Client, body: Any) -> Any:
    return client.post("/fhir/Bundle", data=json.dumps(body), content_type="application/fhir+json")


def outcome(response: Any) -> dict[str, Any]:
    body = response.json()
    get_fhir_model_class("OperationOutcome").model_validate(body)
    return body


def test_round_trip_referral_in_patient_and_condition_out(clinician_client: Client) -> None:
    response = post(clinician_client, referral_bundle(letter=pdf_bytes()))
    assert response.status_code == 201, response.content
    get_fhir_model_class("Bundle").model_validate(response.json())
    referral = Referral.objects.get()
    assert (referral.phase, referral.referrer_kind, referral.urgency, referral.referrer_agb) == (
        "sarcoma", "gp", "urgent", "01234567")
    assert referral.letter and referral.letter.read().startswith(b"%PDF-")
    patient = referral.patient
    assert (patient.family_name_prefix, patient.family_name, patient.bsn) == ("van", "Dam", "123456782")
    # The clinician records the diagnosis; the record goes out again as FHIR.
    tumour = TumourFactory(patient=patient, date_of_diagnosis=dt.date(2026, 11, 25))
    fhir_patient = clinician_client.get(f"/fhir/Patient/{patient.external_id}").json()
    assert {i["system"]: i["value"] for i in fhir_patient["identifier"]} == {
        codes.BSN_SYSTEM: "123456782", HOSPITAL: "9100001"}
    assert fhir_patient["name"][0]["family"] == "van Dam" and fhir_patient["birthDate"] == "1961-02-03"
    conditions = clinician_client.get(f"/fhir/Condition?patient=Patient/{patient.external_id}").json()
    assert [e["resource"]["id"] for e in conditions["entry"]] == [str(tumour.external_id)]


def test_posting_the_same_bundle_twice_creates_one_referral(clinician_client: Client) -> None:
    first = post(clinician_client, referral_bundle())
    second = post(clinician_client, referral_bundle())
    assert (first.status_code, second.status_code) == (201, 200)
    assert Referral.objects.count() == 1 and Patient.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_date_of_birth_contradicting_the_patient_is_422(clinician_client: Client) -> None:
    PatientFactory(bsn="123456782", hospital_number="9100001", date_of_birth=dt.date(1950, 1, 1))
    response = post(clinician_client, referral_bundle())
    assert response.status_code == 422
    assert outcome(response)["issue"][0]["code"] == "business-rule"
    assert Referral.objects.count() == 0


def test_a_letter_that_is_no_pdf_is_refused_by_the_upload_checks(clinician_client: Client) -> None:
    response = post(clinician_client, referral_bundle(letter=b"%PDF-1.7 <html>not a pdf</html>"))
    assert response.status_code == 422
    assert outcome(response)["issue"][0]["details"]["text"] == "letter"
    assert Referral.objects.count() == 0 and Patient.objects.count() == 0


def _without(path: str) -> dict[str, Any]:
    body = referral_bundle()
    if path == "identifier":
        del body["identifier"]
    elif path == "category":
        body["entry"][0]["resource"]["category"] = []
    elif path == "practitioner":
        body["entry"] = body["entry"][:2]
    elif path == "bad-element":
        body["entry"][1]["resource"]["birthDate"] = "3 februari 1961"
    elif path == "wrong-type":
        body = {"resourceType": "Patient"}
    return body


@pytest.mark.parametrize("broken", ["identifier", "category", "practitioner", "bad-element", "wrong-type"])
def test_malformed_bundle_is_400_with_operation_outcome(clinician_client: Client, broken: str) -> None:
    response = post(clinician_client, _without(broken))
    assert response.status_code == 400
    assert outcome(response)["issue"][0]["severity"] == "error"
    assert Referral.objects.count() == 0


def test_not_json_is_400_and_a_reader_may_not_post(clinician_client: Client, coordinator_client: Client) -> None:
    response = clinician_client.post("/fhir/Bundle", data="{nope", content_type="application/fhir+json")
    assert response.status_code == 400
    refused = post(coordinator_client, copy.deepcopy(referral_bundle()))
    assert refused.status_code == 403
    outcome(refused)
