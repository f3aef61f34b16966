"""The FHIR R4 read API: every response parsed with the FHIR model library (fhir.resources R4B), key elements
asserted (profile claim, identifier systems, codes and units, references resolving inside the Bundle)."""

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from fhir.resources.R4B import get_fhir_model_class
from knox.models import AuthToken

from interop.fhir import codes
from tests.factories import PatientFactory, TumourFactory
from tests.interop.conftest import seed_case_patient
from tests.mdo.factories import MdoCaseFactory
from zorgpad.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
HOSPITAL = "https://ziekenhuis.example/fhir/NamingSystem/ziekenhuisnummer"


def parsed(response: Any, resource_type: str) -> dict[str, Any]:
    """The body, after the FHIR model library accepted it as `resource_type`."""
    assert response["Content-Type"].startswith("application/fhir+json"), response["Content-Type"]
    body = response.json()
    assert body["resourceType"] == resource_type
    get_fhir_model_class(resource_type).model_validate(body)
    return body


def resources(bundle: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle.get("entry", []) if kind is None or e["resource"]["resourceType"] == kind]


def references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["reference"]] if isinstance(node.get("reference"), str) else []
        return found + [r for v in node.values() for r in references(v)]
    if isinstance(node, list):
        return [r for v in node for r in references(v)]
    return []


def test_metadata_declares_fhir_401_and_what_is_served(clinician_client: Client) -> None:
    body = parsed(clinician_client.get("/fhir/metadata"), "CapabilityStatement")
    assert body["fhirVersion"] == "4.0.1"
    served = {r["type"] for r in body["rest"][0]["resource"]}
    assert served == {"Patient", "Condition", "Observation", "CarePlan", "Encounter", "Bundle"}
    patient = next(r for r in body["rest"][0]["resource"] if r["type"] == "Patient")
    assert patient["supportedProfile"] == [codes.NL_CORE_PATIENT]


def test_case_report_everything(clinician: User, clinician_client: Client) -> None:
    """Acceptance: the Patient, the melanoma Condition with its stage Observation (IIIB, AJCC 8), the S-100B
    Observations in µg/L and the SSc Condition, every reference resolving inside the Bundle."""
    patient = seed_case_patient(clinician)
    bundle = parsed(clinician_client.get(f"/fhir/Patient/{patient.external_id}/$everything"), "Bundle")
    assert bundle["type"] == "searchset"
    [fhir_patient] = resources(bundle, "Patient")
    assert fhir_patient["meta"]["profile"] == [codes.NL_CORE_PATIENT]
    assert {i["system"]: i["value"] for i in fhir_patient["identifier"]} == {
        "http://fhir.nl/fhir/NamingSystem/bsn": "111222333", HOSPITAL: "7012345"}
    conditions = resources(bundle, "Condition")
    by_id = {c["id"]: c for c in conditions}
    melanoma = by_id[str(patient.tumours.get().external_id)]
    assert melanoma["code"]["text"] == patient.tumours.get().diagnosis_label
    assert melanoma["clinicalStatus"]["coding"][0]["code"] == "active"
    assert melanoma["onsetDateTime"] == "2014-05-20"
    assert "meta" not in melanoma  # shaped after mCODE, not claiming it
    ssc = [by_id[str(c.external_id)] for c in patient.comorbidities.filter(kind="systemic_sclerosis")]
    assert len(ssc) == 1 and ssc[0]["clinicalStatus"]["coding"][0]["code"] == "active"
    observations = {o["id"]: o for o in resources(bundle, "Observation")}
    stage_id = melanoma["stage"][0]["assessment"][0]["reference"].removeprefix("Observation/")
    stage = observations[stage_id]
    assert stage["code"]["coding"][0] == {"system": "http://loinc.org", "code": "21902-2",
                                          "display": "Stage group.pathology Cancer"}
    assert stage["valueCodeableConcept"]["text"] == "IIIB"
    assert stage["method"]["coding"][0]["code"] == "897275008"  # AJCC 8th edition
    assert "8th edition" in stage["method"]["text"]
    members = [observations[r["reference"].removeprefix("Observation/")] for r in stage["hasMember"]]
    assert [(m["code"]["coding"][0]["code"], m["valueCodeableConcept"]["text"]) for m in members] == [
        ("21899-0", "pT3a"), ("21900-6", "pN2b"), ("21901-4", "pM0")]
    s100b = [o for o in observations.values() if o["code"]["text"] == "S-100B"]
    assert [o["valueQuantity"]["value"] for o in s100b] == [0.11, 0.19, 0.31]
    assert {(o["valueQuantity"]["system"], o["valueQuantity"]["code"], o["valueQuantity"]["unit"]) for o in s100b} == {
        ("http://unitsofmeasure.org", "ug/L", "µg/L")}
    assert s100b[0]["referenceRange"][0]["high"]["value"] == 0.10
    ssc_score = [o for o in observations.values() if "ACR/EULAR 2013" in o["code"]["text"]]
    assert ssc_score and ssc_score[0]["focus"][0]["reference"] == f"Condition/{ssc[0]['id']}"
    inside = {f"{r['resourceType']}/{r['id']}" for r in resources(bundle)}
    assert set(references(resources(bundle))) <= inside
    assert all(e["fullUrl"].endswith(f"/fhir/{e['resource']['resourceType']}/{e['resource']['id']}")
               for e in bundle["entry"])


