"""CDS Hooks 2.0: JWT-authenticated discovery, patient-view (stored record or the stateless engine on the
prefetch) and feedback (an override becomes a deviation)."""

import datetime as dt
import time
from typing import Any

import pytest
from django.test import Client

from interop.cds_hooks.cards import SUMMARY_MAX
from interop.fhir import codes
from interop.models import CdsCard
from tests.factories import PatientFactory, TumourFactory
from tests.interop.conftest import Ehr
from zorgpad.audit.models import AuditEvent
from zorgpad.pathway.models import PathwayItem
from zorgpad.pathway.services import pathway_items_sync_patient

pytestmark = pytest.mark.django_db
SERVICE = "/cds-services/zorgpad-patient-view"
FEEDBACK = f"{SERVICE}/feedback"


def hook(patient: dict[str, Any] | None, conditions: Any = None, observations: Any = None) -> dict[str, Any]:
    prefetch: dict[str, Any] = {}
    if patient is not None:
        prefetch["patient"] = patient
    if conditions is not None:
        prefetch["conditions"] = {"resourceType": "Bundle", "type": "searchset",
                                  "entry": [{"resource": c} for c in conditions]}
    if observations is not None:
        prefetch["observations"] = {"resourceType": "Bundle", "type": "searchset",
                                    "entry": [{"resource": o} for o in observations]}
    return {"hook": "patient-view", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/dr-jansen", "patientId": "ehr-123"}, "prefetch": prefetch}


def ehr_patient(bsn: str = "111222333", birth: str = "1949-03-14") -> dict[str, Any]:
    return {"resourceType": "Patient", "id": "ehr-123", "birthDate": birth,
            "identifier": [{"system": codes.BSN_SYSTEM, "value": bsn}]}


def loinc_obs(code: str, **value: Any) -> dict[str, Any]:
    return {"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": codes.LOINC,
                                                                                 "code": code}]}, **value}


LMS_CONDITION = {"resourceType": "Condition", "subject": {"reference": "Patient/ehr-123"},
                 "code": {"text": "Subcutaneous leiomyosarcoma"}, "bodySite": [{"text": "Left thigh"}]}
LMS_OBSERVATIONS = [
    loinc_obs("21889-1", valueQuantity={"value": 7, "unit": "cm", "system": codes.UCUM, "code": "cm"}),
    loinc_obs("33732-9", valueCodeableConcept={"text": "G2"}),
    loinc_obs("21906-3", valueCodeableConcept={"text": "cN0"}),
    loinc_obs("21907-1", valueCodeableConcept={"text": "cM0"}),
]


def call(client: Client, ehr: Ehr, path: str, body: Any, **claims: Any) -> Any:
    return client.post(path, data=body, content_type="application/json", **ehr.headers(path, **claims))


def test_discovery_needs_the_clients_jwt(client: Client, ehr: Ehr) -> None:
    assert client.get("/cds-services").status_code == 401
    response = client.get("/cds-services", **ehr.headers("/cds-services"))
    assert response.status_code == 200
    [service] = response.json()["services"]
    assert (service["hook"], service["id"]) == ("patient-view", "zorgpad-patient-view")
    assert set(service["prefetch"]) == {"patient", "conditions", "observations"}


@pytest.mark.parametrize("claims", [
    pytest.param({"aud": "http://testserver/cds-services/other"}, id="aud of another endpoint"),
    pytest.param({"exp": int(time.time()) + 3600}, id="exp more than 5 minutes ahead"),
    pytest.param({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 3700}, id="expired"),
    pytest.param({"iss": "https://unknown.example"}, id="unregistered issuer"),
    pytest.param({"jti": None}, id="no jti"),
])
def test_bad_jwts_are_refused(client: Client, ehr: Ehr, claims: dict[str, Any]) -> None:
    response = call(client, ehr, SERVICE, hook(ehr_patient()), **claims)
    assert response.status_code == 401
    assert response.json()["error"]


def test_a_jti_is_not_accepted_twice(client: Client, ehr: Ehr) -> None:
    headers = ehr.headers("/cds-services")
    assert client.get("/cds-services", **headers).status_code == 200
    assert client.get("/cds-services", **headers).status_code == 401


