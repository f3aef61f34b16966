"""Pathway content made ready for templates and the API: translated texts, the pathway's definition."""

from datetime import date
from typing import Any

from django.utils.translation import gettext, gettext_noop

from zorgpad.pathways.base import PathwayDefinition, Recommendation, StagingApplicability
from zorgpad.pathways.ssc import ITEM_LABELS, SscClassification, SscResult

SSC_CLASSIFICATION_LABELS = {
    SscClassification.DEFINITE_SSC: gettext_noop("classified as SSc (score 9 or more)"),
    SscClassification.CRITERIA_NOT_MET: gettext_noop("criteria not met (score below 9)"),
    SscClassification.NOT_APPLICABLE: gettext_noop("criteria not applicable (exclusion)"),
}


def ssc_context(result: SscResult) -> dict[str, Any]:
    return {
        "score": result.score,
        "classification": result.classification.value,
        "classification_label": gettext(SSC_CLASSIFICATION_LABELS[result.classification]),
        "definite": result.classification is SscClassification.DEFINITE_SSC,
        "items": [{"item": s.item.value, "label": gettext(ITEM_LABELS[s.item]), "points": s.points}
                  for s in result.items],
        "exclusions": [gettext(ITEM_LABELS[item]) for item in result.exclusions],
    }


def translated(rec: Recommendation) -> Recommendation:
    """The same recommendation with its text in the active language (the source citation stays as printed).
    The one way pathway texts are translated: the pure rules mark them with gettext_noop."""
    return Recommendation(code=rec.code, kind=rec.kind, severity=rec.severity, text=gettext(rec.text),
                          source=rec.source)


def recommendation_dict(rec: Recommendation) -> dict[str, str]:
    return {"code": rec.code, "kind": rec.kind.value, "severity": rec.severity.value, "text": rec.text,
            "source": rec.source}


def pathway_context(definition: PathwayDefinition | None, today: date) -> dict[str, Any] | None:
    if definition is None:
        return None
    return {
        "id": definition.id,
        "title": definition.title,
        "codes": ", ".join(definition.codes),
        "version": definition.version_label,
        "revision_label": definition.revision_label,
        "revision_due": definition.revision_due,
        "revision_overdue": definition.revision_overdue(today),
    }


def staging_context(staging: StagingApplicability) -> dict[str, Any]:
    return {
        **applicability_dict(staging),
        "caveat": gettext(staging.caveat) if staging.caveat else None,
        "missing": list(staging.missing),
    }


def applicability_dict(staging: StagingApplicability) -> dict[str, Any]:
    """The API's shape of the staging decision (reason in the active language)."""
    return {
        "applicable": staging.applicable,
        "system": staging.system.value if staging.system is not None else None,
        "reason": gettext(staging.reason) if staging.reason else None,
    }