def test_patient_name_in_the_dutch_core_shape(clinician_client: Client) -> None:
    patient = PatientFactory(family_name_prefix="van", family_name="Dam", partner_family_name_prefix="de",
                             partner_family_name="Jong", name_usage="NL4", given_names="Gerrit", bsn="")
    body = parsed(clinician_client.get(f"/fhir/Patient/{patient.external_id}"), "Patient")
    [name] = body["name"]
    assert name["family"] == "van Dam-de Jong"
    assert name["extension"] == [{"url": codes.EXT_ASSEMBLY_ORDER, "valueCode": "NL4"}]
    parts = {e["url"]: e["valueString"] for e in name["_family"]["extension"]}
    assert parts == {codes.EXT_OWN_PREFIX: "van", codes.EXT_OWN_NAME: "Dam", codes.EXT_PARTNER_PREFIX: "de",
                     codes.EXT_PARTNER_NAME: "Jong"}
    assert [i["system"] for i in body["identifier"]] == [HOSPITAL]  # no BSN recorded: no BSN identifier


def test_read_is_audited_naming_the_patient(clinician_client: Client) -> None:
    patient = PatientFactory()
    before = AuditEvent.objects.filter(patient_external_id=patient.external_id).count()
    clinician_client.get(f"/fhir/Patient/{patient.external_id}")
    clinician_client.get(f"/fhir/Condition?patient=Patient/{patient.external_id}")
    assert AuditEvent.objects.filter(patient_external_id=patient.external_id).count() == before + 2


@pytest.mark.parametrize("system", ["http://fhir.nl/fhir/NamingSystem/bsn", HOSPITAL, ""])
def test_patient_search_by_identifier(clinician_client: Client, system: str) -> None:
    patient = PatientFactory(bsn="123456782", hospital_number="8000001")
    value = "8000001" if system == HOSPITAL else "123456782"
    token = f"{system}|{value}" if system else value
    bundle = parsed(clinician_client.get("/fhir/Patient", {"identifier": token}), "Bundle")
    assert [r["id"] for r in resources(bundle)] == [str(patient.external_id)]
    assert AuditEvent.objects.filter(patient_external_id=patient.external_id, action="search").count() == 1
    other = parsed(clinician_client.get("/fhir/Patient", {"identifier": "http://other.example|123456782"}), "Bundle")
    assert other["total"] == 0


