"""Pathway content made ready for templates and the API: translated texts, the pathway's definition."""

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_noop

from zorgpad.accounts.people import person_name
from zorgpad.pathways import registry
from zorgpad.pathways.base import FollowupAdvice, PathwayDefinition, Recommendation, StagingApplicability
from zorgpad.pathways.registry import TumourDecision
from zorgpad.pathways.ssc import ITEM_LABELS, SscClassification, SscResult
from zorgpad.pathways.vocabulary import ItemStatus, Kind

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
    text = gettext(rec.text)
    if rec.params:
        text = text % {key: _localized(value) for key, value in rec.params}
    return Recommendation(code=rec.code, kind=rec.kind, severity=rec.severity, text=text, source=rec.source)


_PARAMETER = re.compile(r"%\((\w+)\)s")


def recommendation_labels(pathway_id: str) -> dict[str, str]:
    """What each of a pathway's recommendations says, in the active language, where no tumour's decision fills in
    its parameters (a list of deviations, a filter): each parameter shown as an ellipsis."""
    texts = registry.recommendation_texts(pathway_id)
    return {code: _PARAMETER.sub("…", gettext(text)) for code, text in texts.items()}


def recommendation_label(pathway_id: str, code: str) -> str:
    """One of recommendation_labels; the code when the pathway does not know it."""
    return recommendation_labels(pathway_id).get(code, code)


CHOICE_LENGTH = 90  # characters of a recommendation's words in a select (the list shows them whole)


def recommendation_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every pathway's recommendations by their words (shortened), grouped by pathway (for a select)."""
    groups = []
    for pathway_id in dict.fromkeys(d.id for d in registry.definitions()):
        labels = recommendation_labels(pathway_id)
        groups.append((registry.title(pathway_id), sorted(
            ((code, Truncator(label).chars(CHOICE_LENGTH)) for code, label in labels.items()), key=lambda c: c[1])))
    return groups


def _localized(value: str) -> str:
    """A decimal number in the active language's notation (2.6 -> 2,6 in Dutch); other values as they are."""
    if re.fullmatch(r"\d+\.\d+", value):
        return str(formats.localize(Decimal(value)))
    return value


def followup_reason(advice: FollowupAdvice) -> str:
    """The follow-up decision's reason in the active language, its parameters (e.g. a centre decision's date)
    filled in."""
    text = gettext(advice.reason)
    return text % dict(advice.params) if advice.params else text


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


def item_dict(item: Any, today: date) -> dict[str, Any]:
    """A stored pathway item as the API gives it (and whether a newer version of its pathway is in force)."""
    newer = registry.newer_version(item.pathway_id, item.version, today)
    user = item.changed_by
    return {"code": item.code, "pathway": item.pathway_id, "version": item.version, "status": item.status,
            "reason_code": item.reason_code, "reason": item.reason,
            "changed_by": person_name(user) or None,
            "changed_at": item.changed_at, "newer_version": newer.version if newer is not None else None}


def recommendations_with_items(decision: TumourDecision, items: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The decision's recommendations (translated) with their stored item's status, reason and version. An alert
    is not an item (status null); a recommendation not yet stored (never re-evaluated since) is open."""
    version = decision.pathway.version if decision.pathway is not None else None
    out = []
    for rec in decision.recommendations:
        row: dict[str, Any] = recommendation_dict(translated(rec))
        item = items.get(rec.code)
        if rec.kind is Kind.ALERT:
            row.update(status=None, reason_code="", reason="", version=version)
        elif item is None:
            row.update(status=ItemStatus.OPEN.value, reason_code="", reason="", version=version)
        else:
            row.update(status=item.status, reason_code=item.reason_code, reason=item.reason, version=item.version)
        out.append(row)
    return out
