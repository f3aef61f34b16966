"""Thin forms: field types and choices only; the staging rules and the service do the validation."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from staging import calculators
from staging.models import Classification, System
from staging.rules import melanoma, sts
from staging.services import default_system_for
from zorgpad.forms import LocalizedDecimalField
from zorgpad.patients.models import Tumour

NOT_ENTERED = ("", _("not entered"))


def _choices(values: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [NOT_ENTERED, *((v, v) for v in values)]


class StageForm(forms.Form):
    system = forms.ChoiceField(label=_("staging system"), choices=System.choices)
    classification = forms.ChoiceField(label=_("classification"), choices=Classification.choices)
    # Soft tissue sarcoma
    size_cm = LocalizedDecimalField(label=_("greatest dimension (cm)"), required=False, min_value="0.01",
                                    max_value=calculators.MAX_SIZE_CM, decimal_places=2)
    grade = forms.ChoiceField(label=_("FNCLCC grade"), required=False, choices=[
        NOT_ENTERED, *((g, g) for g in sts.GRADES)])
    invasion_adjoining_structures = forms.NullBooleanField(
        label=_("invasion of adjoining structures"), required=False, widget=forms.NullBooleanSelect(),
        help_text=_("Head and neck only: invasion gives T4 whatever the size."))
    # Melanoma
    breslow_mm = LocalizedDecimalField(label=_("Breslow thickness (mm)"), required=False, min_value="0.01",
                                       max_value=calculators.MAX_BRESLOW_MM, decimal_places=2)
    ulceration = forms.NullBooleanField(label=_("ulceration"), required=False, widget=forms.NullBooleanSelect())
    t = forms.ChoiceField(label=_("T given explicitly"), required=False, choices=[
        ("", _("no: from the thickness")), *((t, t) for t in melanoma.EXPLICIT_T)],
        help_text=_("Tis, T0 or TX overrides the thickness."))
    # Both: the categories of the chosen system only (set in __init__).
    n = forms.ChoiceField(label=_("N category"), required=False, choices=[NOT_ENTERED])
    m = forms.ChoiceField(label=_("M category"), required=False, choices=[NOT_ENTERED])

    STS_FIELDS = ("size_cm", "grade")
    HEAD_NECK_FIELDS = ("invasion_adjoining_structures",)
    MELANOMA_FIELDS = ("breslow_mm", "ulceration", "t")

    def __init__(self, *args: Any, refresh_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        system = self.data.get(self.add_prefix("system")) if self.is_bound else self.initial.get("system")
        self.chosen_system = system if system in CATEGORIES else None
        n_choices, m_choices = CATEGORIES.get(system or "", ((), ()))
        for name, values in (("n", n_choices), ("m", m_choices)):
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = _choices(values)
        if refresh_url:
            # Progressive enhancement (htmx): another system redraws the form with its own categories.
            self.fields["system"].widget.attrs.update({
                "hx-post": refresh_url, "hx-vals": '{"refresh": "1"}', "hx-trigger": "change consume",
                "hx-target": "closest form", "hx-select": "form.staging-form", "hx-swap": "outerHTML"})

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


# The N and M categories each system offers (AJCC 8: ch. 40/41 N0 N1 (NX counts as N0), M0 M1; ch. 47 with its
# subcategories and the LDH suffix). The calculators check the same tuples.
CATEGORIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    System.STS_TRUNK_EXTREMITIES: (sts.N_CATEGORIES, sts.M_CATEGORIES),
    System.STS_HEAD_NECK: (sts.N_CATEGORIES, sts.M_CATEGORIES),
    System.MELANOMA: (melanoma.N_CATEGORIES, melanoma.M_CATEGORIES),
}


def for_system(data: Mapping[str, Any]) -> dict[str, Any]:
    """Posted values for a redrawn form: an N or M category the chosen system does not have is dropped (the
    form then offers that system's categories, with nothing chosen)."""
    n_choices, m_choices = CATEGORIES.get(str(data.get("system", "")), ((), ()))
    kept = dict(data)
    for key, allowed in (("n", n_choices), ("m", m_choices)):
        if kept.get(key) not in allowed:
            kept[key] = ""
    return kept


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
