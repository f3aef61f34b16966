import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from staging.selectors import Recommendation, StageSummary, TumourAdvice, tumour_advice_map, tumour_stage_history
from staging.services import stage_assessment_record
from tests.factories import ComorbidityFactory, MelanomaFactory, PatientFactory, TumourFactory, TumourMarkerFactory
from tests.staging.factories import StageAssessmentFactory
from zorgpad.audit.models import AuditEvent
from zorgpad.patients.models import ComorbidityKind, Depth, Diagnosis, Margin, PathologySource, RevisionStatus

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


def codes(advice: TumourAdvice) -> list[str]:
    return [r.code for r in advice.recommendations]


def seed_case_patient(clinician):
    """The case report: melanoma pT3a N2b M0 (2014), SSc with anti-RNA pol III, earlier malignancy, S-100B rising."""
    patient = PatientFactory(date_of_birth=dt.date(1949, 3, 14))
    melanoma = MelanomaFactory(patient=patient, breslow_mm=Decimal("2.6"), ulceration=False, n_category="N2b",
                               m_category="M0", date_of_diagnosis=dt.date(2014, 5, 20),
                               date_of_surgery=dt.date(2014, 6, 10), margin=Margin.R0)
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, anti_rna_polymerase_iii=True,
                       ssc_criteria={"skin_thickening_fingers_both_hands_proximal_to_mcp": True, "sclerodactyly": True,
                                     "anti_rna_polymerase_iii": True})
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.EARLIER_MALIGNANCY, description="Melanoom 2014")
    for day, value in ((dt.date(2026, 5, 1), "0.11"), (dt.date(2026, 8, 1), "0.19"), (dt.date(2026, 11, 1), "0.31")):
        TumourMarkerFactory(patient=patient, tumour=melanoma, measured_on=day, value=Decimal(value),
                            upper_limit=Decimal("0.10"))
    stage_assessment_record(tumour=melanoma, user=clinician, classification="pathological",
                            breslow_mm=Decimal("2.6"), ulceration=False, n="N2b", m="M0")
    return melanoma


def test_seed_case_advice(clinician) -> None:
    melanoma = seed_case_patient(clinician)
    audit_before = AuditEvent.objects.count()
    with translation.override("nl"):
        advice = tumour_advice_map(tumour_ids=[melanoma.pk], today=TODAY)[melanoma.pk]
    assert isinstance(advice.stage, StageSummary)
    assert (advice.stage.system, advice.stage.classification, advice.stage.stage) == (
        "ajcc8-melanoma", "pathological", "IIIB")
    assert (advice.stage.t, advice.stage.n, advice.stage.m, advice.stage.grade) == ("T3a", "N2b", "M0", "")
    assert advice.stage.label == "pT3a N2b M0 — IIIB (pathologisch)"
    # The case-report alerts first; then the melanoma pathway's (its sign-off warning, the open centre choices).
    assert codes(advice)[:4] == ["alert.paraneoplastic", "alert.immunotherapy-autoimmune", "alert.marker-rise",
                                 "alert.tumour-syndrome"]
    assert "mel.melanoma-centre-mdo" in codes(advice) and "mel.adjuvant-discuss" in codes(advice)
    assert all(isinstance(r, Recommendation) for r in advice.recommendations)
    assert advice.recommendations[0].text.startswith("Systemische sclerose")
    assert [r.code for r in advice.alerts] == [c for c in codes(advice) if c.startswith(("alert.", "centre."))]
    assert AuditEvent.objects.count() == audit_before  # callers audit their own page read


def test_english_label(clinician) -> None:
    melanoma = seed_case_patient(clinician)
    with translation.override("en"):
        advice = tumour_advice_map(tumour_ids=[melanoma.pk], today=TODAY)[melanoma.pk]
    assert advice.stage is not None
    assert advice.stage.label == "pT3a N2b M0 — IIIB (pathological)"
    assert advice.recommendations[0].text.startswith("Systemic sclerosis")


