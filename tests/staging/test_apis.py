"""The stateless API contracts: /api/v1/staging/, /api/v1/ssc-criteria/, /api/v1/pathway/evaluate/."""

import json
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.factories import UserFactory
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

STAGING = "/api/v1/staging/"
SSC = "/api/v1/ssc-criteria/"
EVALUATE = "/api/v1/pathway/evaluate/"
STS = "ajcc8-sts-trunk-extremities"
MEL = "ajcc8-melanoma"
KEYS = {"system", "classification", "t", "n", "m", "grade", "stage", "missing", "explanation"}


def post(api: APIClient, url: str, body: Any, **extra: Any) -> Any:
    return api.post(url, body, format="json", **extra)


def in_english(api: APIClient) -> APIClient:
    """The UI language switch (a cookie); the browser's Accept-Language is ignored on purpose."""
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return api


# --- staging --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    pytest.param({"system": STS, "size_cm": 7, "grade": "G2", "n": "N0", "m": "M0"},
                 {"t": "T2", "n": "N0", "m": "M0", "grade": "G2", "stage": "IIIA", "missing": []},
                 id="acceptance: 7 cm G2 N0 M0 -> IIIA"),
    pytest.param({"system": STS, "size_cm": 7.0, "grade": "GX", "n": "N0", "m": "M0"},
                 {"t": "T2", "grade": "GX", "stage": "IB", "missing": []}, id="acceptance: 7 cm GX N0 M0 -> IB"),
    pytest.param({"system": STS, "size_cm": 5.0, "grade": "G1", "n": "N0", "m": "M0"}, {"t": "T1", "stage": "IA"},
                 id="5.0 cm -> T1"),
    pytest.param({"system": STS, "size_cm": 5.01, "grade": "G1", "n": "N0", "m": "M0"}, {"t": "T2", "stage": "IB"},
                 id="5.01 cm -> T2"),
    pytest.param({"system": STS, "size_cm": None, "grade": "G2", "n": "N0", "m": "M0"},
                 {"t": "TX", "stage": None, "missing": ["size_cm"]}, id="size missing -> TX"),
    pytest.param({"system": STS, "grade": "G2", "n": "N0", "m": "M0"},
                 {"t": "TX", "stage": None, "missing": ["size_cm"]}, id="size absent -> TX"),
    pytest.param({"system": STS, "size_cm": 7, "grade": None, "n": "N0", "m": "M0"},
                 {"grade": None, "stage": None, "missing": ["grade"]}, id="grade not entered -> unknown"),
    pytest.param({"system": STS, "size_cm": 7, "grade": None, "n": "N1", "m": None},
                 {"n": "N1", "m": None, "stage": "IV", "missing": []}, id="N1 -> IV"),
    pytest.param({"system": STS, "size_cm": 7, "grade": "G3", "n": "NX", "m": "M0"},
                 {"n": "N0", "stage": "IIIA"}, id="NX -> N0"),
    pytest.param({"system": STS, "size_cm": 7, "grade": "G3", "n": None, "m": "M1"}, {"stage": "IV"}, id="M1 -> IV"),
    pytest.param({"system": MEL, "classification": "pathological", "breslow_mm": 2.6, "ulceration": False,
                  "n": "N2b", "m": "M0"},
                 {"classification": "pathological", "t": "T3a", "n": "N2b", "m": "M0", "grade": None,
                  "stage": "IIIB", "missing": []}, id="acceptance: seed pT3a N2b M0 -> IIIB"),
    pytest.param({"system": MEL, "classification": "pathological", "breslow_mm": 4.05, "ulceration": True,
                  "n": "N0", "m": "M0"}, {"t": "T4b", "stage": "IIC"}, id="acceptance: 4.05 mm ulcerated -> T4b"),
    pytest.param({"system": MEL, "classification": "clinical", "breslow_mm": 0.75, "ulceration": False,
                  "n": "N0", "m": "M0"}, {"t": "T1b", "stage": "IB"}, id="0.75 -> 0.8 mm: clinical T1b -> IB"),
    pytest.param({"system": MEL, "classification": "pathological", "breslow_mm": 0.75, "ulceration": False,
                  "n": "N0", "m": "M0"}, {"t": "T1b", "stage": "IA"}, id="0.75 -> 0.8 mm: pathological T1b -> IA"),
    pytest.param({"system": MEL, "classification": "pathological", "breslow_mm": 1.04, "ulceration": False,
                  "n": "N0", "m": "M0"}, {"t": "T1b"}, id="1.04 -> 1.0 mm: T1b"),
    pytest.param({"system": MEL, "classification": "pathological", "breslow_mm": None, "ulceration": None,
                  "n": "N1a", "m": "M0"}, {"t": "TX", "stage": None, "missing": ["breslow_mm"]},
                 id="thickness missing -> TX"),
    pytest.param({"system": MEL, "classification": "pathological", "breslow_mm": 3.2, "t": "Tis", "n": "N0",
                  "m": "M0"}, {"t": "Tis", "stage": "0"}, id="explicit Tis overrides thickness"),
    pytest.param({"system": MEL, "classification": "pathological", "breslow_mm": 3.2, "ulceration": True,
                  "n": "N3c", "m": "M1d(1)"}, {"m": "M1d(1)", "stage": "IV"}, id="M1d(1) -> IV"),
    pytest.param({"system": MEL, "classification": "clinical", "breslow_mm": 3.2, "n": "NX", "m": "M0"},
                 {"stage": None, "missing": ["ulceration", "n"]}, id="NX M0 -> unknown"),
])
def test_staging_contract(clinician_api: APIClient, body: dict[str, Any], expected: dict[str, Any]) -> None:
    response = post(clinician_api, STAGING, body)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert set(data) == KEYS
    assert data["system"] == body["system"]
    assert {key: data[key] for key in expected} == expected
    assert data["explanation"] and all(isinstance(line, str) for line in data["explanation"])


