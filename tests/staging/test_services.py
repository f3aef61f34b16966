from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from staging.models import StageAssessment
from staging.services import stage_assessment_record
from tests.factories import MelanomaFactory, TumourFactory
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db


def test_clinician_records_the_seed_melanoma_as_pathological_iiib(clinician) -> None:
    tumour = MelanomaFactory(breslow_mm=Decimal("2.6"), ulceration=False, n_category="N2b", m_category="M0")
    assessment = stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                                         breslow_mm=Decimal("2.6"), ulceration=False, n="N2b", m="M0")
    assessment.refresh_from_db()
    assert (assessment.system, assessment.classification) == ("ajcc8-melanoma", "pathological")
    assert (assessment.t, assessment.n, assessment.m, assessment.grade, assessment.stage) == (
        "T3a", "N2b", "M0", "", "IIIB")
    assert assessment.inputs == {"breslow_mm": "2.6", "ulceration": False, "t": None, "n": "N2b", "m": "M0"}
    assert assessment.missing == []
    assert assessment.explanation[-1] == {"template": "Pathological stage group: %(t)s %(n)s %(m)s → %(stage)s",
                                          "params": {"t": "T3a", "n": "N2b", "m": "M0", "stage": "IIIB"}}
    assert assessment.assessed_by == clinician
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert (event.user, event.patient_external_id, event.object_type, event.object_id) == (
        clinician, tumour.patient.external_id, "staging.stageassessment", str(assessment.external_id))


def test_sarcoma_system_is_the_default_for_a_leiomyosarcoma_and_unknown_is_stored_with_its_reason(clinician) -> None:
    tumour = TumourFactory()
    assessment = stage_assessment_record(tumour=tumour, user=clinician, classification="clinical",
                                         size_cm=Decimal("7"), grade=None, n="N0", m="M0")
    assert (assessment.system, assessment.t, assessment.stage, assessment.missing) == (
        "ajcc8-sts-trunk-extremities", "T2", "", ["grade"])


def test_history_is_kept_and_assessments_are_never_changed(clinician) -> None:
    tumour = TumourFactory()
    first = stage_assessment_record(tumour=tumour, user=clinician, classification="clinical", size_cm=Decimal("4"),
                                    grade="G1", n="N0", m="M0")
    stage_assessment_record(tumour=tumour, user=clinician, classification="pathological", size_cm=Decimal("7"),
                            grade="G1", n="N0", m="M0")
    assert list(StageAssessment.objects.filter(tumour=tumour).values_list("stage", flat=True)) == ["IB", "IA"]
    with pytest.raises(PermissionError):
        first.save()


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.MDO_COORDINATOR, None])
def test_only_clinicians_and_admins_record(make_user, role) -> None:
    tumour = TumourFactory()
    with pytest.raises(PermissionDenied):
        stage_assessment_record(tumour=tumour, user=make_user(role), classification="clinical",
                                size_cm=Decimal("7"), grade="G2", n="N0", m="M0")
    assert StageAssessment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_admin_may_record(admin_user) -> None:
    stage_assessment_record(tumour=TumourFactory(), user=admin_user, classification="clinical",
                            size_cm=Decimal("7"), grade="G2", n="N0", m="M0")
    assert StageAssessment.objects.count() == 1


@pytest.mark.parametrize(("kwargs", "field"), [
    pytest.param({"classification": "surgical"}, "classification", id="unknown classification"),
    pytest.param({"system": "ajcc8-melanoma"}, "system", id="melanoma chapter for a sarcoma"),
    pytest.param({"system": "ajcc7"}, "system", id="unknown system"),
    pytest.param({"size_cm": Decimal("-1")}, "size_cm", id="negative size"),
    pytest.param({"grade": "G4"}, "grade", id="unknown grade"),
    pytest.param({"n": "N2b"}, "n", id="melanoma N for a sarcoma"),
    pytest.param({"breslow_mm": Decimal("1")}, "breslow_mm", id="melanoma input for a sarcoma"),
])
def test_invalid_input_writes_nothing(clinician, kwargs, field) -> None:
    base = {"classification": "clinical", "size_cm": Decimal("7"), "grade": "G2", "n": "N0", "m": "M0"}
    with pytest.raises(ValidationError) as exc:
        stage_assessment_record(tumour=TumourFactory(), user=clinician, **{**base, **kwargs})
    assert field in exc.value.message_dict
    assert StageAssessment.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_melanoma_is_not_staged_with_the_sarcoma_chapter(clinician) -> None:
    with pytest.raises(ValidationError) as exc:
        stage_assessment_record(tumour=MelanomaFactory(), user=clinician, classification="clinical",
                                system="ajcc8-sts-trunk-extremities", size_cm=Decimal("2"), grade="G1")
    assert "system" in exc.value.message_dict


def test_other_diagnosis_needs_an_explicit_system(clinician) -> None:
    tumour = TumourFactory(diagnosis="other", diagnosis_other="Angiosarcoom")
    with pytest.raises(ValidationError) as exc:
        stage_assessment_record(tumour=tumour, user=clinician, classification="clinical", size_cm=Decimal("2"))
    assert "system" in exc.value.message_dict
    stage_assessment_record(tumour=tumour, user=clinician, classification="clinical", size_cm=Decimal("2"),
                            system="ajcc8-sts-trunk-extremities", grade="G3", n="N0", m="M0")
    assert StageAssessment.objects.get().stage == "II"
