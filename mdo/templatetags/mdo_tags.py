import re
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from mdo import presentation
from mdo.models import specialty_label

register = template.Library()

# A run of 30+ characters without a space (a pasted URL, a string of symbols) gets a zero-width space every 20
# characters: the PDF then breaks it as it breaks words. CSS `overflow-wrap: anywhere` alone also wraps it,
# but makes WeasyPrint try every character position: 40 such 2,000-character questions took 50 s.
_UNBROKEN_RUN = re.compile(r"\S{30,}")
LONG_QUESTION = 280  # longer questions get a row of their own under the case in the printed agenda


@register.filter
def breakable(text: Any) -> str:
    return _UNBROKEN_RUN.sub(lambda m: "\u200b".join(m[0][i:i + 20] for i in range(0, len(m[0]), 20)), str(text))


@register.filter
def item_label(item: Any) -> str:
    return presentation.item_label(item)


@register.filter
def readiness_gaps(readiness: Any) -> list[dict[str, str]]:
    """The items of a case's checklist that are not ok, each as a label saying what is wrong and a tag class."""
    return [{"item": str(i.item), "state": str(i.state), "css": state_class(i.state),
             "label": str(presentation.GAP_LABELS.get((i.item, i.state),
                                                      f"{item_label(i.item)}: {state_label(i.state)}"))}
            for i in readiness.items if not i.ok]


@register.filter
def state_label(state: Any) -> str:
    return presentation.state_label(state)


@register.filter
def state_class(state: Any) -> str:
    return presentation.state_class(state)


@register.filter
def specialty(code: str) -> str:
    return specialty_label(code)


@register.filter
def specialties(codes: Any) -> str:
    return str(_(" or ")).join(specialty_label(c) for c in codes or [])


@register.filter
def specialties_list(codes: Any) -> str:
    return ", ".join(specialty_label(c) for c in codes or [])


@register.filter
def kind_label(kind: Any) -> str:
    return presentation.kind_label(kind)


@register.filter
def key_recommendations(recommendations: Any) -> list[Any]:
    return presentation.key_recommendations(recommendations)


@register.filter
def other_recommendations(recommendations: Any) -> list[Any]:
    return presentation.other_recommendations(recommendations)


@register.filter
def shown_recommendations(recommendations: Any) -> list[Any]:
    """Alerts and warnings first, then the others."""
    return presentation.key_recommendations(recommendations) + presentation.other_recommendations(recommendations)


@register.simple_tag
def agenda_cells(row: Any, staging_unavailable: bool) -> str:
    return presentation.agenda_cells(row, staging_unavailable)


@register.filter
def readiness_tags(readiness: Any) -> list[presentation.ReadinessTag]:
    return presentation.readiness_tags(readiness)