def test_staging_sts_classification_is_optional_and_echoed(clinician_api: APIClient) -> None:
    body = {"system": STS, "size_cm": 7, "grade": "G2", "n": "N0", "m": "M0"}
    assert post(clinician_api, STAGING, body).json()["classification"] is None
    assert post(clinician_api, STAGING, {**body, "classification": "pathological"}).json()["classification"] == (
        "pathological")


def test_staging_explanation_in_english_with_the_language_switch(clinician_api: APIClient) -> None:
    body = {"system": STS, "size_cm": 6.0, "grade": "G2", "n": "N0", "m": "M0"}
    data = post(in_english(clinician_api), STAGING, body).json()
    assert data["explanation"][0] == "6.0 cm > 5 cm and ≤ 10 cm → T2"
    assert data["explanation"][-1] == "T2 N0 M0 G2 → stage IIIA"


def test_staging_explanation_in_dutch_by_default(clinician_api: APIClient) -> None:
    body = {"system": STS, "size_cm": 6.0, "grade": "G2", "n": "N0", "m": "M0"}
    data = post(clinician_api, STAGING, body).json()
    assert data["explanation"][0] == "6,0 cm > 5 cm en ≤ 10 cm → T2"
    assert data["explanation"][-1] == "T2 N0 M0 G2 → stadium IIIA"


