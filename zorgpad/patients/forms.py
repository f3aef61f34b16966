from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgpad.pathways.vocabulary import Diagnosis
from zorgpad.patients import names
from zorgpad.patients.melanoma import MELANOMA_ONLY_FIELDS
from zorgpad.patients.models import MARKER_UNIT_LABELS, Comorbidity, Patient, Tumour, TumourMarker


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


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


AT_DIAGNOSIS = "at diagnosis"
AT_DIAGNOSIS_NL = "bij diagnose"


class MelanomaEventsField(forms.CharField):
    """The dated melanoma events as lines "yyyy-mm-dd kind [at diagnosis]" (a simple form; the model validates)."""

    widget = forms.Textarea(attrs={"rows": 3, "placeholder": "2016-05-10 in_transit"})

    def prepare_value(self, value: Any) -> str:
        if isinstance(value, list):
            return "\n".join(f"{e.get('date')} {e.get('kind')}{' ' + AT_DIAGNOSIS if e.get('at_diagnosis') else ''}"
                             for e in value if isinstance(e, dict))
        return str(value or "")

    def to_python(self, value: Any) -> list[dict[str, Any]]:  # type: ignore[override]  # a list, not a str
        events = []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            words = line.split()
            if not words:
                continue
            at_diagnosis = line.strip().lower().endswith((AT_DIAGNOSIS, AT_DIAGNOSIS_NL))
            if at_diagnosis:
                words = words[:-2]
            if len(words) != 2:
                raise forms.ValidationError(_("Line %(line)d: write a date, a kind and optionally 'at diagnosis'."),
                                            code="invalid", params={"line": number})
            events.append({"date": words[0], "kind": words[1], "at_diagnosis": at_diagnosis})
        return events


class TumourForm(forms.ModelForm):
    melanoma_events = MelanomaEventsField(
        label=_("in-transit, satellite and other metastases (dated)"), required=False,
        help_text=_("One per line: date (yyyy-mm-dd), kind (in_transit, satellite, regional_node, distant) and "
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

    class Meta:
        model = Tumour
        fields = [
            "diagnosis", "diagnosis_other", "body_site", "body_site_region", "invasion_adjoining_structures",
            "laterality", "depth", "largest_diameter_cm",
            "grade", "breslow_mm", "ulceration", "n_category", "m_category", "date_of_diagnosis",
            "date_of_surgery", "pathology_source", "revision_status", "margin", "operable", "status", "notes",
            *MELANOMA_ONLY_FIELDS,
        ]
        widgets = {
            "date_of_diagnosis": DateInput(),
            "date_of_surgery": DateInput(),
            "adjuvant_start": DateInput(),
            "adjuvant_end": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Melanoma only, simply (the fields-by-diagnosis mechanism of the tumour form may generalise this): the
        # melanoma facts are shown for a melanoma, or on a new tumour whose diagnosis is not chosen yet.
        diagnosis = self.data.get("diagnosis") if self.is_bound else self.instance.diagnosis
        if diagnosis and diagnosis != Diagnosis.CUTANEOUS_MELANOMA:
            for name in MELANOMA_ONLY_FIELDS:
                del self.fields[name]


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
