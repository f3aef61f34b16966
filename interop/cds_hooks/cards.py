"""Cards (CDS Hooks 2.0 "CDS Service Response": summary <= 140 characters, indicator, detail, source, links).

One card per alert and per open recommendation: from the stored record and its pathway items for a patient known
to Zorgpad, or from the stateless pathway engine for one who is not. The indicator follows the severity
(danger -> critical, warning -> warning, info -> info); the source is the pathway section the advice cites.
"""

import uuid as uuid_module
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from interop.fhir.referral import code_system
from zorgpad.pathway.models import DEVIATION_REASON_LABELS, PathwayItem
from zorgpad.pathways.base import Recommendation
from zorgpad.pathways.vocabulary import DeviationReason

INDICATOR = {"danger": "critical", "warning": "warning", "info": "info"}
SUMMARY_MAX = 140
DEVIATION_SYSTEM_NAME = "deviation-reason"


def summary_of(text: str) -> str:
    """The first sentence, cut at a word to at most 140 characters (CDS Hooks: summary < 140 characters)."""
    first = text.split(". ")[0].strip()
    if len(first) <= SUMMARY_MAX:
        return first
    cut = first[: SUMMARY_MAX - 1].rsplit(" ", 1)[0]
    return cut + "…"


@dataclass
class Card:
    code: str
    text: str
    severity: str
    source: str
    link: str
    item: PathwayItem | None = None
    uuid: uuid_module.UUID = field(default_factory=uuid_module.uuid4)

    def as_json(self) -> dict[str, Any]:
        card: dict[str, Any] = {
            "uuid": str(self.uuid),
            "summary": summary_of(self.text),
            "indicator": INDICATOR.get(self.severity, "info"),
            "detail": self.text,
            "source": {"label": self.source or "Zorgpad", "url": self.link},
            "links": [{"label": _("Open in Zorgpad"), "url": self.link, "type": "absolute"}],
        }
        if self.item is not None:
            # The reasons Zorgpad records a deviation with (the one list, zorgpad.pathways.vocabulary).
            card["overrideReasons"] = [
                {"system": code_system(DEVIATION_SYSTEM_NAME), "code": reason.value,
                 "display": str(DEVIATION_REASON_LABELS[reason])} for reason in DeviationReason]
        return card


def patient_link(external_id: Any) -> str:
    return f"{settings.ZORGPAD_PUBLIC_URL}{reverse('patients:detail', args=[external_id])}"


def from_recommendation(rec: Recommendation, link: str) -> Card:
    return Card(code=rec.code, text=rec.text, severity=rec.severity.value, source=rec.source, link=link)


def missing_input(missing: list[str], link: str) -> Card:
    labels = {"diagnosis": _("diagnosis (with the depth for a leiomyosarcoma)"), "region": _("body-site region"),
              "size": _("tumour size"), "grade": _("histological grade"), "N": _("N category"),
              "M": _("M category")}
    text = _("Missing input: %(fields)s could not be read from the record sent. The advice that depends on it is "
             "not given; complete it in Zorgpad.") % {"fields": ", ".join(str(labels[m]) for m in missing)}
    return Card(code="missing-input", text=text, severity="warning", source="Zorgpad", link=link)


def tumour_link(external_id: Any) -> str:
    return f"{settings.ZORGPAD_PUBLIC_URL}{reverse('patients:tumour-detail', args=[external_id])}"