@pytest.mark.parametrize(("body", "field"), [
    pytest.param({"system": STS, "size_cm": -1}, "size_cm", id="negative size"),
    pytest.param({"system": STS, "size_cm": 0}, "size_cm", id="zero size"),
    pytest.param({"system": STS, "size_cm": "6.0"}, "size_cm", id="size as a string"),
    pytest.param({"system": STS, "size_cm": True}, "size_cm", id="size as a boolean"),
    pytest.param({"system": STS, "size_cm": [6]}, "size_cm", id="size as a list"),
    pytest.param({"system": STS, "size_cm": 1e6}, "size_cm", id="absurd size"),
    pytest.param({"system": STS, "grade": "G4"}, "grade", id="unknown grade"),
    pytest.param({"system": STS, "grade": 2}, "grade", id="grade as a number"),
    pytest.param({"system": STS, "grade": "g2"}, "grade", id="grade in lower case"),
    pytest.param({"system": STS, "n": "N2b"}, "n", id="melanoma N for a sarcoma"),
    pytest.param({"system": STS, "m": "M1a"}, "m", id="melanoma M for a sarcoma"),
    pytest.param({"system": STS, "breslow_mm": 1.0}, "breslow_mm", id="melanoma field for a sarcoma"),
    pytest.param({"system": STS, "colour": "red"}, "colour", id="unknown key"),
    pytest.param({"size_cm": 7}, "system", id="no system"),
    pytest.param({"system": "ajcc7"}, "system", id="unknown system"),
    pytest.param({"system": ["x"]}, "system", id="system as a list"),
    pytest.param({"system": MEL, "breslow_mm": 1.0, "n": "N0", "m": "M0"}, "classification",
                 id="melanoma without classification"),
    pytest.param({"system": MEL, "classification": "surgical"}, "classification", id="unknown classification"),
    pytest.param({"system": MEL, "classification": "clinical", "breslow_mm": -0.5}, "breslow_mm",
                 id="negative thickness"),
    pytest.param({"system": MEL, "classification": "clinical", "ulceration": "yes"}, "ulceration",
                 id="ulceration as a string"),
    pytest.param({"system": MEL, "classification": "clinical", "ulceration": 1}, "ulceration",
                 id="ulceration as a number"),
    pytest.param({"system": MEL, "classification": "clinical", "t": "T2a"}, "t", id="T other than Tis/T0/TX"),
    pytest.param({"system": MEL, "classification": "clinical", "n": "N4"}, "n", id="unknown N"),
    pytest.param({"system": MEL, "classification": "clinical", "m": "M1e"}, "m", id="unknown M"),
    pytest.param({"system": MEL, "classification": "clinical", "m": "M1a(2)"}, "m", id="unknown LDH suffix"),
    pytest.param({"system": MEL, "classification": "clinical", "size_cm": 3}, "size_cm", id="sarcoma field"),
    pytest.param({"system": MEL, "classification": "clinical", "grade": "G1"}, "grade", id="grade for melanoma"),
])
def test_staging_malformed_input_is_400_with_field_errors(clinician_api: APIClient, body: dict[str, Any],
                                                          field: str) -> None:
    response = post(clinician_api, STAGING, body)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("raw", ["[1, 2]", "\"text\"", "null", "{\"system\": ", "{\"system\": \"ajcc8-melanoma\", "
                                 "\"classification\": \"clinical\", \"breslow_mm\": NaN}", "42"])
def test_staging_non_object_or_broken_json_is_400(clinician_api: APIClient, raw: str) -> None:
    response = clinician_api.post(STAGING, raw, content_type="application/json")
    assert response.status_code == 400


def test_staging_form_encoded_body_is_refused(clinician_api: APIClient) -> None:
    response = clinician_api.post(STAGING, {"system": STS, "size_cm": "7"})  # multipart
    assert response.status_code == 415


@pytest.mark.parametrize("url", [STAGING, SSC, EVALUATE])
def test_stateless_endpoints_need_a_login(client: Any, url: str) -> None:
    response = client.post(url, json.dumps({}), content_type="application/json")
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(("url", "body"), [
    (STAGING, {"system": STS, "size_cm": 7, "grade": "G2", "n": "N0", "m": "M0"}),
    (SSC, {"sclerodactyly": True}),
    (EVALUATE, {"tumour": {"diagnosis": "subcutaneous_leiomyosarcoma", "depth": "subcutis"}}),
])
def test_stateless_endpoints_answer_any_role_and_store_nothing(role: Role, url: str, body: dict[str, Any]) -> None:
    api = APIClient()
    api.force_authenticate(UserFactory(role=role))
    audit_before = AuditEvent.objects.count()
    assert post(api, url, body).status_code == 200
    assert AuditEvent.objects.count() == audit_before  # no patient data: nothing to audit, nothing stored


def test_stateless_endpoints_refuse_a_user_without_a_role() -> None:
    api = APIClient()
    api.force_authenticate(UserFactory(role=None))
    assert post(api, STAGING, {"system": STS}).status_code == 403


def test_get_is_not_allowed(clinician_api: APIClient) -> None:
    assert clinician_api.get(STAGING).status_code in (403, 405)


# --- SSc criteria ---------------------------------------------------------------------------------------------------


