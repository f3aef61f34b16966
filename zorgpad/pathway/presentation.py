"""Pathway content made ready for templates: translated labels, pathway version and revision state."""

from datetime import date
from typing import Any

from django.utils.translation import gettext, gettext_noop

from zorgpad.pathway.rules import pathway
from zorgpad.pathway.rules.ssc import ITEM_LABELS, SscClassification, SscResult

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


def pathway_context(today: date) -> dict[str, Any]:
    return {
        "title": pathway.PATHWAY_TITLE,
        "orpha": pathway.PATHWAY_ORPHA,
        "version": pathway.PATHWAY_VERSION,
        "revision_label": pathway.PATHWAY_REVISION_LABEL,
        "revision_due": pathway.PATHWAY_REVISION_DUE,
        "revision_overdue": pathway.revision_overdue(today),
    }