def test_case_report_patient_gets_the_stored_alerts(client: Client, ehr_ec: Ehr, case_patient: Any) -> None:
    """Acceptance: at least the immunotherapy caution and the paraneoplastic screening card, each with its
    source; the call is audited naming the EHR client and its user."""
    response = call(client, ehr_ec, SERVICE, hook(ehr_patient()))
    assert response.status_code == 200, response.content
    cards = response.json()["cards"]
    by_code = {c.code: c for c in CdsCard.objects.all()}
    codes_given = {by_code_uuid.code for by_code_uuid in by_code.values()}
    assert {"alert.immunotherapy-autoimmune", "alert.paraneoplastic"} <= codes_given
    for card in cards:
        assert len(card["summary"]) <= SUMMARY_MAX
        assert card["indicator"] in ("critical", "warning", "info")
        assert card["source"]["label"]
        assert card["links"][0]["url"].startswith("http://testserver/")
    immuno = next(c for c in cards if c["uuid"] == str(by_code["alert.immunotherapy-autoimmune"].uuid))
    assert immuno["indicator"] == "critical" and "Bespreking" in immuno["source"]["label"]
    audit = AuditEvent.objects.filter(patient_external_id=case_patient.external_id, detail__contains="patient-view")
    assert audit.filter(detail__contains="hix", username="cds-hix").filter(
        detail__contains="Practitioner/dr-jansen").exists()


def test_unknown_lms_patient_gets_the_soft_tissue_recommendations(client: Client, ehr: Ehr) -> None:
    """Acceptance: 7 cm G2 N0 M0 subcutaneous leiomyosarcoma of the thigh, not in Zorgpad (mCODE LOINC codes)."""
    response = call(client, ehr, SERVICE, hook(ehr_patient(bsn="999999990", birth="1970-01-01"),
                                               [LMS_CONDITION], LMS_OBSERVATIONS))
    assert response.status_code == 200, response.content
    given = set(CdsCard.objects.values_list("code", flat=True))
    assert {"lms.mdo", "lms.imaging.ct-thorax"} <= given
    assert "missing-input" not in given
    assert CdsCard.objects.filter(patient_external_id__isnull=False).count() == 0


def test_dutch_text_without_codings_is_read_too(client: Client, ehr: Ehr) -> None:
    condition = {**LMS_CONDITION, "code": {"text": "Subcutaan leiomyosarcoom"}, "bodySite": [{"text": "bovenbeen"}]}
    observations = [{"resourceType": "Observation", "status": "final", "code": {"text": text}, **value}
                    for text, value in (("Tumorgrootte", {"valueQuantity": {"value": 70, "unit": "mm"}}),
                                        ("Graad", {"valueString": "G2"}), ("N-categorie", {"valueString": "N0"}),
                                        ("M-categorie", {"valueString": "M0"}))]
    response = call(client, ehr, SERVICE, hook(ehr_patient(bsn="999999990"), [condition], observations))
    assert response.status_code == 200
    assert {"lms.mdo", "lms.imaging.ct-thorax"} <= set(CdsCard.objects.values_list("code", flat=True))


def test_what_cannot_be_read_is_a_missing_input_card(client: Client, ehr: Ehr) -> None:
    condition = {**LMS_CONDITION, "code": {"text": "Leiomyosarcoom"}}  # the depth is not said: no guess
    response = call(client, ehr, SERVICE, hook(ehr_patient(bsn="999999990"), [condition], []))
    assert response.status_code == 200
    [card] = response.json()["cards"]
    assert card["indicator"] == "warning"
    assert card["summary"].startswith("Ontbrekende gegevens: diagnose")  # Dutch by default
    assert CdsCard.objects.get().code == "missing-input"


def test_without_the_prefetch_it_needs_the_service_answers_412(client: Client, ehr: Ehr) -> None:
    assert call(client, ehr, SERVICE, hook(None)).status_code == 412
    # Known identifiers with another date of birth: not this patient, so conditions are needed.
    PatientFactory(bsn="111222333", date_of_birth=dt.date(1949, 3, 14))
    assert call(client, ehr, SERVICE, hook(ehr_patient(birth="1950-01-01"))).status_code == 412


@pytest.mark.parametrize("body", ["{not json", "[]", '{"hook": "order-sign"}', '{"hook": "patient-view"}',
                                  '{"hook": "patient-view", "context": {"patientId": "x"}, "prefetch": '
                                  '{"patient": {"resourceType": "Bundle", "entry": 5}}}'])
def test_malformed_requests_are_400(client: Client, ehr: Ehr, body: str) -> None:
    response = client.post(SERVICE, data=body, content_type="application/json", **ehr.headers(SERVICE))
    assert response.status_code == 400
    assert response.json()["error"]


def _lms_patient_with_items() -> Any:
    tumour = TumourFactory(patient=PatientFactory(bsn="123456782", date_of_birth=dt.date(1960, 5, 1)),
                           largest_diameter_cm=7)
    pathway_items_sync_patient(patient=tumour.patient)
    return tumour


