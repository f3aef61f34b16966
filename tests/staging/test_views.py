"""Pages: the staging and pathway panels on the tumour page, the live staging form, the patient-page panel."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from staging.models import StageAssessment
from staging.services import stage_assessment_record
from tests.factories import ComorbidityFactory, MelanomaFactory, PatientFactory, TumourFactory
from tests.staging.factories import StageAssessmentFactory
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.patients.models import ComorbidityKind, Depth, Diagnosis, Margin

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def test_tumour_page_shows_stage_explanation_history_and_advice_in_dutch(clinician, clinician_client) -> None:
    tumour = MelanomaFactory(breslow_mm=Decimal("2.6"), ulceration=False, n_category="N2b", m_category="M0",
                             margin=Margin.R0)
    ComorbidityFactory(patient=tumour.patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, anti_rna_polymerase_iii=True)
    stage_assessment_record(tumour=tumour, user=clinician, classification="clinical", breslow_mm=Decimal("2.6"),
                            ulceration=False, n="N2b", m="M0")
    stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                            breslow_mm=Decimal("2.6"), ulceration=False, n="N2b", m="M0")
    page = html(clinician_client.get(f"/tumours/{tumour.external_id}/"))
    assert "pT3a N2b M0 — IIIB (pathologisch)" in page
    assert "2,6 mm &gt; 2,0 mm en ≤ 4,0 mm, zonder ulceratie → T3a" in page
    assert "Pathologische stadiumgroep: T3a N2b M0 → IIIB" in page
    assert "Geschiedenis (2 stadiëringen)" in page
    assert "cT3a N2b M0 — III (klinisch)" in page
    assert 'data-code="alert.paraneoplastic"' in page
    assert 'data-code="alert.immunotherapy-autoimmune"' in page
    assert "Melanoom bij een patiënt met een auto-immuunziekte" in page
    assert "Bron: Casus: systemische sclerose als paraneoplastische uiting van een recidief melanoom" in page
    # A melanoma follows the melanoma pathway: the page carries its name, never the leiomyosarcoma pathway's.
    assert "Zorgpad cutaan melanoom" in page
    assert "versie maart 2026" not in page and "leiomyosarcoom" not in page
    assert 'hx-post="/staging/preview/"' in page  # the live staging form


def test_dermis_only_tumour_page_has_no_soft_tissue_advice(clinician_client) -> None:
    tumour = TumourFactory(diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, depth=Depth.DERMIS,
                           grade="", n_category="", m_category="", margin=Margin.R0)
    page = html(clinician_client.get(f"/tumours/{tumour.external_id}/"))
    assert 'data-code="lms.cutaneous.not-malignant"' in page
    assert "AJCC-stadiëring is niet van toepassing" in page
    assert 'data-code="lms.imaging.ct-thorax"' not in page
    assert 'data-code="lms.mdo"' not in page


def test_revision_warning_shows_once_the_date_has_passed(clinician_client, monkeypatch) -> None:
    tumour = TumourFactory(depth=Depth.SUBCUTIS)
    assert "revisie verlopen" not in html(clinician_client.get(f"/tumours/{tumour.external_id}/"))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(2028, 3, 1))
    page = html(clinician_client.get(f"/tumours/{tumour.external_id}/"))
    assert "revisie verlopen" in page
    assert 'data-code="alert.pathway-revision-overdue"' in page


def test_secretary_sees_the_stage_but_no_staging_form_and_cannot_record(secretary_client) -> None:
    tumour = TumourFactory()
    StageAssessmentFactory(tumour=tumour)
    page = html(secretary_client.get(f"/tumours/{tumour.external_id}/"))
    assert "pT2 N0 M0 G2 — IIIA (pathologisch)" in page
    assert "staging-form" not in page
    response = secretary_client.post(f"/tumours/{tumour.external_id}/stage/", {
        "system": "ajcc8-sts-trunk-extremities", "classification": "clinical", "size_cm": "3", "grade": "G1",
        "n": "N0", "m": "M0"})
    assert response.status_code == 403
    assert StageAssessment.objects.count() == 1


def test_live_preview_returns_the_result_fragment(clinician_client) -> None:
    response = clinician_client.post("/staging/preview/", {
        "system": "ajcc8-sts-trunk-extremities", "classification": "clinical", "size_cm": "7", "grade": "GX",
        "n": "N0", "m": "M0", "breslow_mm": "3.0"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    fragment = html(response)
    assert "<html" not in fragment
    assert 'data-stage="IB"' in fragment
    assert "Let op: de tabel in het zorgpad noemt bij stadium IB alleen G1" in fragment
    assert StageAssessment.objects.count() == 0


def test_live_preview_shows_what_is_missing_and_errors(clinician_client) -> None:
    fragment = html(clinician_client.post("/staging/preview/", {
        "system": "ajcc8-sts-trunk-extremities", "classification": "clinical", "size_cm": "7", "grade": "",
        "n": "N0", "m": "M0"}))
    assert "Stadium onbekend" in fragment and "Ontbreekt voor een stadiumgroep: graad" in fragment
    fragment = html(clinician_client.post("/staging/preview/", {
        "system": "ajcc8-sts-trunk-extremities", "classification": "clinical", "size_cm": "-3"}))
    assert "Controleer de invoer" in fragment and "Grootste diameter (cm)" in fragment
    fragment = html(clinician_client.post("/staging/preview/", {
        "system": "ajcc8-sts-trunk-extremities", "classification": "clinical", "size_cm": "3", "n": "N2b"}))
    # A soft-tissue system does not offer melanoma N subcategories (the form offers N0, N1, NX only).
    assert "N2b is geen beschikbare keuze" in fragment


def test_preview_needs_post_and_a_login(client: Client, clinician_client) -> None:
    assert clinician_client.get("/staging/preview/").status_code == 405
    response = client.post("/staging/preview/", {"system": "ajcc8-melanoma"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_record_stage_from_the_form(clinician, clinician_client) -> None:
    tumour = TumourFactory()
    response = clinician_client.post(f"/tumours/{tumour.external_id}/stage/", {
        "system": "ajcc8-sts-trunk-extremities", "classification": "pathological", "size_cm": "7", "grade": "GX",
        "n": "NX", "m": "M0", "breslow_mm": "2.0", "ulceration": "true"})
    assert response.status_code == 302
    assert response["Location"] == f"/tumours/{tumour.external_id}/"
    assessment = StageAssessment.objects.get()
    assert (assessment.stage, assessment.n, assessment.assessed_by) == ("IB", "N0", clinician)
    assert assessment.inputs == {"size_cm": "7", "grade": "GX", "n": "NX", "m": "M0"}  # melanoma fields dropped
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="staging.stageassessment").count() == 1


def test_record_stage_with_invalid_input_shows_errors_and_saves_nothing(clinician_client) -> None:
    tumour = TumourFactory()
    response = clinician_client.post(f"/tumours/{tumour.external_id}/stage/", {
        "system": "ajcc8-melanoma", "classification": "pathological", "breslow_mm": "2.0", "n": "N1a", "m": "M0"})
    assert response.status_code == 400
    assert "Deze tumor wordt gestadieerd met AJCC 8 wekedelensarcoom, romp en extremiteiten." in html(response)
    assert StageAssessment.objects.count() == 0


def test_stage_form_page_opens_with_the_tumour_values(clinician_client) -> None:
    tumour = MelanomaFactory(breslow_mm=Decimal("4.05"), ulceration=True, n_category="N0", m_category="M0",
                             date_of_surgery=dt.date(2025, 11, 20))
    response = clinician_client.get(f"/tumours/{tumour.external_id}/stage/")
    assert response.status_code == 200
    page = html(response)
    assert 'data-stage="IIC"' in page  # pathological (operated) T4b N0 M0
    assert "Breslow 4,05 mm wordt vastgelegd op 0,1 mm nauwkeurig (half naar boven afgerond): 4,1 mm" in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, patient_external_id=tumour.patient.external_id).exists()


def test_tumour_page_queries_are_constant(clinician, clinician_client, django_assert_max_num_queries) -> None:
    tumour = TumourFactory()
    with django_assert_max_num_queries(30) as small:
        clinician_client.get(f"/tumours/{tumour.external_id}/")
    for _ in range(5):
        stage_assessment_record(tumour=tumour, user=clinician, classification="clinical", size_cm=Decimal("7"),
                                grade="G2", n="N0", m="M0")
        TumourFactory(patient=tumour.patient)
        ComorbidityFactory(patient=tumour.patient)
    with django_assert_max_num_queries(len(small.captured_queries)):
        clinician_client.get(f"/tumours/{tumour.external_id}/")


def test_patient_page_panel_lists_stages_alert_counts_and_ssc(clinician, clinician_client,
                                                              django_assert_max_num_queries) -> None:
    patient = PatientFactory()
    melanoma = MelanomaFactory(patient=patient)
    lms = TumourFactory(patient=patient)
    stage_assessment_record(tumour=melanoma, user=clinician, classification="pathological",
                            breslow_mm=Decimal("2.6"), ulceration=False, n="N2b", m="M0")
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, anti_rna_polymerase_iii=True,
                       ssc_criteria={"skin_thickening_fingers_both_hands_proximal_to_mcp": True,
                                     "sclerodactyly": True, "anti_rna_polymerase_iii": True})
    with django_assert_max_num_queries(40) as few:
        page = html(clinician_client.get(f"/patients/{patient.external_id}/"))
    assert "pT3a N2b M0 — IIIB (pathologisch)" in page
    assert f'data-tumour="{lms.external_id}"' in page
    assert "score <strong>16</strong>" in page and "geclassificeerd als SSc (score 9 of hoger)" in page
    for _ in range(6):
        extra = TumourFactory(patient=patient)
        StageAssessmentFactory(tumour=extra)
    with django_assert_max_num_queries(len(few.captured_queries)):
        clinician_client.get(f"/patients/{patient.external_id}/")


def test_tumour_page_warns_when_the_record_changed_after_staging(clinician, clinician_client) -> None:
    tumour = TumourFactory(largest_diameter_cm=Decimal("6.0"), grade="G2", n_category="N0", m_category="M0")
    stage_assessment_record(tumour=tumour, user=clinician, classification="clinical", size_cm=Decimal("6.0"),
                            grade="G2", n="N0", m="M0")
    assert 'data-code="stage.stale"' not in html(clinician_client.get(f"/tumours/{tumour.external_id}/"))
    tumour.largest_diameter_cm = Decimal("11.0")
    tumour.save()
    page = html(clinician_client.get(f"/tumours/{tumour.external_id}/"))
    assert 'data-code="stage.stale"' in page
    assert "De tumorgegevens zijn gewijzigd sinds dit stadium is vastgelegd" in page