def test_advice_is_built_from_the_record() -> None:
    patient = PatientFactory()
    lms = TumourFactory(patient=patient, depth=Depth.SUBCUTIS, margin=Margin.R1, operable=True,
                        pathology_source=PathologySource.EXTERNAL, revision_status=RevisionStatus.REQUESTED)
    dermis = TumourFactory(patient=patient, diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM,
                           depth=Depth.DERMIS, grade="", n_category="", m_category="", margin=Margin.R0)
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.IMMUNOSUPPRESSION)
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.MULTIPLE_LEIOMYOMAS, active=False)  # inactive: ignored
    advice = tumour_advice_map(tumour_ids=[lms.pk, dermis.pk], today=TODAY)
    # Immunosuppressed, and no risk profile recorded at a first visit: the clinician is asked to record one.
    # The centre has not recorded the baseline-MRI window that the follow-up advice needs: named as open.
    assert codes(advice[lms.pk]) == [
        "alert.ebv", "alert.record-risk-profile", "centre.lms.followup.baseline-mri-window-months",
        "lms.subcutaneous.soft-tissue-lms", "lms.histopathology-revision",
        "lms.imaging.locoregional",
        "lms.imaging.ct-thorax", "lms.mdo", "lms.excision-r0", "lms.port", "lms.followup", "pathway.trial"]
    # One malignancy (the subcutaneous LMS) and a dermis-only neoplasm, which is not malignant: not "multiple
    # malignancies", on either tumour's page (the same patient-level judgement for both).
    assert codes(advice[dermis.pk]) == [
        "alert.ebv", "alert.record-risk-profile", "lms.cutaneous.not-malignant", "lms.cutaneous.ddx-metastasis",
        "lms.cutaneous.no-imaging", "lms.cutaneous.no-routine-followup", "pathway.trial"]
    # ... but the dermis-only neoplasm is not a malignancy for the LMS.
    assert "alert.tumour-syndrome" not in codes(advice[lms.pk])
    assert advice[lms.pk].stage is None


def test_markers_of_another_tumour_do_not_count() -> None:
    patient = PatientFactory()
    melanoma = MelanomaFactory(patient=patient)
    lms = TumourFactory(patient=patient)
    for day, value in ((dt.date(2026, 5, 1), "0.1"), (dt.date(2026, 8, 1), "0.3")):
        TumourMarkerFactory(patient=patient, tumour=melanoma, measured_on=day, value=Decimal(value))
    advice = tumour_advice_map(tumour_ids=[melanoma.pk, lms.pk], today=TODAY)
    assert "alert.marker-rise-range-unknown" in codes(advice[melanoma.pk])
    assert "alert.marker-rise-range-unknown" not in codes(advice[lms.pk])


def test_latest_assessment_is_the_stage_and_history_is_newest_first() -> None:
    tumour = TumourFactory()
    old = StageAssessmentFactory(tumour=tumour, stage="IB", assessed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    new = StageAssessmentFactory(tumour=tumour, stage="IIIA", assessed_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC))
    older = StageAssessmentFactory(tumour=tumour, stage="IA", assessed_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    assert list(tumour_stage_history(tumour=tumour)) == [new, old, older]
    stage = tumour_advice_map(tumour_ids=[tumour.pk], today=TODAY)[tumour.pk].stage
    assert stage is not None and stage.stage == "IIIA"
    assert stage.assessed_at == new.assessed_at


def test_unknown_stage_label() -> None:
    tumour = TumourFactory()
    StageAssessmentFactory(tumour=tumour, t="TX", grade="", stage="", missing=["size_cm", "grade"],
                           classification="clinical")
    with translation.override("nl"):
        stage = tumour_advice_map(tumour_ids=[tumour.pk], today=TODAY)[tumour.pk].stage
    assert stage is not None
    assert stage.stage is None
    assert stage.label == "cTX N0 M0 — stadium onbekend (klinisch)"


def test_empty_and_unknown_ids() -> None:
    assert tumour_advice_map(tumour_ids=[], today=TODAY) == {}
    assert tumour_advice_map(tumour_ids=[987654], today=TODAY) == {}


def _make_cases(count: int) -> list[int]:
    ids = []
    for i in range(count):
        patient = PatientFactory()
        tumour = TumourFactory(patient=patient) if i % 2 else MelanomaFactory(patient=patient)
        TumourFactory(patient=patient, diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM,
                      depth=Depth.DERMIS, grade="")
        ComorbidityFactory(patient=patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS)
        TumourMarkerFactory(patient=patient, tumour=tumour)
        StageAssessmentFactory(tumour=tumour)
        StageAssessmentFactory(tumour=tumour)
        ids.append(tumour.pk)
    return ids


def test_constant_number_of_queries(django_assert_num_queries) -> None:
    one = _make_cases(1)
    # tumours, their patients' tumours, comorbidities, S-100B values, risk profiles, centre decisions, the recorded
    # melanoma stages (the melanoma pathway's input), latest stages
    with django_assert_num_queries(8):
        assert len(tumour_advice_map(tumour_ids=one, today=TODAY)) == 1
    forty = _make_cases(40)
    with django_assert_num_queries(8):
        result = tumour_advice_map(tumour_ids=forty, today=TODAY)
    assert len(result) == 40
    assert all(advice.stage is not None and advice.stage.stage == "IIIA" for advice in result.values())