def test_ssc_acceptance_seed_patient(clinician_api: APIClient) -> None:
    response = post(clinician_api, SSC, {
        "skin_thickening_fingers_both_hands_proximal_to_mcp": True, "sclerodactyly": True,
        "anti_rna_polymerase_iii": True,
    })
    assert response.status_code == 200
    assert response.json() == {
        "score": 16,
        "classification": "definite_SSc",
        "items": [
            {"item": "skin_thickening_fingers_both_hands_proximal_to_mcp", "points": 9},
            {"item": "sclerodactyly", "points": 4},
            {"item": "anti_rna_polymerase_iii", "points": 3},
        ],
    }


@pytest.mark.parametrize(("body", "expected"), [
    pytest.param({}, {"score": 0, "classification": "criteria_not_met", "items": []}, id="nothing: missing = false"),
    pytest.param({"puffy_fingers": True, "sclerodactyly": True, "raynaud_phenomenon": True, "telangiectasia": None},
                 {"score": 7, "classification": "criteria_not_met",
                  "items": [{"item": "puffy_fingers", "points": 0}, {"item": "sclerodactyly", "points": 4},
                            {"item": "raynaud_phenomenon", "points": 3}]}, id="higher score only; null = false"),
    pytest.param({"pulmonary_arterial_hypertension": True, "interstitial_lung_disease": True,
                  "anticentromere": True, "anti_topoisomerase_i": True, "fingertip_pitting_scars": True,
                  "digital_tip_ulcers": True},
                 {"score": 8, "classification": "criteria_not_met",
                  "items": [{"item": "digital_tip_ulcers", "points": 0},
                            {"item": "fingertip_pitting_scars", "points": 3},
                            {"item": "pulmonary_arterial_hypertension", "points": 2},
                            {"item": "interstitial_lung_disease", "points": 0},
                            {"item": "anticentromere", "points": 3}, {"item": "anti_topoisomerase_i", "points": 0}]},
                 id="caps"),
    pytest.param({"skin_thickening_fingers_both_hands_proximal_to_mcp": True, "skin_thickening_sparing_fingers": True},
                 {"score": None, "classification": "not_applicable", "items": []}, id="exclusion: sparing fingers"),
    pytest.param({"sclerodactyly": True, "better_explained_by_scleroderma_like_disorder": True},
                 {"score": None, "classification": "not_applicable", "items": []}, id="exclusion: better explained"),
])
def test_ssc_contract(clinician_api: APIClient, body: dict[str, Any], expected: dict[str, Any]) -> None:
    response = post(clinician_api, SSC, body)
    assert response.status_code == 200
    assert response.json() == expected


@pytest.mark.parametrize(("body", "field"), [
    pytest.param({"sclerodactyly": "yes"}, "sclerodactyly", id="string"),
    pytest.param({"sclerodactyly": 1}, "sclerodactyly", id="number"),
    pytest.param({"sclerodactyly": [True]}, "sclerodactyly", id="list"),
    pytest.param({"scleroderma": True}, "scleroderma", id="unknown key"),
])
def test_ssc_malformed_is_400(clinician_api: APIClient, body: dict[str, Any], field: str) -> None:
    response = post(clinician_api, SSC, body)
    assert response.status_code == 400
    assert field in response.json()


# --- pathway evaluation ---------------------------------------------------------------------------------------------

SEED_PATIENT = {
    "birth_date": "1949-03-14", "immunosuppressed": False, "multiple_leiomyomas": False, "other_malignancies": 0,
    "systemic_sclerosis": True, "anti_rna_polymerase_iii": True,
    "s100b": [{"date": "2026-02-20", "value": 0.08}, {"date": "2026-05-20", "value": 0.11},
              {"date": "2026-08-20", "value": 0.19}, {"date": "2026-11-20", "value": 0.31}],
}
DERMIS_ONLY = {"diagnosis": "atypical_intradermal_smooth_muscle_neoplasm", "depth": "dermis", "size_cm": 1.2,
               "grade": None, "n": None, "m": None, "margin": "R0", "operable": True,
               "external_biopsy_unrevised": False}
SUBCUTANEOUS = {"diagnosis": "subcutaneous_leiomyosarcoma", "depth": "subcutis", "size_cm": 7.0, "grade": "G2",
                "n": "N0", "m": "M0", "margin": "R1", "operable": True, "external_biopsy_unrevised": True,
                "body_site_region": "trunk"}


