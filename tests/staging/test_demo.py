import io

import pytest

from staging.models import StageAssessment
from zorgpad.demo_data import load_demo_data
from zorgpad.patients.models import Diagnosis, Patient

pytestmark = pytest.mark.django_db


def test_demo_data_records_stages_for_tumours_with_enough_data() -> None:
    out = io.StringIO()
    assert load_demo_data(stdout=out) is True
    case = Patient.objects.get(hospital_number="4100001")
    melanoma = case.tumours.get(diagnosis=Diagnosis.CUTANEOUS_MELANOMA)
    assessment = StageAssessment.objects.get(tumour=melanoma)
    assert (assessment.classification, assessment.t, assessment.n, assessment.m, assessment.stage) == (
        "pathological", "T3a", "N2b", "M0", "IIIB")
    # The dermis-only neoplasms are not staged; the subcutaneous LMS of patient 3 (6.5 cm G2) is IIIA.
    assert not StageAssessment.objects.filter(tumour__diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM,
                                              tumour__depth="dermis").exists()
    lms = StageAssessment.objects.get(tumour__patient__hospital_number="4100003")
    assert (lms.system, lms.t, lms.stage) == ("ajcc8-sts-trunk-extremities", "T2", "IIIA")
    assert not StageAssessment.objects.filter(tumour__body_site="hoofd-hals", system="ajcc8-sts-trunk-extremities")
    assert "stage assessments recorded" in out.getvalue()
