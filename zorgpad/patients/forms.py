from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zorgpad.patients import names
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


class TumourForm(forms.ModelForm):
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
        ]
        widgets = {
            "date_of_diagnosis": DateInput(),
            "date_of_surgery": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


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
