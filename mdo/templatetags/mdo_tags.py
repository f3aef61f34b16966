import re
from dataclasses import dataclass
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from mdo.models import specialty_label
from zorgpad.pathways.readiness import Item, ItemState

register = template.Library()

_ITEM_LABELS = {
    Item.PATHOLOGY: _("Pathology revised"),
    Item.IMAGING: _("Imaging available"),
    Item.STAGE: _("Stage recorded"),
    Item.BRAF: _("BRAF V600 status recorded"),
}
# What a checklist item that is not ok says on its own (the tag must say what is wrong: "Pathology revised" on an
# orange tag read as the opposite of what it meant).
_GAP_LABELS = {
    (Item.PATHOLOGY, ItemState.MISSING): _("pathology not yet revised"),
    (Item.PATHOLOGY, ItemState.UNKNOWN): _("pathology revision unknown"),
    (Item.IMAGING, ItemState.MISSING): _("imaging not yet available"),
    (Item.IMAGING, ItemState.UNKNOWN): _("imaging unknown"),
    (Item.STAGE, ItemState.MISSING): _("no stage recorded"),
    (Item.STAGE, ItemState.UNKNOWN): _("stage unknown"),
}
_STATE_LABELS = {
    ItemState.OK: _("yes"),
    ItemState.NOT_NEEDED: _("not needed"),
    ItemState.MISSING: _("no"),
    ItemState.UNKNOWN: _("unknown"),
}
# A run of 30+ characters without a space (a pasted URL, a string of symbols) gets a zero-width space every 20
# characters: the PDF then breaks it as it breaks words. CSS `overflow-wrap: anywhere` alone also wraps it,
# but makes WeasyPrint try every character position: 40 such 2,000-character questions took 50 s.
_UNBROKEN_RUN = re.compile(r"\S{30,}")
LONG_QUESTION = 280  # longer questions get a row of their own under the case in the printed agenda


@register.filter
def breakable(text: Any) -> str:
    return _UNBROKEN_RUN.sub(lambda m: "\u200b".join(m[0][i:i + 20] for i in range(0, len(m[0]), 20)), str(text))


_STATE_CLASSES = {ItemState.OK: "ok", ItemState.NOT_NEEDED: "ok", ItemState.MISSING: "danger",
                  ItemState.UNKNOWN: "warn"}


@register.filter
def item_label(item: Any) -> str:
    return str(_ITEM_LABELS.get(item, item))


@register.filter
def readiness_gaps(readiness: Any) -> list[dict[str, str]]:
    """The items of a case's checklist that are not ok, each as a label saying what is wrong and a tag class."""
    return [{"item": str(i.item), "state": str(i.state), "css": state_class(i.state),
             "label": str(_GAP_LABELS.get((i.item, i.state), f"{item_label(i.item)}: {state_label(i.state)}"))}
            for i in readiness.items if not i.ok]


@register.filter
def state_label(state: Any) -> str:
    return str(_STATE_LABELS.get(state, state))


@register.filter
def state_class(state: Any) -> str:
    return _STATE_CLASSES.get(state, "muted")


@register.filter
def specialty(code: str) -> str:
    return specialty_label(code)


@register.filter
def specialties(codes: Any) -> str:
    return str(_(" or ")).join(specialty_label(c) for c in codes or [])


@register.filter
def specialties_list(codes: Any) -> str:
    return ", ".join(specialty_label(c) for c in codes or [])


_KIND_LABELS = {"recommendation": _("advice"), "alert": _("alert")}


@register.filter
def kind_label(kind: Any) -> str:
    return str(_KIND_LABELS.get(str(kind), kind))


def _is_key(recommendation: Any) -> bool:
    return str(getattr(recommendation, "kind", "")) == "alert" or str(getattr(recommendation, "severity", "")) in (
        "warning", "danger")


@register.filter
def key_recommendations(recommendations: Any) -> list[Any]:
    """Alerts and warnings: shown on the agenda; the informational rest is folded away (or left to the case)."""
    return [r for r in recommendations or [] if _is_key(r)]


@register.filter
def other_recommendations(recommendations: Any) -> list[Any]:
    return [r for r in recommendations or [] if not _is_key(r)]


@register.filter
def shown_recommendations(recommendations: Any, compact: Any) -> list[Any]:
    """Alerts and warnings first; the others too unless `compact` (the agenda links them to the case instead)."""
    key = key_recommendations(recommendations)
    return key if compact else key + other_recommendations(recommendations)


@dataclass(frozen=True, slots=True)
class ReadinessTag:
    item: str
    state: str
    css: str
    text: str


@register.filter
def readiness_tags(readiness: Any) -> list[ReadinessTag]:
    """The checklist as the agenda shows it, each item's words and colour worked out once (one filter per row)."""
    return [ReadinessTag(item=str(i.item), state=str(i.state), css=state_class(i.state),
                         text=f"{item_label(i.item)}: {state_label(i.state)}") for i in readiness.items]
