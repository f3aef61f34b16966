"""The pure rules, made safe for the web: validate inputs (Django ValidationError with field errors), call the
rules, translate their English messages into the active language. No database access.

Used by the staging service, the pages (live preview), the tumour advice selector and the stateless API.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from staging.rules import melanoma, sts
from staging.rules.common import Classification, StageResult, StagingSystem
from staging.rules.text import Msg
from zorgpad.pathway.rules import advisor
from zorgpad.pathway.rules.advisor import Recommendation

MAX_SIZE_CM = Decimal("999.99")
MAX_BRESLOW_MM = Decimal("999.9")

STS_FIELDS = ("size_cm", "grade", "n", "m")
MELANOMA_FIELDS = ("breslow_mm", "ulceration", "t", "n", "m")
SYSTEMS = tuple(s.value for s in StagingSystem)
CLASSIFICATIONS = tuple(c.value for c in Classification)
ALL_N = tuple(dict.fromkeys((*sts.N_CATEGORIES, *melanoma.N_CATEGORIES)))
ALL_M = tuple(dict.fromkeys((*sts.M_CATEGORIES, *melanoma.M_CATEGORIES)))


def _check_positive(errors: dict[str, Any], field: str, value: Any, maximum: Decimal) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        errors[field] = _("Enter a number.")
    elif value <= 0:
        errors[field] = _("Must be greater than zero.")
    elif value > maximum:
        errors[field] = _("Must be at most %(max)s.") % {"max": maximum}


def _check_choice(errors: dict[str, Any], field: str, value: Any, choices: tuple[str, ...]) -> None:
    if value is not None and value not in choices:
        errors[field] = _("%(value)s is not a valid category here; choose one of: %(choices)s.") % {
            "value": value, "choices": ", ".join(choices)}


def stage_compute(
    *,
    system: str,
    classification: str | None = None,
    size_cm: Decimal | None = None,
    grade: str | None = None,
    n: str | None = None,
    m: str | None = None,
    breslow_mm: Decimal | None = None,
    ulceration: bool | None = None,
    t: str | None = None,
) -> StageResult:
    """Validate and stage. Raises ValidationError with field errors; never guesses a missing value."""
    errors: dict[str, Any] = {}
    if system not in SYSTEMS:
        raise ValidationError({"system": _("Unknown staging system.")})
    if classification is not None and classification not in CLASSIFICATIONS:
        errors["classification"] = _("Choose clinical or pathological.")
    if system == StagingSystem.STS_TRUNK_EXTREMITIES:
        for field, value in (("breslow_mm", breslow_mm), ("ulceration", ulceration), ("t", t)):
            if value is not None:
                errors[field] = _("Not used by AJCC 8 soft tissue sarcoma staging.")
        _check_positive(errors, "size_cm", size_cm, MAX_SIZE_CM)
        _check_choice(errors, "grade", grade, sts.GRADES)
        _check_choice(errors, "n", n, sts.N_CATEGORIES)
        _check_choice(errors, "m", m, sts.M_CATEGORIES)
        if errors:
            raise ValidationError(errors)
        return sts.stage(sts.StsInputs(
            size_cm=size_cm,
            grade=sts.Grade(grade) if grade is not None else None,
            n=sts.N(n) if n is not None else None,
            m=sts.M(m) if m is not None else None,
            classification=Classification(classification) if classification is not None else None,
        ))
    for field, value in (("size_cm", size_cm), ("grade", grade)):
        if value is not None:
            errors[field] = _("Not used by AJCC 8 melanoma staging.")
    if classification is None:
        # T1b N0 M0 is IB clinically and IA pathologically: the classification is never assumed.
        errors["classification"] = _("Choose clinical or pathological: melanoma stage groups differ.")
    _check_positive(errors, "breslow_mm", breslow_mm, MAX_BRESLOW_MM)
    if ulceration is not None and not isinstance(ulceration, bool):
        errors["ulceration"] = _("Must be true or false.")
    _check_choice(errors, "t", t, melanoma.EXPLICIT_T)
    _check_choice(errors, "n", n, melanoma.N_CATEGORIES)
    _check_choice(errors, "m", m, melanoma.M_CATEGORIES)
    if errors or classification is None:
        raise ValidationError(errors)
    return melanoma.stage(melanoma.MelanomaInputs(
        classification=Classification(classification), breslow_mm=breslow_mm, ulceration=ulceration, n=n, m=m, t=t,
    ))


def stage_result_dict(result: StageResult) -> dict[str, Any]:
    """The API's shape, explanation in the active language."""
    return {
        "system": result.system.value,
        "classification": result.classification.value if result.classification is not None else None,
        "t": result.t,
        "n": result.n,
        "m": result.m,
        "grade": result.grade,
        "stage": result.stage,
        "missing": list(result.missing),
        "explanation": result.explanation_lines(gettext),
    }


MISSING_LABELS = {
    "size_cm": _("size (greatest dimension)"),
    "grade": _("grade"),
    "breslow_mm": _("Breslow thickness"),
    "ulceration": _("ulceration"),
    "n": _("N category (or its subcategory)"),
    "m": _("M category"),
}


def missing_labels(codes: list[str] | tuple[str, ...]) -> list[str]:
    return [str(MISSING_LABELS.get(code, code)) for code in codes]


def translate_recommendation(rec: Recommendation) -> Recommendation:
    """The same recommendation with its text in the active language (the source citation stays as printed)."""
    return Recommendation(code=rec.code, kind=rec.kind, severity=rec.severity, text=gettext(rec.text),
                          source=rec.source)


@dataclass(frozen=True)
class Evaluation:
    stage: StageResult | None
    recommendations: list[Recommendation]


def pathway_evaluate(*, patient: advisor.PatientFacts, tumour: advisor.TumourFacts, today: date,
                     classification: str | None = None, breslow_mm: Decimal | None = None,
                     ulceration: bool | None = None, t: str | None = None) -> Evaluation:
    """The advisor plus the stage that belongs to the tumour's branch of the pathway:
    AJCC 8 soft tissue sarcoma for a (sub)cutaneous leiomyosarcoma that is not dermis-only, AJCC 8 melanoma
    for a melanoma (only when the classification is given), none otherwise (a dermis-only atypical
    intradermal smooth muscle neoplasm is not malignant and not staged)."""
    result: StageResult | None = None
    branch = advisor.pathway_branch(tumour)
    if branch is advisor.Branch.SOFT_TISSUE:
        result = stage_compute(system=StagingSystem.STS_TRUNK_EXTREMITIES, classification=classification,
                               size_cm=tumour.size_cm, grade=tumour.grade, n=tumour.n, m=tumour.m)
    elif tumour.diagnosis is advisor.Diagnosis.CUTANEOUS_MELANOMA and classification is not None:
        result = stage_compute(system=StagingSystem.MELANOMA, classification=classification, breslow_mm=breslow_mm,
                               ulceration=ulceration, t=t, n=tumour.n, m=tumour.m)
    recommendations = advisor.advise(advisor.AdvisorInputs(patient=patient, tumour=tumour, today=today))
    return Evaluation(stage=result, recommendations=[translate_recommendation(r) for r in recommendations])


def recommendation_dict(rec: Recommendation) -> dict[str, str]:
    return {"code": rec.code, "kind": rec.kind.value, "severity": rec.severity.value, "text": rec.text,
            "source": rec.source}


def explanation_from_json(data: list[Mapping[str, Any]]) -> list[str]:
    """Stored explanation lines (template + params), in the active language."""
    return [Msg.from_json(item).render(gettext) for item in data]
