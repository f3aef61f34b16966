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
from zorgpad.pathway.selectors import tumour_facts
from zorgpad.pathway.services import pathway_items_sync
from zorgpad.pathways import registry
from zorgpad.pathways.base import StagingApplicability
from zorgpad.patients.models import Tumour

RECORD_PERMISSION = "staging.add_stageassessment"


def staging_applicability(tumour: Tumour) -> StagingApplicability:
    """Whether and which AJCC chapter applies: the pathway decides (zorgpad.pathways), never this app."""
    return registry.staging_applicability(tumour_facts(tumour))


def default_system_for(tumour: Tumour) -> str | None:
    """The AJCC chapter that applies to the tumour; None when AJCC staging does not apply (or cannot be decided)."""
    applicability = staging_applicability(tumour)
    return applicability.system.value if applicability.system is not None else None


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
    invasion_adjoining_structures: bool | None = None,
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
    applicability = staging_applicability(tumour)
    if not applicability.applicable:
        raise ValidationError({"system": _(applicability.reason or "AJCC staging does not apply.")})
    if applicability.system is not None:
        if system and system != applicability.system:
            errors["system"] = _("This tumour is staged with %(system)s.") % {
                "system": System(applicability.system.value).label}
        system = applicability.system.value
    elif not system:
        errors["system"] = _("Choose the staging system for this diagnosis.")
    elif system not in System.values:
        errors["system"] = _("Unknown staging system.")
    elif system == StagingSystem.MELANOMA:
        errors["system"] = _("AJCC 8 melanoma staging applies to cutaneous melanoma only.")
    if errors or system is None:
        raise ValidationError(errors)
    inputs: dict[str, Any]
    if system == StagingSystem.MELANOMA:
        inputs = {"breslow_mm": breslow_mm, "ulceration": ulceration, "t": t, "n": n, "m": m}
    else:
        inputs = {"size_cm": size_cm, "grade": grade, "n": n, "m": m}
        if system == StagingSystem.STS_HEAD_NECK:
            inputs["invasion_adjoining_structures"] = invasion_adjoining_structures
    # Every value given goes to the calculator, so that another system's input is refused, not dropped.
    given: dict[str, Any] = {"size_cm": size_cm, "grade": grade, "n": n, "m": m, "breslow_mm": breslow_mm,
                             "ulceration": ulceration, "t": t,
                             "invasion_adjoining_structures": invasion_adjoining_structures}
    checked = {key: value for key, value in given.items() if value is not None or key in inputs}
    result = calculators.stage_compute(system=system, classification=classification, **checked)
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
    pathway_items_sync(tumour=tumour, user=user)
    return assessment
