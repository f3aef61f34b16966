"""The pure rules, made safe for the web: validate inputs (Django ValidationError with field errors), call the
rules, translate their English messages into the active language. No database access.

Used by the staging service, the pages (live preview), the tumour advice selector and the stateless API.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from staging.rules import melanoma, sts, sts_head_neck
from staging.rules.common import Classification, StageResult, StagingSystem
from zorgpad.pathway.presentation import translated
from zorgpad.pathways import registry
from zorgpad.pathways.base import Recommendation, StagingApplicability
from zorgpad.pathways.facts import CentreFacts, PatientFacts, TumourFacts
from zorgpad.pathways.text import Msg
from zorgpad.pathways.vocabulary import N_CATEGORIES as RECORD_N

MAX_SIZE_CM = Decimal("999.99")
MAX_BRESLOW_MM = Decimal("999.9")

STS_FIELDS = ("size_cm", "grade", "n", "m")
MELANOMA_FIELDS = ("breslow_mm", "ulceration", "t", "n", "m")
SYSTEMS = tuple(s.value for s in StagingSystem)
CLASSIFICATIONS = tuple(c.value for c in Classification)
ALL_N = tuple(dict.fromkeys((*RECORD_N, *melanoma.N_CATEGORIES)))
ALL_M = tuple(dict.fromkeys((*sts.M_CATEGORIES, *melanoma.M_CATEGORIES)))
STS_SYSTEMS = (StagingSystem.STS_TRUNK_EXTREMITIES, StagingSystem.STS_HEAD_NECK)


def _check_positive(errors: dict[str, Any], field: str, value: Any, maximum: Decimal) -> None:
    if value is None:
        return
    if not isinstance(value, Decimal) or not value.is_finite():
        errors[field] = _("Enter a number.")
    elif value <= 0:
        errors[field] = _("Must be greater than zero.")
    elif value > maximum:
        errors[field] = _("Must be at most %(max)s.") % {"max": formats.number_format(maximum)}


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
    invasion_adjoining_structures: bool | None = None,
) -> StageResult:
    """Validate and stage. Raises ValidationError with field errors; never guesses a missing value."""
    errors: dict[str, Any] = {}
    if system not in SYSTEMS:
        raise ValidationError({"system": _("Unknown staging system.")})
    if classification is not None and classification not in CLASSIFICATIONS:
        errors["classification"] = _("Choose clinical or pathological.")
    if system != StagingSystem.STS_HEAD_NECK and invasion_adjoining_structures is not None:
        errors["invasion_adjoining_structures"] = _("Used by AJCC 8 head and neck sarcoma staging only.")
    if system in STS_SYSTEMS:
        for field, value in (("breslow_mm", breslow_mm), ("ulceration", ulceration), ("t", t)):
            if value is not None:
                errors[field] = _("Not used by AJCC 8 soft tissue sarcoma staging.")
        _check_positive(errors, "size_cm", size_cm, MAX_SIZE_CM)
        _check_choice(errors, "grade", grade, sts.GRADES)
        _check_choice(errors, "n", n, sts.N_CATEGORIES)
        _check_choice(errors, "m", m, sts.M_CATEGORIES)
        if errors:
            raise ValidationError(errors)
        if system == StagingSystem.STS_HEAD_NECK:
            return sts_head_neck.stage(sts_head_neck.HeadNeckInputs(
                size_cm=size_cm,
                invasion_adjoining_structures=invasion_adjoining_structures,
                grade=sts.Grade(grade) if grade is not None else None,
                n=sts.N(n) if n is not None else None,
                m=sts.M(m) if m is not None else None,
                classification=Classification(classification) if classification is not None else None,
            ))
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
        "explanation": [explanation_text(msg) for msg in result.explanation],
    }


MISSING_LABELS = {
    "size_cm": _("size (greatest dimension)"),
    "grade": _("grade"),
    "breslow_mm": _("Breslow thickness"),
    "ulceration": _("ulceration"),
    "n": _("N category (or its subcategory)"),
    "m": _("M category"),
    "invasion_adjoining_structures": _("invasion of adjoining structures"),
    "body_site_region": _("body-site region"),
    "depth": _("depth"),
}


def missing_labels(codes: list[str] | tuple[str, ...]) -> list[str]:
    return [str(MISSING_LABELS.get(code, code)) for code in codes]


@dataclass(frozen=True)
class Evaluation:
    stage: StageResult | None
    staging: StagingApplicability
    recommendations: list[Recommendation]


def staging_inputs(system: StagingSystem | None, tumour: TumourFacts) -> dict[str, Any]:
    """The record's values that the chapter uses (the staging form's and the evaluation's inputs)."""
    if system in STS_SYSTEMS:
        inputs: dict[str, Any] = {"size_cm": tumour.size_cm, "grade": tumour.grade, "n": tumour.n, "m": tumour.m}
        if system == StagingSystem.STS_HEAD_NECK:
            inputs["invasion_adjoining_structures"] = tumour.invasion_adjoining_structures
        return inputs
    return {"n": tumour.n, "m": tumour.m}


