"""Thin forms: field types and choices only; the staging rules and the service do the validation."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from staging import calculators
from staging.models import Classification, System
from staging.rules import melanoma, sts
from staging.services import default_system_for
from zorgpad.patients.models import Tumour

NOT_ENTERED = ("", _("not entered"))


def _choices(values: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [NOT_ENTERED, *((v, v) for v in values)]


class StageForm(forms.Form):
    system = forms.ChoiceField(label=_("staging system"), choices=System.choices)
    classification = forms.ChoiceField(label=_("classification"), choices=Classification.choices)
    # Soft tissue sarcoma
    size_cm = forms.DecimalField(label=_("greatest dimension (cm)"), required=False, min_value=0.01,
                                 max_value=calculators.MAX_SIZE_CM, decimal_places=2)
    grade = forms.ChoiceField(label=_("FNCLCC grade"), required=False, choices=[
        NOT_ENTERED, *((g, g) for g in sts.GRADES)])
    invasion_adjoining_structures = forms.NullBooleanField(
        label=_("invasion of adjoining structures"), required=False, widget=forms.NullBooleanSelect(),
        help_text=_("Head and neck only: invasion gives T4 whatever the size."))
    # Melanoma
    breslow_mm = forms.DecimalField(label=_("Breslow thickness (mm)"), required=False, min_value=0.01,
                                    max_value=calculators.MAX_BRESLOW_MM, decimal_places=2)
    ulceration = forms.NullBooleanField(label=_("ulceration"), required=False, widget=forms.NullBooleanSelect())
    t = forms.ChoiceField(label=_("T given explicitly"), required=False, choices=[
        ("", _("no: from the thickness")), *((t, t) for t in melanoma.EXPLICIT_T)],
        help_text=_("Tis, T0 or TX overrides the thickness."))
    # Both
    n = forms.ChoiceField(label="N", required=False, choices=_choices(calculators.ALL_N))
    m = forms.ChoiceField(label="M", required=False, choices=_choices(calculators.ALL_M))

    STS_FIELDS = ("size_cm", "grade")
    HEAD_NECK_FIELDS = ("invasion_adjoining_structures",)
    MELANOMA_FIELDS = ("breslow_mm", "ulceration", "t")

    def staging_kwargs(self) -> dict[str, Any]:
        """cleaned_data as keyword arguments for the calculator/service: '' = not entered = None; the other
        systems' fields are dropped."""
        data = {key: (value if value != "" else None) for key, value in self.cleaned_data.items()}
        keep: dict[str, tuple[str, ...]] = {
            System.STS_TRUNK_EXTREMITIES: self.STS_FIELDS,
            System.STS_HEAD_NECK: self.STS_FIELDS + self.HEAD_NECK_FIELDS,
            System.MELANOMA: self.MELANOMA_FIELDS,
        }
        kept = keep.get(str(data["system"]), ())
        drop = {*self.STS_FIELDS, *self.HEAD_NECK_FIELDS, *self.MELANOMA_FIELDS} - set(kept)
        return {key: value for key, value in data.items() if key not in drop}


def stage_form_initial(tumour: Tumour) -> dict[str, Any]:
    """Prefill from the tumour record; the clinician checks and confirms."""
    return {
        "system": default_system_for(tumour) or "",
        "classification": Classification.PATHOLOGICAL if tumour.date_of_surgery else Classification.CLINICAL,
        "size_cm": tumour.largest_diameter_cm,
        "grade": tumour.grade,
        "invasion_adjoining_structures": tumour.invasion_adjoining_structures,
        "breslow_mm": tumour.breslow_mm,
        "ulceration": tumour.ulceration,
        "n": tumour.n_category,
        "m": tumour.m_category,
    }