@pytest.mark.parametrize(("override", "expected_code", "expected_text"), [
    pytest.param({}, "other", "reason pending", id="no reason given"),
    pytest.param({"reason": {"system": "http://testserver/fhir/CodeSystem/deviation-reason",
                             "code": "patient_choice", "display": "Keuze patiënt"}, "userComment": "wil afwachten"},
                 "patient_choice", "Keuze patiënt; wil afwachten", id="with the EHR's reason"),
])
def test_an_override_in_the_ehr_becomes_a_deviation(client: Client, ehr: Ehr, override: dict[str, Any],
                                                    expected_code: str, expected_text: str) -> None:
    tumour = _lms_patient_with_items()
    response = call(client, ehr, SERVICE, hook(ehr_patient(bsn="123456782", birth="1960-05-01")))
    assert response.status_code == 200
    card = CdsCard.objects.get(code="lms.mdo")
    assert card.pathway_item is not None
    body = {"feedback": [{"card": str(card.uuid), "outcome": "overridden", "outcomeTimestamp": "2026-11-30T10:00:00Z",
                          **({"overrideReason": override} if override else {})}]}
    import json

    assert call(client, ehr, FEEDBACK, json.dumps(body)).status_code == 200
    item = PathwayItem.objects.get(tumour=tumour, code="lms.mdo", current=True)
    assert (item.status, item.reason_code) == ("deviated", expected_code)
    assert item.reason == f"overridden in the EHR by Practitioner/dr-jansen via epic: {expected_text}"


def test_feedback_for_an_unknown_patient_is_only_logged(client: Client, ehr: Ehr) -> None:
    import json

    call(client, ehr, SERVICE, hook(ehr_patient(bsn="999999990"), [LMS_CONDITION], LMS_OBSERVATIONS))
    card = CdsCard.objects.get(code="lms.mdo")
    before = AuditEvent.objects.count()
    body = {"feedback": [{"card": str(card.uuid), "outcome": "overridden"}]}
    assert call(client, ehr, FEEDBACK, json.dumps(body)).status_code == 200
    assert AuditEvent.objects.count() == before + 1
    assert not PathwayItem.objects.exists()
    bad = call(client, ehr, FEEDBACK, json.dumps({"feedback": [{"card": "nope", "outcome": "overridden"}]}))
    assert bad.status_code == 400


def test_cards_older_than_the_keeping_period_are_pruned_nightly(client: Client, ehr: Ehr, settings) -> None:
    """Cards are kept CDS_CARD_KEEP_DAYS for the EHR's feedback, then forgotten by the nightly task (the access
    itself stays in the audit log)."""
    from django.utils import timezone

    from interop.cds_hooks.services import cds_cards_prune
    from interop.tasks import cds_cards_prune_task

    call(client, ehr, SERVICE, hook(ehr_patient(bsn="999999990"), [LMS_CONDITION], LMS_OBSERVATIONS))
    cards = list(CdsCard.objects.order_by("id"))
    assert len(cards) >= 2
    settings.CDS_CARD_KEEP_DAYS = 30
    CdsCard.objects.filter(pk=cards[0].pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    CdsCard.objects.filter(pk=cards[1].pk).update(created_at=timezone.now() - dt.timedelta(days=29))
    assert cds_cards_prune_task.delay().get() == 1
    assert not CdsCard.objects.filter(pk=cards[0].pk).exists() and CdsCard.objects.filter(pk=cards[1].pk).exists()
    assert cds_cards_prune(now=timezone.now()) == 0
    assert settings.CELERY_BEAT_SCHEDULE["cds-cards-prune"]["task"] == "interop.tasks.cds_cards_prune_task"


def test_admins_see_the_ehr_clients_and_switch_one_off(admin_client_: Client, ehr: Ehr) -> None:
    """Registered with the management command; in the admin only seen and switched off (no adding, no deleting:
    their cards name them)."""
    listing = admin_client_.get("/admin/interop/cdsclient/")
    assert listing.status_code == 200 and "https://ehr.ziekenhuis.example" in listing.content.decode()
    assert admin_client_.get("/admin/interop/cdsclient/add/").status_code == 403
    url = f"/admin/interop/cdsclient/{ehr.client.pk}/change/"
    assert admin_client_.post(url, {"active": ""}).status_code == 302
    ehr.client.refresh_from_db()
    assert ehr.client.active is False
    assert admin_client_.get(f"/admin/interop/cdsclient/{ehr.client.pk}/delete/").status_code == 403
