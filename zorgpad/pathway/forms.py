from typing import Any

from django import forms
from django.utils.translation import gettext_lazy

from zorgpad.pathway.models import DEVIATION_REASON_LABELS, ITEM_STATUS_LABELS
from zorgpad.pathway.presentation import recommendation_choices
from zorgpad.pathways import registry
from zorgpad.pathways.ssc import ALL_ITEMS, ITEM_LABELS
from zorgpad.pathways.vocabulary import ItemStatus


class SscCriteriaForm(forms.Form):
    """One checkbox per ACR/EULAR 2013 item (unchecked = not present)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for item in ALL_ITEMS:
            self.fields[item.value] = forms.BooleanField(label=gettext_lazy(ITEM_LABELS[item]), required=False)

    def items(self) -> dict[str, bool]:
        return {item.value: bool(self.cleaned_data.get(item.value)) for item in ALL_ITEMS}


def _reason_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *((str(code), label) for code, label in DEVIATION_REASON_LABELS.items())]


class PathwayItemForm(forms.Form):
    """A clinician's status of an item: done, not applicable, a deviation (reason code and text), or open again.
    The service checks the rules (a deviation needs both reasons); the form only parses."""

    status = forms.ChoiceField(label=gettext_lazy("status"), choices=[
        (s.value, ITEM_STATUS_LABELS[s]) for s in (ItemStatus.DONE, ItemStatus.NOT_APPLICABLE, ItemStatus.DEVIATED,
                                                   ItemStatus.OPEN)])
    reason_code = forms.ChoiceField(label=gettext_lazy("reason"), choices=_reason_choices, required=False)
    reason = forms.CharField(label=gettext_lazy("reason text"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _pathway_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *((pathway_id, registry.title(pathway_id))
                         for pathway_id in dict.fromkeys(d.id for d in registry.definitions()))]


def _recommendation_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *recommendation_choices()]


class DeviationFilterForm(forms.Form):
    """Filters of the centre's deviation list (page, CSV and API alike): the pathway by its title, the
    recommendation by its words (the ids and codes are what is sent)."""

    pathway = forms.ChoiceField(label=gettext_lazy("pathway"), choices=_pathway_choices, required=False)
    code = forms.ChoiceField(label=gettext_lazy("recommendation"), choices=_recommendation_choices, required=False)
    reason_code = forms.ChoiceField(label=gettext_lazy("reason"), choices=_reason_choices, required=False)
    since = forms.DateField(label=gettext_lazy("from"), required=False)
    until = forms.DateField(label=gettext_lazy("until"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", gettext_lazy("The end lies before the start."))
        return data

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"pathway_id": data.get("pathway") or "", "code": data.get("code") or "",
                "reason_code": data.get("reason_code") or "", "since": data.get("since"), "until": data.get("until")}


class CentreDecisionForm(forms.Form):
    value = forms.CharField(label=gettext_lazy("value"), max_length=100)
    basis = forms.CharField(label=gettext_lazy("basis"), widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=gettext_lazy("The source the centre relied on."))
