"""The period of the indicators: a month, quarter or year (the one that holds `to`), or a chosen range."""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgpad.pathways import registry

PRESETS = (("year", _("year")), ("quarter", _("quarter")), ("month", _("month")), ("range", _("chosen range")))
MAX_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    pathway_id: str


def preset_start(kind: str, end: date) -> date:
    if kind == "month":
        return end.replace(day=1)
    if kind == "quarter":
        return end.replace(month=(end.month - 1) // 3 * 3 + 1, day=1)
    return end.replace(month=1, day=1)


def pathway_choices() -> list[tuple[str, str]]:
    return [(d.id, d.title) for d in registry.definitions()]


class PeriodForm(forms.Form):
    period = forms.ChoiceField(label=_("period"), choices=PRESETS, required=False)
    from_ = forms.DateField(label=_("first day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    to = forms.DateField(label=_("last day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    pathway = forms.ChoiceField(label=_("pathway"), choices=pathway_choices, required=False)

    def __init__(self, data: Any = None, *, today: date, **kwargs: Any) -> None:
        data = data.copy() if data is not None else {}
        if "from" in data and "from_" not in data:
            data["from_"] = data["from"]
        super().__init__(data, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        end = cleaned.get("to") or self.today
        kind = cleaned.get("period") or ("range" if cleaned.get("from_") else "year")
        start = cleaned.get("from_") if kind == "range" else preset_start(kind, end)
        if start is None:
            self.add_error("from_", _("Give the first day of the range."))
        elif start > end:
            self.add_error("from_", _("The first day lies after the last day."))
        elif (end - start).days > MAX_DAYS:
            self.add_error("from_", _("A period spans at most three years."))
        cleaned["start"], cleaned["end"] = start, end
        cleaned["pathway"] = cleaned.get("pathway") or registry.definitions()[0].id
        return cleaned

    def get_period(self) -> Period:
        return Period(self.cleaned_data["start"], self.cleaned_data["end"], self.cleaned_data["pathway"])

    def query(self) -> str:
        p = self.get_period()
        return f"from={p.start:%Y-%m-%d}&to={p.end:%Y-%m-%d}&pathway={p.pathway_id}"


def last_year(today: date) -> tuple[date, date]:
    return today - timedelta(days=364), today
