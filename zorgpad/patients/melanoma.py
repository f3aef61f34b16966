"""The melanoma facts of a tumour (issue 16): choices and validation, shared by the model, the form and the API.

Labels of the shared vocabulary (zorgpad.pathways.vocabulary); the rules compare the values only.
"""

from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from zorgpad.pathways.vocabulary import (
    AdjuvantStatus,
    DeviationReason,
    MelanomaEventKind,
    MutationStatus,
    SentinelNode,
)

SENTINEL_NODE_CHOICES = [(SentinelNode.NOT_DONE.value, _("not done")), (SentinelNode.NEGATIVE.value, _("negative")),
                         (SentinelNode.POSITIVE.value, _("positive"))]
MUTATION_CHOICES = [(MutationStatus.MUTANT.value, _("mutant")), (MutationStatus.WILD_TYPE.value, _("wild-type")),
                    (MutationStatus.NOT_TESTED.value, _("not tested"))]
ADJUVANT_CHOICES = [(AdjuvantStatus.PLANNED.value, _("planned")), (AdjuvantStatus.ONGOING.value, _("ongoing")),
                    (AdjuvantStatus.FINISHED.value, _("finished")),
                    (AdjuvantStatus.NOT_GIVEN.value, _("not given"))]
# The shared deviation reasons (zorgpad.pathways.vocabulary.DeviationReason); labels as the pathway items show them.
ADJUVANT_REASON_CHOICES = [
    (DeviationReason.PATIENT_CHOICE.value, _("patient's choice")),
    (DeviationReason.CONTRAINDICATION.value, _("contraindication")),
    (DeviationReason.NO_INDICATION.value, _("no indication")),
    (DeviationReason.MDO_DECISION.value, _("MDO decision")),
    (DeviationReason.OTHER.value, _("other")),
]
MELANOMA_EVENT_LABELS = {
    MelanomaEventKind.IN_TRANSIT: _("in-transit metastasis"),
    MelanomaEventKind.SATELLITE: _("satellite metastasis"),
    MelanomaEventKind.REGIONAL_NODE: _("regional lymph-node metastasis"),
    MelanomaEventKind.DISTANT: _("distant metastasis"),
}
MELANOMA_ONLY_FIELDS = ("sentinel_node", "sentinel_deposit_mm", "braf_v600", "kit", "melanoma_events", "adjuvant",
                        "adjuvant_start", "adjuvant_end", "adjuvant_reason_code", "adjuvant_reason")



def melanoma_events_clean(events: Any, tumour: Any) -> dict[str, Any]:
    """The dated events: a list of {"kind", "date", "at_diagnosis"}; dates ISO, not in the future, not before the
    diagnosis."""
    kinds = {k.value for k in MelanomaEventKind}
    if not isinstance(events, list):
        return {"melanoma_events": _("A list of events.")}
    for event in events:
        if not (isinstance(event, dict) and set(event) <= {"kind", "date", "at_diagnosis"}
                and event.get("kind") in kinds and isinstance(event.get("at_diagnosis", False), bool)):
            return {"melanoma_events": _("Each event has a kind (%(kinds)s), a date and whether it was present at "
                                         "diagnosis.") % {"kinds": ", ".join(sorted(kinds))}}
        try:
            day = date.fromisoformat(str(event.get("date")))
        except ValueError:
            return {"melanoma_events": _("Each event needs a date (yyyy-mm-dd).")}
        if day > date.today():
            return {"melanoma_events": _("An event date lies in the future.")}
        if tumour.date_of_diagnosis and day < tumour.date_of_diagnosis and not event.get("at_diagnosis"):
            return {"melanoma_events": _("A recurrence lies before the date of diagnosis.")}
    return {}


def melanoma_clean(tumour: Any) -> dict[str, Any]:
    """The melanoma facts: melanoma only; a deposit only with a positive sentinel node; adjuvant dates in order and
    only when the therapy is (to be) given; a reason (code and text) when it is not given."""
    errors: dict[str, Any] = {}
    if not tumour.is_melanoma:
        for name in MELANOMA_ONLY_FIELDS:
            if getattr(tumour, name) not in ("", None, []):
                errors[name] = _("Recorded for melanoma only.")
        return errors
    if tumour.sentinel_deposit_mm is not None and tumour.sentinel_node != SentinelNode.POSITIVE:
        errors["sentinel_deposit_mm"] = _("A deposit size belongs to a positive sentinel node.")
    errors.update(melanoma_events_clean(tumour.melanoma_events, tumour))
    if tumour.adjuvant == AdjuvantStatus.NOT_GIVEN:
        if not tumour.adjuvant_reason_code:
            errors["adjuvant_reason_code"] = _("Adjuvant therapy not given: choose a reason from the list.")
        if not tumour.adjuvant_reason.strip():
            errors["adjuvant_reason"] = _("Adjuvant therapy not given: give the reason as text.")
        if tumour.adjuvant_start or tumour.adjuvant_end:
            errors["adjuvant_start"] = _("No dates when adjuvant therapy is not given.")
    else:
        if tumour.adjuvant_reason_code or tumour.adjuvant_reason:
            errors["adjuvant_reason_code"] = _("A reason is recorded only when adjuvant therapy is not given.")
        if not tumour.adjuvant and (tumour.adjuvant_start or tumour.adjuvant_end):
            errors["adjuvant"] = _("Choose the adjuvant therapy status that goes with the dates.")
    if tumour.adjuvant in (AdjuvantStatus.ONGOING, AdjuvantStatus.FINISHED) and not tumour.adjuvant_start:
        errors["adjuvant_start"] = _("Give the start date of the adjuvant therapy.")
    if tumour.adjuvant == AdjuvantStatus.FINISHED and not tumour.adjuvant_end:
        errors["adjuvant_end"] = _("Give the end date of the adjuvant therapy.")
    if tumour.adjuvant_start and tumour.adjuvant_end and tumour.adjuvant_end < tumour.adjuvant_start:
        errors["adjuvant_end"] = _("The end lies before the start.")
    return errors


def melanoma_event_rows(tumour: Any) -> list[dict[str, Any]]:
    """The dated events for display, oldest first (date parsed, kind labelled)."""
    rows = []
    for event in tumour.melanoma_events or []:
        try:
            day = date.fromisoformat(str(event.get("date")))
        except ValueError:
            continue
        kind = event.get("kind")
        known = {k.value: k for k in MelanomaEventKind}
        label = MELANOMA_EVENT_LABELS[known[kind]] if kind in known else kind
        rows.append({"date": day, "label": label, "at_diagnosis": bool(event.get("at_diagnosis"))})
    return sorted(rows, key=lambda r: r["date"])