def evaluate(api: APIClient, body: dict[str, Any]) -> dict[str, Any]:
    response = post(api, EVALUATE, body)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert set(data) == {"stage", "recommendations"}
    for rec in data["recommendations"]:
        assert set(rec) == {"code", "kind", "severity", "text", "source"}
        assert rec["kind"] in ("recommendation", "alert") and rec["severity"] in ("info", "warning", "danger")
        assert rec["text"] and rec["source"]
    return data


def test_evaluate_dermis_only(clinician_api: APIClient) -> None:
    data = evaluate(clinician_api, {"today": "2026-11-23", "patient": {}, "tumour": DERMIS_ONLY})
    assert data["stage"] is None
    codes = [r["code"] for r in data["recommendations"]]
    assert codes == ["lms.cutaneous.not-malignant", "lms.cutaneous.ddx-metastasis", "lms.cutaneous.no-imaging",
                     "lms.cutaneous.no-routine-followup", "pathway.trial"]
    assert "lms.imaging.ct-thorax" not in codes and "lms.mdo" not in codes


def test_evaluate_subcutaneous_with_stage_and_sources(clinician_api: APIClient) -> None:
    data = evaluate(clinician_api, {"today": "2026-11-23", "tumour": SUBCUTANEOUS})
    assert data["stage"]["stage"] == "IIIA"
    assert data["stage"]["system"] == STS
    by_code = {r["code"]: r for r in data["recommendations"]}
    # The centre has not recorded the baseline-MRI window: the advice names the open choice first (an alert).
    assert list(by_code) == ["centre.lms.followup.baseline-mri-window-months",
                             "lms.subcutaneous.soft-tissue-lms", "lms.histopathology-revision",
                             "lms.imaging.locoregional", "lms.imaging.ct-thorax", "lms.mdo", "lms.excision-r0",
                             "lms.port", "lms.followup", "pathway.trial"]
    assert by_code["lms.imaging.ct-thorax"]["source"] == (
        "Zorgpad cutaan en subcutaan leiomyosarcoom (versie maart 2026), Subcutaan leiomyosarcoom \u203a Diagnostiek")
    assert by_code["lms.mdo"]["source"].endswith("Subcutaan leiomyosarcoom \u203a Multidisciplinair overleg (MDO)")


def test_evaluate_seed_melanoma_patient(clinician_api: APIClient) -> None:
    tumour = {"diagnosis": "cutaneous_melanoma", "depth": "dermis", "n": "N2b", "m": "M0", "margin": "R0",
              "classification": "pathological", "breslow_mm": 2.6, "ulceration": False}
    data = evaluate(clinician_api, {"today": "2026-11-23", "patient": {**SEED_PATIENT, "other_malignancies": 1},
                                    "tumour": tumour})
    assert data["stage"]["stage"] == "IIIB"
    alerts = [r["code"] for r in data["recommendations"] if r["kind"] == "alert"]
    # The request gives no reference range for S-100B: a rise is compared value to value, and says so.
    assert alerts[:4] == ["alert.paraneoplastic", "alert.immunotherapy-autoimmune",
                          "alert.marker-rise-range-unknown", "alert.tumour-syndrome"]
    # The melanoma pathway follows the computed stage (IIIB): the melanoma-centre MDO, adjuvant therapy to discuss.
    advice = [r["code"] for r in data["recommendations"] if r["kind"] == "recommendation"]
    assert {"mel.melanoma-centre-mdo", "mel.adjuvant-discuss", "mel.braf-needed", "mel.autoimmune-flag"} <= set(advice)
    assert not [c for c in advice if c.startswith("lms.")]


def test_evaluate_melanoma_stage_needs_a_classification(clinician_api: APIClient) -> None:
    tumour = {"diagnosis": "cutaneous_melanoma", "n": "N2b", "m": "M0", "breslow_mm": 2.6, "ulceration": False}
    assert evaluate(clinician_api, {"tumour": tumour})["stage"] is None


