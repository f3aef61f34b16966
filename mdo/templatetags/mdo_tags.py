import re
from typing import Any

from django import template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
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


@register.simple_tag
def recommendation_items(recommendations: Any, compact: bool = False) -> str:
    """The <li> items of a recommendation list, as the template markup would render them. One node instead of
    six per item: the agenda shows some 300 of them, and rendering them was a third of its time."""
    items = []
    kinds: dict[str, str] = {}  # each kind's label translated once per list, not once per item
    for r in recommendations or []:
        kind = kinds.get(r.kind) or kinds.setdefault(r.kind, esc(kind_label(r.kind)))
        source = f' <span class="source">{esc(r.source)}</span>' if r.source and not compact else ""
        items.append(f'<li><span class="tag sev-{esc(r.severity)}">{kind}</span> {esc(r.text)}{source}</li>')
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped


@register.simple_tag
def advice_summary(advice: Any, unavailable: Any = False, compact: Any = False) -> str:
    """A tumour's stage and its recommendations, alerts first; with `compact` the others folded away. Was the
    markup of mdo/_advice.html (now one call of this tag): one node instead of some twenty on each of the
    agenda's forty rows, where that markup took a third of the page's time. The translated phrases are
    trusted, as {% translate %} trusts them; every value is escaped."""
    if unavailable:
        head = f'<span class="tag warn">{gettext("stage unknown (staging not available)")}</span>'
    elif stage := getattr(advice, "stage", None):
        head = f"<strong>{esc(stage.label)}</strong>"
    else:
        head = f'<span class="tag danger">{gettext("no stage recorded")}</span>'
    recommendations = getattr(advice, "recommendations", None) or []
    key, other = key_recommendations(recommendations), other_recommendations(recommendations)
    key_list = f'<ul class="recs">{recommendation_items(key, compact)}</ul>' if key else ""
    other_list = ""
    if other:
        other_list = f'<ul class="recs">{recommendation_items(other, compact)}</ul>'
        if compact:
            more = ngettext("%(n)s more recommendation", "%(n)s more recommendations", len(other)) % {"n": len(other)}
            other_list = f'<details class="small"><summary>{more}</summary>{other_list}</details>'
    return mark_safe(f"{head}\n\n{key_list}\n{other_list}\n\n")  # noqa: S308 - escaped above


@register.simple_tag
def readiness_items(readiness: Any) -> str:
    """The checklist items of a case's readiness (mdo/_readiness.html): one node instead of a dozen per item,
    three items on each agenda row."""
    return mark_safe("".join(  # noqa: S308 - every value is escaped
        f'<li><span class="tag {state_class(i.state)}" data-item="{esc(i.item)}" data-state="{esc(i.state)}">'
        f"{esc(item_label(i.item))}: {esc(state_label(i.state))}</span></li>"
        for i in readiness.items
    ))
