from datetime import date, datetime
from typing import Any

from django import forms
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zorgpad.forms import LocalizedDecimalField
from zorgpad.pathways.vocabulary import MelanomaEventKind
from zorgpad.patients import names, tumour_fields
from zorgpad.patients.models import MARKER_UNIT_LABELS, Comorbidity, Patient, Tumour, TumourMarker


class DateInput(forms.DateInput):
    """A date typed in the notation of the active language: 14-03-1949 in Dutch (ISO 2026-03-14 in English).
    Not type=date: the browser would show its own locale's notation (an English browser on a Dutch ward shows
    11/01/2025 for 1 November). ISO input is accepted in every language (Django's ISO fallback)."""

    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"placeholder": _("yyyy-mm-dd"), "autocomplete": "off", "class": "date",
                                **(attrs or {})})


class PatientForm(forms.ModelForm):
    class Meta:
        model = Patient
        fields = [
            "hospital_number", "bsn", "given_names", "initials", "family_name_prefix", "family_name",
            "date_of_birth", "sex", "partner_family_name_prefix", "partner_family_name", "name_usage",
            "street", "postal_code", "city", "phone", "phone_other", "email",
            "gp_name", "gp_practice", "gp_street", "gp_postal_code", "gp_city", "date_of_death",
        ]
        widgets = {"date_of_birth": DateInput(), "date_of_death": DateInput()}


def _yes_no_unknown(label: Any, unknown: Any = None) -> forms.NullBooleanField:
    return forms.NullBooleanField(label=label, required=False, widget=forms.Select(choices=[
        ("unknown", unknown or _("unknown")), ("true", _("yes")), ("false", _("no"))]))


AT_DIAGNOSIS = ("at diagnosis", "bij diagnose")
# The words a clinician types for each kind of event: the Dutch one, the English one (shown in that language),
# then other spellings accepted.
EVENT_WORDS: dict[MelanomaEventKind, tuple[str, ...]] = {
    MelanomaEventKind.IN_TRANSIT: ("in-transit", "in-transit", "intransit"),
    MelanomaEventKind.SATELLITE: ("satelliet", "satellite"),
    MelanomaEventKind.REGIONAL_NODE: ("lymfeklier", "lymph-node", "klier", "node"),
    MelanomaEventKind.DISTANT: ("op-afstand", "distant"),
}
_EVENT_BY_WORD = {word: kind for kind, words in EVENT_WORDS.items() for word in (*words, kind.value)}


def _event_word(kind: str) -> str:
    words = EVENT_WORDS.get(MelanomaEventKind(kind), (kind,)) if kind in _EVENT_BY_WORD else (kind,)
    return words[0] if get_language() == "nl" or len(words) < 2 else words[1]