def pathway_evaluate(*, patient: PatientFacts, tumour: TumourFacts, today: date, centre: CentreFacts | None = None,
                     classification: str | None = None, breslow_mm: Decimal | None = None,
                     ulceration: bool | None = None, t: str | None = None) -> Evaluation:
    """The pathway's decision plus the stage of the chapter that applies (registry.decide): none when AJCC
    staging does not apply (e.g. a dermis-only neoplasm), T only for the head and neck, and a melanoma stage only
    when the classification is given."""
    result: StageResult | None = None
    applicability = registry.staging_applicability(tumour, today)
    if applicability.applicable and applicability.system == StagingSystem.MELANOMA and classification is not None:
        # The melanoma pathway follows the stage: computed first, then told to the pathway.
        result = stage_compute(system=StagingSystem.MELANOMA, classification=classification, breslow_mm=breslow_mm,
                               ulceration=ulceration, t=t, n=tumour.n, m=tumour.m)
        tumour = replace(tumour, stage=result.stage, stage_classification=classification, t=result.t)
    decision = registry.decide(patient, tumour, today, centre)
    system = decision.staging.system
    if decision.staging.applicable and system in STS_SYSTEMS:
        result = stage_compute(system=system, classification=classification, **staging_inputs(system, tumour))
    return Evaluation(stage=result, staging=decision.staging,
                      recommendations=[translated(r) for r in decision.recommendations])


def explanation_from_json(data: list[Mapping[str, Any]]) -> list[str]:
    """Stored explanation lines (template + params), in the active language."""
    return [explanation_text(Msg.from_json(item)) for item in data]


# Templates stored before their wording changed (explanations are kept as template + params): read as today's.
_RENAMED_TEMPLATES = {
    "Note for reviewers: the care pathway's table lists only G1 for stage IB; AJCC 8 (NCI PDQ Table 7) stages GX "
    "with G1 in IA and IB, which is followed here.": sts._GX_IB_NOTE.template,
}
_ASCII_SIGNS = (("->", "→"), ("<=", "≤"), (">=", "≥"))
_DECIMAL = re.compile(r"-?\d+\.\d+")


def _current_template(template: str) -> str:
    template = _RENAMED_TEMPLATES.get(template, template)
    for ascii_sign, sign in _ASCII_SIGNS:
        template = template.replace(ascii_sign, sign)
    return template


def _param_text(template: str, key: str, value: Any) -> str:
    """A parameter as the reader writes it: a decimal in the active language's notation (6,50 in Dutch), the
    missing inputs by their names (never the field codes)."""
    if template == melanoma.UNKNOWN_LINE and key == "reason":
        return ", ".join(missing_labels([code.strip() for code in str(value).split(",") if code.strip()]))
    if isinstance(value, str) and _DECIMAL.fullmatch(value):
        return str(formats.number_format(Decimal(value)))
    return str(value)


def explanation_text(msg: Msg) -> str:
    """One explanation line in the active language: its words, its numbers (decimal comma in Dutch) and names."""
    template = _current_template(msg.template)
    text = gettext(template)
    if not msg.params:
        return text
    return text % {key: _param_text(template, key, value) for key, value in msg.params.items()}
