from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.models import Destination, FirstVisitChecklist, Referral
from referrals.validators import letter_max_bytes
from zorgpad.patients.models import Sex
from zorgpad.patients.validators import validate_bsn
from zorgpad.text_bounds import LONG_TEXT_MAX_LENGTH


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def _yes_no_unknown(label: Any, unknown: Any = None) -> forms.NullBooleanField:
    return forms.NullBooleanField(
        label=label, required=False,
        widget=forms.Select(choices=[("unknown", unknown or _("unknown")), ("true", _("yes")), ("false", _("no"))]),
    )


class ReferralForm(forms.ModelForm):
    """The referral and, unless the patient is known already, who the patient is (matched or created)."""

    external_biopsy = _yes_no_unknown(_("biopsy taken elsewhere (request for revision)"), _("unknown — ask"))

    hospital_number = forms.CharField(label=_("hospital number"), max_length=20, required=False)
    bsn = forms.CharField(label=_("BSN"), max_length=9, required=False, validators=[validate_bsn])
    family_name_prefix = forms.CharField(label=_("prefix"), max_length=20, required=False,
                                         help_text=_("Tussenvoegsel, e.g. van, van der, de."))
    family_name = forms.CharField(label=_("family name"), max_length=100, required=False,
                                  help_text=_("Needed only for a patient who is not registered yet."))
    given_names = forms.CharField(label=_("given names"), max_length=100, required=False)
    initials = forms.CharField(label=_("initials"), max_length=20, required=False)
    date_of_birth = forms.DateField(label=_("date of birth"), required=False, widget=DateInput())
    sex = forms.ChoiceField(label=_("sex"), choices=Sex.choices, initial=Sex.UNKNOWN)

    PATIENT_FIELDS = ("hospital_number", "bsn", "family_name_prefix", "family_name", "given_names", "initials",
                      "date_of_birth", "sex")

    class Meta:
        model = Referral
        fields = [
            "received_on", "urgency", "referrer_kind", "referrer_name", "referrer_organisation", "referrer_agb",
            "phase", "tertiary_route", "external_biopsy", "reason", "letter",
        ]
        widgets = {
            "received_on": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "letter": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        }

    def __init__(self, *args: Any, with_patient_fields: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_patient_fields:
            for name in self.PATIENT_FIELDS:
                del self.fields[name]
        self.fields["letter"].help_text = _("PDF, at most %(size)d MB.") % {"size": letter_max_bytes() // 2**20}

    def clean_hospital_number(self) -> str:
        return str(self.cleaned_data.get("hospital_number", "")).strip().upper()


class TransitionForm(forms.Form):
    to_status = forms.CharField(max_length=20, widget=forms.HiddenInput)
    expected_status = forms.CharField(max_length=20, widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("reason"), required=False, max_length=LONG_TEXT_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))
    appointment_on = forms.DateField(label=_("appointment date"), required=False, widget=DateInput())
    first_visit_on = forms.DateField(label=_("first visit took place on"), required=False, widget=DateInput())


class OverrideForm(forms.Form):
    destination = forms.ChoiceField(label=_("destination"), choices=Destination.choices)
    reason = forms.CharField(label=_("reason for deviating from the pathway's advice"), max_length=LONG_TEXT_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ChecklistForm(forms.ModelForm):
    biopsy_needed = _yes_no_unknown(_("diagnostic skin biopsy needed"), _("not decided yet"))
    high_risk = _yes_no_unknown(_("high risk of skin malignancies (further checks with the dermatologist)"),
                                _("not assessed yet"))

    class Meta:
        model = FirstVisitChecklist
        fields = [
            "risk_profile_taken", "total_body_skin_examination", "photos_stored", "lymph_nodes_palpated",
            "biopsy_needed", "biopsy_taken_on", "result_discussed_on", "high_risk", "notes",
        ]
        widgets = {
            "biopsy_taken_on": DateInput(),
            "result_discussed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), required=False)
    phase = forms.ChoiceField(label=_("phase"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from referrals.models import Phase, ReferralStatus

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("all")), *ReferralStatus.choices]  # type: ignore[attr-defined]
        self.fields["phase"].choices = [("", _("all")), *Phase.choices]  # type: ignore[attr-defined]
