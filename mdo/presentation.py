"""What the MDO screens show of a case, worked out once in Python and shared by the template tags and the agenda:
the readiness checklist's words and colours, and which of the pathway's recommendations are key (alerts and
warnings: shown on the agenda) and which are informational (left to the case page)."""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

from django.template.loader import get_template
from django.utils.formats import localize
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from zorgpad.pathways.readiness import Item, ItemState

ITEM_LABELS = {
    Item.PATHOLOGY: _("Pathology revised"),
    Item.IMAGING: _("Imaging available"),
    Item.STAGE: _("Stage recorded"),
    Item.BRAF: _("BRAF V600 status recorded"),
}
# What a checklist item that is not ok says on its own (the tag must say what is wrong: "Pathology revised" on an
# orange tag read as the opposite of what it meant).
GAP_LABELS = {
    (Item.PATHOLOGY, ItemState.MISSING): _("pathology not yet revised"),
    (Item.PATHOLOGY, ItemState.UNKNOWN): _("pathology revision unknown"),
    (Item.IMAGING, ItemState.MISSING): _("imaging not yet available"),
    (Item.IMAGING, ItemState.UNKNOWN): _("imaging unknown"),
    (Item.STAGE, ItemState.MISSING): _("no stage recorded"),
    (Item.STAGE, ItemState.UNKNOWN): _("stage unknown"),
}
STATE_LABELS = {
    ItemState.OK: _("yes"),
    ItemState.NOT_NEEDED: _("not needed"),
    ItemState.MISSING: _("no"),
    ItemState.UNKNOWN: _("unknown"),
}
STATE_CLASSES = {ItemState.OK: "ok", ItemState.NOT_NEEDED: "ok", ItemState.MISSING: "danger",
                 ItemState.UNKNOWN: "warn"}


def item_label(item: Any) -> str:
    return str(ITEM_LABELS.get(item, item))


def state_label(state: Any) -> str:
    return str(STATE_LABELS.get(state, state))


def state_class(state: Any) -> str:
    return STATE_CLASSES.get(state, "muted")


@dataclass(frozen=True, slots=True)
class ReadinessTag:
    item: str
    state: str
    css: str
    text: str


@lru_cache(maxsize=256)
def _tag(item: Any, state: Any, language: str | None) -> ReadinessTag:
    """One checklist tag in one language: the same few items and states on every row of every agenda, so their
    words are translated once per worker, not once per row (`language` is part of the key)."""
    return ReadinessTag(item=str(item), state=str(state), css=state_class(state),
                        text=f"{item_label(item)}: {state_label(state)}")


def readiness_tags(readiness: Any) -> list[ReadinessTag]:
    """The checklist as the agenda shows it: each item with its state, its words and its colour."""
    language = get_language()
    return [_tag(i.item, i.state, language) for i in readiness.items]


KIND_LABELS = {"recommendation": _("advice"), "alert": _("alert")}


def kind_label(kind: Any) -> str:
    return str(KIND_LABELS.get(str(kind), kind))


@dataclass(frozen=True, slots=True)
class ShownRecommendation:
    """A key recommendation as the agenda row prints it."""

    severity: str
    kind: str  # its label: "signaal", "advies"
    text: str


def is_key(recommendation: Any) -> bool:
    return str(getattr(recommendation, "kind", "")) == "alert" or str(getattr(recommendation, "severity", "")) in (
        "warning", "danger")


def key_recommendations(recommendations: Iterable[Any] | None) -> list[Any]:
    """Alerts and warnings: shown on the agenda; the informational rest is left to the case."""
    return [r for r in recommendations or [] if is_key(r)]


def other_recommendations(recommendations: Iterable[Any] | None) -> list[Any]:
    return [r for r in recommendations or [] if not is_key(r)]


def tumour_detail(tumour: Any) -> str:
    """Site, largest diameter and grade, as the agenda's second line under the diagnosis ("onderbeen · 2,5 cm · G2")."""
    parts = [str(tumour.body_site)]
    if tumour.largest_diameter_cm:
        parts.append(f"{localize(tumour.largest_diameter_cm)} cm")
    if tumour.grade:
        parts.append(str(tumour.grade))
    return " · ".join(p for p in parts if p)


def agenda_recommendations(recommendations: list[Any]) -> tuple[list[ShownRecommendation], str]:
    """The key recommendations of an agenda row, and the line that links the informational rest to the case
    ("nog 3 aanbevelingen"; empty when there is none)."""
    key = key_recommendations(recommendations)
    shown = [ShownRecommendation(severity=str(r.severity), kind=kind_label(r.kind), text=r.text) for r in key]
    more = len(recommendations) - len(key)
    return shown, (ngettext("%(n)s more recommendation", "%(n)s more recommendations", more) % {"n": more}
                   if more else "")


def agenda_cells(row: Any, staging_unavailable: bool) -> SafeString:
    """The cells of one agenda row (all but the coordinator's reorder buttons), rendered from plain values.

    Memoised on exactly those values and the language: the template sees nothing else (no request, no outer
    context), so a row renders anew whenever anything it shows changes, and an agenda viewed again (the
    meeting day: the whole MDO opens it) prints its unchanged rows without rendering them (40 rows took
    6 ms of a 26 ms page)."""
    decision = row.decision
    values = (
        ("number", row.number), ("time_range", row.time_range), ("minutes", row.case.minutes_needed),
        ("overruns", row.slot.overruns), ("case_url", row.case_url), ("patient_name", row.patient_name),
        ("patient_detail", row.patient_detail), ("diagnosis", row.diagnosis), ("tumour_detail", row.tumour_detail),
        ("advice_unavailable", staging_unavailable),
        ("stage", str(row.advice.stage.label) if row.advice is not None and row.advice.stage is not None else ""),
        ("key_recommendations", tuple(row.key_recommendations)), ("more_recommendations", row.more_recommendations),
        ("question", row.case.question), ("presenter", row.presenter), ("readiness_tags", tuple(row.readiness_tags)),
        ("decision", "" if decision is None else "final" if decision.is_final else "draft"),
        ("amended", bool(row.amendments)), ("next_step", str(row.effective.next_step_label) if decision else ""),
    )
    return _render_cells(values, get_language())


@lru_cache(maxsize=4096)
def _render_cells(values: tuple[tuple[str, Any], ...], language: str | None) -> SafeString:
    # A template's output is a SafeString (it escaped what it printed): printed as it is.
    return cast(SafeString, get_template("mdo/_agenda_cells.html").render(dict(values)))
