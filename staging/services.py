"""Writes of the staging app: recording a stage assessment on a tumour."""

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from staging import calculators
from staging.models import Classification, StageAssessment, System
from staging.rules.common import StagingSystem
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.patients.models import Diagnosis, Tumour

RECORD_PERMISSION = "staging.add_stageassessment"


def default_system_for(tumour: Tumour) -> str | None:
    """The AJCC chapter that belongs to the diagnosis; None when the clinician has to choose."""
    if tumour.diagnosis == Diagnosis.CUTANEOUS_MELANOMA:
        return StagingSystem.MELANOMA.value
    smooth_muscle = (Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM)
    if tumour.diagnosis in smooth_muscle:
        return StagingSystem.STS_TRUNK_EXTREMITIES.value
    return None


def _json_value(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def stage_assessment_record(
    *,
    tumour: Tumour,
    user: Any,
    classification: str,
    system: str | None = None,
    size_cm: Decimal | None = None,
    grade: str | None = None,
    n: str | None = None,
    m: str | None = None,
    breslow_mm: Decimal | None = None,
    ulceration: bool | None = None,
    t: str | None = None,
    request: HttpRequest | None = None,
) -> StageAssessment:
    """Stage with the pure rules and store the result (inputs, categories, stage, explanation, who, when).

    Clinicians and admins only. Earlier assessments are kept (history); the newest is the current one.
    Raises PermissionDenied, or ValidationError with field errors (nothing is written then).
    """
    if not (user and user.is_authenticated and user.has_perm(RECORD_PERMISSION)):
        raise PermissionDenied(_("Only clinicians may record a stage."))
    errors: dict[str, Any] = {}
    if classification not in Classification.values:
        errors["classification"] = _("Choose clinical or pathological.")
    system = system or default_system_for(tumour)
    if system is None:
        errors["system"] = _("Choose the staging system for this diagnosis.")
    elif system not in System.values:
        errors["system"] = _("Unknown staging system.")
    elif system == StagingSystem.MELANOMA and tumour.diagnosis != Diagnosis.CUTANEOUS_MELANOMA:
        errors["system"] = _("AJCC 8 melanoma staging applies to cutaneous melanoma only.")
    elif system == StagingSystem.STS_TRUNK_EXTREMITIES and tumour.diagnosis == Diagnosis.CUTANEOUS_MELANOMA:
        errors["system"] = _("A melanoma is staged with the AJCC 8 melanoma chapter.")
    if errors:
        raise ValidationError(errors)
    assert system is not None
    inputs: dict[str, Any] = {"size_cm": size_cm, "grade": grade, "n": n, "m": m} \
        if system == StagingSystem.STS_TRUNK_EXTREMITIES else \
        {"breslow_mm": breslow_mm, "ulceration": ulceration, "t": t, "n": n, "m": m}
    result = calculators.stage_compute(
        system=system, classification=classification, size_cm=size_cm, grade=grade, n=n, m=m,
        breslow_mm=breslow_mm, ulceration=ulceration, t=t,
    )
    assessment = StageAssessment(
        tumour=tumour,
        system=system,
        classification=classification,
        inputs={key: _json_value(value) for key, value in inputs.items()},
        t=result.t,
        n=result.n or "",
        m=result.m or "",
        grade=result.grade or "",
        stage=result.stage or "",
        missing=list(result.missing),
        explanation=[msg.to_json() for msg in result.explanation],
        assessed_by=user,
    )
    assessment.full_clean()
    assessment.save()
    audit_record(
        user=user, action=AuditAction.CREATE, patient=tumour.patient, obj=assessment,
        detail=f"{system} {classification}: {result.t} {result.n or ''} {result.m or ''} -> {result.stage or '?'}",
        request=request,
    )
    return assessment