def test_evaluate_revision_overdue_from_march_2028(clinician_api: APIClient) -> None:
    before = evaluate(clinician_api, {"today": "2028-02-29", "tumour": SUBCUTANEOUS})
    after = evaluate(clinician_api, {"today": "2028-03-01", "tumour": SUBCUTANEOUS})
    assert "alert.pathway-revision-overdue" not in [r["code"] for r in before["recommendations"]]
    assert after["recommendations"][0]["code"] == "alert.pathway-revision-overdue"


def test_evaluate_today_defaults_to_the_server_date(clinician_api: APIClient) -> None:
    assert evaluate(clinician_api, {"tumour": SUBCUTANEOUS})["stage"]["stage"] == "IIIA"


def test_evaluate_text_follows_the_language_switch_not_the_browser(clinician_api: APIClient) -> None:
    body = {"today": "2026-11-23", "tumour": DERMIS_ONLY}
    dutch = post(clinician_api, EVALUATE, body, HTTP_ACCEPT_LANGUAGE="en").json()["recommendations"][0]["text"]
    english = post(in_english(clinician_api), EVALUATE, body).json()["recommendations"][0]["text"]
    assert english.startswith("Limited to the dermis")
    assert dutch.startswith("Beperkt tot de dermis")


@pytest.mark.parametrize(("body", "path"), [
    pytest.param({"tumour": {**SUBCUTANEOUS, "size_cm": -2}}, ["tumour", "size_cm"], id="negative size"),
    pytest.param({"tumour": {**SUBCUTANEOUS, "diagnosis": "sarcoma"}}, ["tumour", "diagnosis"],
                 id="unknown diagnosis"),
    pytest.param({"tumour": {**SUBCUTANEOUS, "depth": "epidermis"}}, ["tumour", "depth"], id="unknown depth"),
    pytest.param({"tumour": {**SUBCUTANEOUS, "margin": "R3"}}, ["tumour", "margin"], id="unknown margin"),
    pytest.param({"tumour": {**SUBCUTANEOUS, "n": "N2b"}}, ["tumour", "n"], id="melanoma N for a sarcoma"),
    pytest.param({"tumour": {**SUBCUTANEOUS, "breslow_mm": 1.0}}, ["tumour", "breslow_mm"],
                 id="thickness for a sarcoma"),
    pytest.param({"tumour": {**SUBCUTANEOUS, "operable": "no"}}, ["tumour", "operable"], id="operable as string"),
    pytest.param({"tumour": {**SUBCUTANEOUS, "colour": 1}}, ["tumour", "colour"], id="unknown tumour key"),
    pytest.param({"tumour": {**SUBCUTANEOUS, "diagnosis": None}}, ["tumour", "diagnosis"], id="no diagnosis"),
    pytest.param({}, ["tumour"], id="no tumour"),
    pytest.param({"tumour": "x"}, ["tumour"], id="tumour not an object"),
    pytest.param({"tumour": SUBCUTANEOUS, "extra": 1}, ["extra"], id="unknown top-level key"),
    pytest.param({"today": "2026-13-01", "tumour": SUBCUTANEOUS}, ["today"], id="bad date"),
    pytest.param({"today": "23-11-2026", "tumour": SUBCUTANEOUS}, ["today"], id="date in the wrong format"),
    pytest.param({"today": 20261123, "tumour": SUBCUTANEOUS}, ["today"], id="date as a number"),
    pytest.param({"patient": {"other_malignancies": -1}, "tumour": SUBCUTANEOUS}, ["patient", "other_malignancies"],
                 id="negative count"),
    pytest.param({"patient": {"other_malignancies": 1.5}, "tumour": SUBCUTANEOUS}, ["patient", "other_malignancies"],
                 id="fractional count"),
    pytest.param({"patient": {"other_malignancies": True}, "tumour": SUBCUTANEOUS}, ["patient", "other_malignancies"],
                 id="count as boolean"),
    pytest.param({"patient": {"immunosuppressed": "yes"}, "tumour": SUBCUTANEOUS}, ["patient", "immunosuppressed"],
                 id="boolean as a string"),
    pytest.param({"patient": {"birth_date": "1949-02-30"}, "tumour": SUBCUTANEOUS}, ["patient", "birth_date"],
                 id="impossible birth date"),
    pytest.param({"today": "2026-11-23", "patient": {"birth_date": "2027-01-01"}, "tumour": SUBCUTANEOUS},
                 ["patient", "birth_date"], id="born after today"),
    pytest.param({"patient": {"s100b": [{"date": "2026-01-01", "value": -0.1}]}, "tumour": SUBCUTANEOUS},
                 ["patient", "s100b"], id="negative marker value"),
    pytest.param({"patient": {"s100b": [{"date": "2026-01-01"}]}, "tumour": SUBCUTANEOUS}, ["patient", "s100b"],
                 id="marker without value"),
    pytest.param({"patient": {"s100b": {"date": "2026-01-01", "value": 1}}, "tumour": SUBCUTANEOUS},
                 ["patient", "s100b"], id="markers not a list"),
    pytest.param({"today": "2026-11-23", "patient": {"s100b": [{"date": "2026-12-01", "value": 0.2}]},
                  "tumour": SUBCUTANEOUS}, ["patient", "s100b"], id="marker dated after today"),
    pytest.param({"patient": {"s100b": [{"date": "2026-01-01", "value": 0.2, "lab": "x"}]},
                  "tumour": SUBCUTANEOUS}, ["patient", "s100b"], id="unknown marker key"),
    pytest.param({"patient": {"s100b": [{"date": "2026-01-01", "value": 0.2, "unit": "mmol/L"}]},
                  "tumour": SUBCUTANEOUS}, ["patient", "s100b"], id="unknown marker unit"),
    pytest.param({"patient": {"smoker": True}, "tumour": SUBCUTANEOUS}, ["patient", "smoker"],
                 id="unknown patient key"),
])
def test_evaluate_malformed_input_is_400_with_field_errors(clinician_api: APIClient, body: dict[str, Any],
                                                           path: list[str]) -> None:
    response = post(clinician_api, EVALUATE, body)
    assert response.status_code == 400, response.json()
    errors: Any = response.json()
    for key in path:
        assert key in errors, errors
        errors = errors[key]