def test_token_auth_and_refusals_are_operation_outcomes(clinician: User, client: Client) -> None:
    patient = PatientFactory()
    refused = client.get(f"/fhir/Patient/{patient.external_id}")
    assert refused.status_code in (401, 403)
    parsed(refused, "OperationOutcome")
    _, token = AuthToken.objects.create(clinician)
    ok = client.get(f"/fhir/Patient/{patient.external_id}", HTTP_AUTHORIZATION=f"Token {token}")
    assert ok.status_code == 200
    parsed(ok, "Patient")


@pytest.mark.parametrize("query", ["patient=nonsense", "", "patient=Patient/12"])
def test_bad_search_is_400_with_operation_outcome(clinician_client: Client, query: str) -> None:
    response = clinician_client.get(f"/fhir/Observation?{query}")
    assert response.status_code == 400
    parsed(response, "OperationOutcome")


def test_unknown_patient_is_404_outcome_and_empty_search(clinician_client: Client) -> None:
    unknown = "00000000-0000-0000-0000-000000000001"
    response = clinician_client.get(f"/fhir/Patient/{unknown}")
    assert response.status_code == 404
    parsed(response, "OperationOutcome")
    assert parsed(clinician_client.get(f"/fhir/Condition?patient={unknown}"), "Bundle")["total"] == 0


def test_mdo_meeting_as_encounter_and_decision_as_careplan(clinician: User, clinician_client: Client) -> None:
    from mdo.models import MdoDecision

    tumour = TumourFactory()
    case = MdoCaseFactory(tumour=tumour, session__date=dt.date(2026, 10, 2))
    MdoDecision.objects.create(case=case, drafted_by=clinician, status="final", intent="curative",
                               next_steps=["surgery", "radiotherapy"], text="Excisie met ruime marge.",
                               attendees=[{"name": "Dr. A. Chirurg", "specialty": "surgical_oncology"}])
    encounters = parsed(clinician_client.get(f"/fhir/Encounter?patient={tumour.patient.external_id}"), "Bundle")
    [encounter] = resources(encounters)
    assert encounter["type"][0]["coding"][0] == {"system": "http://snomed.info/sct", "code": "384682003",
                                                 "display": "multidisciplinaire zorgbespreking"}
    assert encounter["participant"][0]["individual"]["display"] == "Dr. A. Chirurg"
    assert encounter["reasonReference"][0]["reference"] == f"Condition/{tumour.external_id}"
    plans = parsed(clinician_client.get(f"/fhir/CarePlan?patient={tumour.patient.external_id}"), "Bundle")
    [plan] = resources(plans)
    assert plan["encounter"]["reference"] == f"Encounter/{case.external_id}"
    assert plan["description"] == "Excisie met ruime marge."
    assert [a["detail"]["status"] for a in plan["activity"]] == ["not-started", "not-started"]
    assert len({a["detail"]["description"] for a in plan["activity"]}) == 2


def test_followup_plan_as_careplan_with_windows_and_status(clinician: User, clinician_client: Client) -> None:
    from followup.services import followup_plan_build
    from tests.followup.conftest import ensure_default_template, record_baseline_mri_window
    from tests.followup.factories import lms_tumour

    ensure_default_template()
    record_baseline_mri_window()
    tumour = lms_tumour()
    plan = followup_plan_build(tumour=tumour, user=clinician)
    bundle = parsed(clinician_client.get(f"/fhir/CarePlan?patient={tumour.patient.external_id}"), "Bundle")
    [careplan] = resources(bundle)
    assert careplan["id"] == str(plan.external_id)
    assert (careplan["status"], careplan["intent"]) == ("active", "plan")
    assert careplan["addresses"] == [{"reference": f"Condition/{tumour.external_id}"}]
    visits = list(plan.visits.order_by("due_date", "sequence"))
    assert len(careplan["activity"]) == len(visits) > 0
    first = careplan["activity"][0]["detail"]
    assert first["status"] == "not-started"
    assert first["scheduledPeriod"] == {"start": visits[0].window_start.isoformat(),
                                        "end": visits[0].window_end.isoformat()}