class MelanomaEventsField(forms.CharField):
    """The dated melanoma events, one a line: "dd-mm-jjjj in-transit [bij diagnose]" (the model validates them)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            lines = []
            for event in (e for e in value if isinstance(e, dict)):
                try:
                    day = date_format(date.fromisoformat(str(event.get("date"))), "d-m-Y")
                except ValueError:
                    day = str(event.get("date"))
                at_diagnosis = f" {_(AT_DIAGNOSIS[0])}" if event.get("at_diagnosis") else ""
                lines.append(f"{day} {_event_word(str(event.get('kind')))}{at_diagnosis}")
            return "\n".join(lines)
        return str(value or "")

    def to_python(self, value: Any) -> list[dict[str, Any]]:  # type: ignore[override]  # a list, not a str
        events = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            text = line.strip().lower()
            if not text:
                continue
            at_diagnosis = text.endswith(AT_DIAGNOSIS)
            words = text.split()[:-2] if at_diagnosis else text.split()
            kind = _EVENT_BY_WORD.get(words[-1]) if len(words) == 2 else None
            day = _parse_day(words[0]) if len(words) == 2 else None
            if kind is None or day is None:
                raise forms.ValidationError(
                    _("Line %(line)d: write a date (dd-mm-yyyy), a kind (%(kinds)s) and optionally 'at diagnosis'."),
                    code="invalid", params={"line": number, "kinds": ", ".join(_event_word(k) for k in EVENT_WORDS)})
            events.append({"date": day.isoformat(), "kind": str(kind), "at_diagnosis": at_diagnosis})
        return events


def _parse_day(text: str) -> date | None:
    for pattern in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class TumourForm(forms.ModelForm):
    """The tumour's fields for its diagnosis (tumour_fields.FIELDS). A field the diagnosis does not ask is left
    out, or, when it holds a stored value, shown read-only with a note and kept on save (a disabled field), unless
    the user ticks its "remove" box."""

    melanoma_events = MelanomaEventsField(
        label=_("in-transit, satellite and other metastases (dated)"), required=False,
        help_text=_("One per line: date (dd-mm-yyyy), kind (in-transit, satellite, lymph-node, distant) and "
                    "'at diagnosis' when present at diagnosis (part of the N category); later events are "
                    "recurrences."))
    invasion_adjoining_structures = _yes_no_unknown(
        _("invasion of adjoining structures"), _("not recorded"))
    ulceration = forms.NullBooleanField(
        label=_("ulceration"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("unknown / not applicable")), ("true", _("yes")),
                                     ("false", _("no"))]),
    )
    operable = forms.NullBooleanField(
        label=_("operable"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("unknown")), ("true", _("yes")), ("false", _("no"))]),
    )
    # The diagnosis the page was drawn for: a changed diagnosis first shows its fields (nothing is saved).
    shown_for = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Tumour
        fields = list(tumour_fields.FIELD_NAMES)
        field_classes = {"largest_diameter_cm": LocalizedDecimalField, "breslow_mm": LocalizedDecimalField,
                         "sentinel_deposit_mm": LocalizedDecimalField}
        widgets = {
            "date_of_diagnosis": DateInput(),
            "date_of_surgery": DateInput(),
            "adjuvant_start": DateInput(),
            "adjuvant_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, refresh_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.diagnosis = self._chosen_diagnosis()
        if refresh_url:
            # Progressive enhancement (htmx): a changed diagnosis redraws the fields in place, saving nothing.
            self.fields["diagnosis"].widget.attrs.update({
                "hx-post": refresh_url, "hx-vals": '{"refresh": "1"}', "hx-target": "#tumour-fields",
                "hx-select": "#tumour-fields", "hx-swap": "outerHTML",
                # Nothing typed while the fields are redrawn can be lost: they wait (a fraction of a second).
                "hx-disabled-elt": "#tumour-fields input, #tumour-fields select, #tumour-fields textarea, "
                                   ".tumour-form button"})
        asked = set(tumour_fields.fields_for(self.diagnosis))
        self.kept_names: list[str] = []
        for name in tumour_fields.FIELD_NAMES:
            if name in asked:
                continue
            if _is_empty(getattr(self.instance, name)):
                del self.fields[name]
                continue
            self.fields[name].disabled = True
            self.kept_names.append(name)
            self.fields[_remove_name(name)] = forms.BooleanField(
                label=_("remove this value"), required=False)
        self.initial["shown_for"] = self.diagnosis or ""
        n_offered, m_offered = tumour_fields.categories_for(self.diagnosis)
        for name, offered in (("n_category", n_offered), ("m_category", m_offered)):
            if name in self.fields and name not in self.kept_names:
                stored = getattr(self.instance, name)
                values = (*offered, stored) if stored and stored not in offered else offered
                field = self.fields[name]
                assert isinstance(field, forms.ChoiceField)
                field.choices = [("", "---------"), *((v, v) for v in values)]

    def _chosen_diagnosis(self) -> str | None:
        valid = {value for value, _label in Tumour._meta.get_field("diagnosis").choices or []}
        if self.is_bound:
            posted = self.data.get(self.add_prefix("diagnosis"))
            return posted if posted in valid else None
        initial = self.initial.get("diagnosis")
        return initial if initial in valid else None

    @property
    def diagnosis_changed(self) -> bool:
        """Posted with another diagnosis than the page showed: show the new diagnosis's fields, save nothing."""
        shown = self.data.get(self.add_prefix("shown_for")) if self.is_bound else None
        return shown is not None and shown != (self.diagnosis or "")

    @property
    def asked_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in tumour_fields.FIELD_NAMES if name in self.fields and name not in self.kept_names]

    @property
    def kept_fields(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        """(the read-only field, its remove box) for each stored value the diagnosis does not ask."""
        return [(self[name], self[_remove_name(name)]) for name in self.kept_names]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name in self.kept_names:
            if cleaned.get(_remove_name(name)):
                cleaned[name] = _empty_value(name)
        return cleaned

    @property
    def service_data(self) -> dict[str, Any]:
        """cleaned_data for the service: the record's fields only (a kept value goes back unchanged)."""
        return {name: value for name, value in self.cleaned_data.items() if name in tumour_fields.FIELD_NAMES}


def _remove_name(name: str) -> str:
    return f"remove_{name}"


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _empty_value(name: str) -> Any:
    field = Tumour._meta.get_field(name)
    if getattr(field, "null", False):
        return None
    return field.get_default() if isinstance(field, models.Field) and field.has_default() else ""




class ComorbidityForm(forms.ModelForm):
    anti_rna_polymerase_iii = forms.NullBooleanField(
        label=_("anti-RNA polymerase III positive"),
        required=False,
        widget=forms.Select(choices=[("unknown", _("unknown")), ("true", _("yes")), ("false", _("no"))]),
    )

    class Meta:
        model = Comorbidity
        fields = ["kind", "description", "onset_date", "anti_rna_polymerase_iii", "active", "notes"]
        widgets = {"onset_date": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}


class TumourMarkerForm(forms.ModelForm):
    unit = forms.ChoiceField(label=_("unit"), choices=[("", "—"), *MARKER_UNIT_LABELS.items()])

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.patient = patient
        self.fields["tumour"].queryset = patient.tumours.all()  # type: ignore[attr-defined]

    class Meta:
        model = TumourMarker
        fields = ["tumour", "marker", "marker_other", "measured_on", "value", "unit", "upper_limit"]
        widgets = {"measured_on": DateInput()}


class PatientSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def clean_q(self) -> str:
        query = str(self.cleaned_data.get("q", ""))
        try:
            names.parse_query(query)
        except names.InvalidDate as exc:
            raise forms.ValidationError(
                _("%(value)s is not a date: type a date of birth as dd-mm-jjjj, e.g. 14-03-1949."),
                code="invalid_date", params={"value": query.strip()},
            ) from exc
        return query