# --- OpenAPI --------------------------------------------------------------------------------------------------------


def test_openapi_schema_describes_the_three_endpoints(clinician_client: Any) -> None:
    response = clinician_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    components = schema["components"]["schemas"]

    def body_ref(path: str) -> str:
        operation = schema["paths"][path]["post"]
        return operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].split("/")[-1]

    def response_ref(path: str) -> str:
        content = schema["paths"][path]["post"]["responses"]["200"]["content"]["application/json"]
        return content["schema"]["$ref"].split("/")[-1]

    staging_request = components[body_ref(STAGING)]
    assert staging_request["discriminator"]["propertyName"] == "system"
    assert set(staging_request["discriminator"]["mapping"]) == {STS, MEL, "ajcc8-sts-head-neck"}
    sts_request = components["StagingStsRequest"]["properties"]
    assert set(sts_request) == {"system", "classification", "size_cm", "grade", "n", "m"}
    assert set(components["StagingMelanomaRequest"]["properties"]) == {
        "system", "classification", "breslow_mm", "ulceration", "t", "n", "m"}
    assert components["StagingMelanomaRequest"]["required"] == ["classification", "system"]
    assert set(components[response_ref(STAGING)]["properties"]) == KEYS

    assert set(components[body_ref(SSC)]["properties"]) == {
        "skin_thickening_fingers_both_hands_proximal_to_mcp", "puffy_fingers", "sclerodactyly", "digital_tip_ulcers",
        "fingertip_pitting_scars", "telangiectasia", "abnormal_nailfold_capillaries",
        "pulmonary_arterial_hypertension", "interstitial_lung_disease", "raynaud_phenomenon", "anticentromere",
        "anti_topoisomerase_i", "anti_rna_polymerase_iii", "skin_thickening_sparing_fingers",
        "better_explained_by_scleroderma_like_disorder"}
    assert set(components[response_ref(SSC)]["properties"]) == {"score", "classification", "items"}

    evaluate_request = components[body_ref(EVALUATE)]
    assert set(evaluate_request["properties"]) == {"today", "patient", "tumour"}
    assert evaluate_request["required"] == ["tumour"]
    assert set(components[response_ref(EVALUATE)]["properties"]) == {"stage", "recommendations"}
    for path in (STAGING, SSC, EVALUATE):
        assert "400" in schema["paths"][path]["post"]["responses"]
