"""The parts of the app agree on every patient: the defects of "One care pathway, one decision", on the record
(services, pages, letters and the API), each test named after the rule it checks."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from followup import services as followup_services
from followup.models import FollowUpPlan, Letter
from staging.models import StageAssessment
from staging.services import stage_assessment_record
from tests.factories import ComorbidityFactory, MelanomaFactory, PatientFactory, TumourFactory, TumourMarkerFactory
from tests.followup.conftest import ensure_default_template
from tests.followup.factories import cutaneous_tumour, lms_tumour
from tests.referrals.factories import ChecklistFactory
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.patients import services as patient_services
from zorgpad.patients.models import ComorbidityKind, Depth, Margin, TumourMarker

SSC_ITEMS = {"skin_thickening_fingers_both_hands_proximal_to_mcp": True, "anti_rna_polymerase_iii": True}


@pytest.fixture(autouse=True)
def _template(db) -> None:  # type: ignore[no-untyped-def]
    ensure_default_template()


def pathway(api: APIClient, tumour) -> dict:  # type: ignore[no-untyped-def]
    response = api.get(f"/api/v1/tumours/{tumour.external_id}/pathway/")
    assert response.status_code == 200, response.content
    return response.json()


def alerts(api: APIClient, patient) -> list[str]:  # type: ignore[no-untyped-def]
    response = api.get(f"/api/v1/patients/{patient.external_id}/alerts/")
    assert response.status_code == 200, response.content
    return [a["code"] for a in response.json()]


# --- the read API's contract --------------------------------------------------------------------------------------

def test_tumour_pathway_api_contract(clinician_api: APIClient) -> None:
    tumour = lms_tumour()
    data = pathway(clinician_api, tumour)
    assert set(data) == {"pathway", "branch", "staging", "recommendations", "followup"}
    assert data["pathway"] == {"id": "lms", "version": "2026-03", "title": "Zorgpad cutaan en subcutaan leiomyosarcoom",
                               "revision_due": "2028-03-01"}
    assert data["branch"] == "soft_tissue"
    assert data["staging"] == {"applicable": True, "system": "ajcc8-sts-trunk-extremities", "reason": None}
    assert data["followup"]["decision"] == "routine"
    assert {"code", "kind", "severity", "text", "source", "status", "reason_code", "reason", "version"} == set(
        data["recommendations"][0])
    assert "lms.mdo" in [r["code"] for r in data["recommendations"]]


def test_tumour_pathway_read_is_audited(clinician, clinician_api: APIClient) -> None:
    tumour = lms_tumour()
    pathway(clinician_api, tumour)
    event = AuditEvent.objects.get(action=AuditAction.VIEW, user=clinician)
    assert event.patient_external_id == tumour.patient.external_id


def test_tumour_pathway_api_unknown_tumour_is_404(clinician_api: APIClient) -> None:
    assert clinician_api.get("/api/v1/tumours/7b1c3a52-0000-4000-8000-000000000000/pathway/").status_code == 404


def test_tumour_pathway_api_needs_a_login() -> None:
    tumour = lms_tumour()
    assert APIClient().get(f"/api/v1/tumours/{tumour.external_id}/pathway/").status_code in (401, 403)


# --- dermis only with N1 or M1 ------------------------------------------------------------------------------------

def test_rule_dermis_only_with_n1_is_soft_tissue_and_gets_no_no_routine_letter(clinician,
                                                                               clinician_api: APIClient) -> None:
    tumour = cutaneous_tumour(n_category="N1")
    data = pathway(clinician_api, tumour)
    assert data["branch"] == "soft_tissue"
    assert data["followup"]["decision"] == "undecided"
    with pytest.raises(ValidationError):
        followup_services.followup_plan_build(tumour=tumour, user=clinician)
    assert FollowUpPlan.objects.count() == 0 and Letter.objects.count() == 0


def test_rule_m1_never_gets_a_surveillance_plan(clinician, clinician_api: APIClient) -> None:
    tumour = lms_tumour(m_category="M1")
    assert pathway(clinician_api, tumour)["followup"]["decision"] == "not_applicable"
    with pytest.raises(ValidationError) as info:
        followup_services.followup_plan_build(tumour=tumour, user=clinician)
    assert "behandelteam" in " ".join(info.value.messages)  # the API speaks Dutch by default
    assert FollowUpPlan.objects.count() == 0


def test_rule_dermis_only_m1_is_not_routine_through_the_api(clinician_api: APIClient) -> None:
    data = pathway(clinician_api, cutaneous_tumour(m_category="M1"))
    assert data["branch"] == "soft_tissue" and data["followup"]["decision"] != "routine"


# --- staging applicability ----------------------------------------------------------------------------------------

def test_rule_dermis_only_cannot_be_staged_and_the_page_has_no_stage_form(clinician, clinician_client,
                                                                          clinician_api: APIClient) -> None:
    tumour = cutaneous_tumour(grade="G2", largest_diameter_cm=Decimal("1.2"))
    assert pathway(clinician_api, tumour)["staging"]["applicable"] is False
    with pytest.raises(ValidationError) as info:
        stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                                size_cm=Decimal("1.2"), grade="G2", n="N0", m="M0")
    assert "system" in info.value.message_dict
    assert StageAssessment.objects.count() == 0
    page = clinician_client.get(f"/tumours/{tumour.external_id}/").content.decode()
    assert 'data-code="staging.not-applicable"' in page
    assert 'hx-post="/staging/preview/"' not in page


def test_rule_a_stage_stored_before_is_not_shown_once_staging_does_not_apply(clinician, clinician_client) -> None:
    tumour = lms_tumour(diagnosis="atypical_intradermal_smooth_muscle_neoplasm", depth=Depth.SUBCUTIS)
    stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                            size_cm=Decimal("6"), grade="G2", n="N0", m="M0")
    patient_services.tumour_update(tumour=tumour, user=clinician, depth=Depth.DERMIS)
    page = clinician_client.get(f"/tumours/{tumour.external_id}/").content.decode()
    assert "IIIA" not in page


def test_rule_scalp_leiomyosarcoma_has_no_stage_group(clinician, clinician_api: APIClient) -> None:
    tumour = lms_tumour(body_site="behaarde hoofdhuid", body_site_region="head_neck", largest_diameter_cm=Decimal("3"))
    data = pathway(clinician_api, tumour)
    assert data["staging"] == {"applicable": True, "system": "ajcc8-sts-head-neck", "reason": None}
    unknown = stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                                      size_cm=Decimal("3"), grade="G2", n="N0", m="M0")
    assert (unknown.system, unknown.t, unknown.stage, unknown.missing) == (
        "ajcc8-sts-head-neck", "TX", "", ["invasion_adjoining_structures"])
    t2 = stage_assessment_record(tumour=tumour, user=clinician, classification="pathological", size_cm=Decimal("3"),
                                 grade="G2", n="N0", m="M0", invasion_adjoining_structures=False)
    assert (t2.t, t2.stage) == ("T2", "")


def test_rule_scalp_through_the_evaluate_api(clinician_api: APIClient) -> None:
    tumour = {"diagnosis": "subcutaneous_leiomyosarcoma", "depth": "subcutis", "size_cm": 3, "grade": "G2",
              "n": "N0", "m": "M0", "body_site_region": "head_neck"}
    absent = clinician_api.post("/api/v1/pathway/evaluate/", {"tumour": {**tumour,
                                "invasion_adjoining_structures": False}}, format="json").json()
    assert (absent["stage"]["t"], absent["stage"]["stage"]) == ("T2", None)
    unknown = clinician_api.post("/api/v1/pathway/evaluate/", {"tumour": tumour}, format="json").json()
    assert (unknown["stage"]["t"], unknown["stage"]["stage"]) == ("TX", None)
    assert unknown["stage"]["missing"] == ["invasion_adjoining_structures"]


def test_rule_missing_region_names_the_input_and_stages_nothing(clinician, clinician_api: APIClient) -> None:
    tumour = lms_tumour(body_site_region="")
    data = pathway(clinician_api, tumour)
    assert data["staging"]["applicable"] is False and "lichaamsregio" in data["staging"]["reason"].lower()
    with pytest.raises(ValidationError):
        stage_assessment_record(tumour=tumour, user=clinician, classification="clinical", size_cm=Decimal("3"),
                                grade="G1", n="N0", m="M0")
    assert StageAssessment.objects.count() == 0


def test_rule_superficial_with_subcutis_shows_the_grade_caveat(clinician_client) -> None:
    tumour = lms_tumour(diagnosis="atypical_intradermal_smooth_muscle_neoplasm", depth=Depth.SUBCUTIS)
    page = clinician_client.get(f"/tumours/{tumour.external_id}/").content.decode()
    assert 'data-code="staging.caveat"' in page
    assert "geen prognostische waarde" in page


# --- alerts independent of how the record was filled in -----------------------------------------------------------

def test_rule_inactive_ssc_keeps_the_immunotherapy_caution(clinician_api: APIClient) -> None:
    melanoma = MelanomaFactory(margin=Margin.R0)
    ComorbidityFactory(patient=melanoma.patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, active=False,
                       anti_rna_polymerase_iii=True)
    codes = [r["code"] for r in pathway(clinician_api, melanoma)["recommendations"]]
    assert "alert.immunotherapy-autoimmune" in codes and "alert.paraneoplastic" in codes


def test_rule_other_autoimmune_meeting_the_criteria_is_possible_ssc(clinician_api: APIClient) -> None:
    melanoma = MelanomaFactory()
    ComorbidityFactory(patient=melanoma.patient, kind=ComorbidityKind.OTHER_AUTOIMMUNE, description="Sclerodermie?",
                       ssc_criteria=SSC_ITEMS)
    codes = alerts(clinician_api, melanoma.patient)
    assert {"alert.paraneoplastic-possible-ssc", "alert.record-ssc", "alert.immunotherapy-autoimmune"} <= set(codes)
    assert "alert.paraneoplastic" not in codes


def test_rule_paraneoplastic_alert_without_a_tumour_on_the_api_and_the_page(clinician_api: APIClient,
                                                                            clinician_client) -> None:
    patient = PatientFactory()
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, anti_rna_polymerase_iii=True)
    assert alerts(clinician_api, patient) == ["alert.paraneoplastic"]
    page = clinician_client.get(f"/patients/{patient.external_id}/").content.decode()
    assert 'data-code="alert.paraneoplastic"' in page


def test_alerts_api_danger_first_and_audited(clinician, clinician_api: APIClient) -> None:
    melanoma = MelanomaFactory()
    ComorbidityFactory(patient=melanoma.patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, anti_rna_polymerase_iii=True)
    ComorbidityFactory(patient=melanoma.patient, kind=ComorbidityKind.MULTIPLE_LEIOMYOMAS, description="x")
    response = clinician_api.get(f"/api/v1/patients/{melanoma.patient.external_id}/alerts/")
    severities = [a["severity"] for a in response.json()]
    assert severities == sorted(severities, key=["danger", "warning", "info"].index)
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, patient_external_id=melanoma.patient.external_id,
                                     user=clinician).exists()


# --- S-100B units -------------------------------------------------------------------------------------------------

def test_rule_marker_unit_typed_as_microgram_is_stored_as_ucum(clinician, clinician_api: APIClient) -> None:
    patient = PatientFactory()
    response = clinician_api.post(f"/api/v1/patients/{patient.external_id}/markers/", {
        "marker": "S100B", "measured_on": "2026-06-01", "value": 0.20, "unit": "µg/L", "upper_limit": 0.10},
        format="json")
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == "ug/L"
    assert TumourMarker.objects.get().unit == "ug/L"


def test_rule_marker_with_an_unknown_unit_is_refused_and_nothing_saved(clinician_api: APIClient) -> None:
    patient = PatientFactory()
    response = clinician_api.post(f"/api/v1/patients/{patient.external_id}/markers/", {
        "marker": "S100B", "measured_on": "2026-06-01", "value": 0.20, "unit": "mmol/L"}, format="json")
    assert response.status_code == 400 and "unit" in response.json()
    assert TumourMarker.objects.count() == 0


def test_rule_s100b_in_mixed_units_rises_on_the_record(clinician_api: APIClient) -> None:
    melanoma = MelanomaFactory()
    TumourMarkerFactory(patient=melanoma.patient, measured_on=dt.date(2026, 5, 1), value=Decimal("150"), unit="ng/L")
    TumourMarkerFactory(patient=melanoma.patient, measured_on=dt.date(2026, 8, 1), value=Decimal("0.20"), unit="ug/L")
    assert "alert.marker-rise-range-unknown" in alerts(clinician_api, melanoma.patient)


# --- high risk ----------------------------------------------------------------------------------------------------

def test_rule_high_risk_patient_gets_dermatologist_checks_with_no_routine_follow_up(clinician,
                                                                                  clinician_api: APIClient) -> None:
    tumour = cutaneous_tumour()
    ChecklistFactory(patient=tumour.patient, high_risk=True, risk_profile_taken=True)
    codes = [r["code"] for r in pathway(clinician_api, tumour)["recommendations"]]
    assert "lms.cutaneous.no-routine-followup" in codes and "lms.high-risk-dermatologist" in codes
    plan = followup_services.followup_plan_build(tumour=tumour, user=clinician)
    assert plan.status == "no_routine" and plan.dermatologist_checks
    other = cutaneous_tumour()
    assert not followup_services.followup_plan_build(tumour=other, user=clinician).dermatologist_checks


def test_tumour_without_a_pathway_is_named_so(clinician_api: APIClient) -> None:
    data = pathway(clinician_api, TumourFactory(diagnosis="other", diagnosis_other="Angiosarcoom"))
    assert data["pathway"] is None and data["branch"] == "not_in_pathway"
    assert data["staging"]["applicable"] is True and data["staging"]["system"] is None
    assert data["followup"]["decision"] == "undecided"
