from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mdo.models import Imaging, Intent, MdoSession, NextStep, Specialty
from zorgpad.accounts.people import person_name
from zorgpad.accounts.roles import Role
from zorgpad.patients.forms import DateInput
from zorgpad.text_bounds import LONG_TEXT_MAX_LENGTH, QUESTION_MAX_LENGTH


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


def clinicians() -> Any:
    return (get_user_model().objects.filter(is_active=True, groups__name=Role.CLINICIAN.value)
            .order_by("last_name", "first_name", "username"))


class ClinicianChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return person_name(obj)


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        free = max(obj.capacity_minutes - getattr(obj, "booked", 0), 0)
        return _("%(type)s — %(day)s %(start)s (%(free)d of %(capacity)d min free)") % {
            "type": obj.mdo_type.name, "day": date_format(obj.date, "D j M Y"),
            "start": obj.start_time.strftime("%H:%M"), "free": free, "capacity": obj.capacity_minutes,
        }


class CaseRegisterForm(forms.Form):
    session = SessionChoiceField(label=_("MDO session"), queryset=MdoSession.objects.none())
    question = forms.CharField(label=_("question for the MDO"), max_length=QUESTION_MAX_LENGTH,
                               widget=forms.Textarea(attrs={"rows": 3}))
    presenting_clinician = ClinicianChoiceField(label=_("presenting clinician"), queryset=clinicians())
    minutes_needed = forms.IntegerField(label=_("minutes needed"), min_value=1, max_value=240, required=False,
                                        help_text=_("Empty: the MDO's default time per case."))
    imaging = forms.ChoiceField(label=_("imaging"), choices=Imaging.choices, initial=Imaging.PENDING)
    referrer_name = forms.CharField(label=_("referring physician"), max_length=200, required=False)
    referrer_organisation = forms.CharField(label=_("referrer's hospital or practice"), max_length=200,
                                            required=False)
    override_reason = forms.CharField(
        label=_("reason to register after the deadline or beyond capacity"), max_length=300, required=False,
        help_text=_("Coordinators only. Leave empty unless you deliberately override."),
    )

    def __init__(self, *args: Any, sessions: Any, can_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]
        self.fields["presenting_clinician"].queryset = clinicians()  # type: ignore[attr-defined]
        if not can_override:
            del self.fields["override_reason"]


class CaseEditForm(forms.Form):
    question = forms.CharField(label=_("question for the MDO"), max_length=QUESTION_MAX_LENGTH,
                               widget=forms.Textarea(attrs={"rows": 3}))
    presenting_clinician = ClinicianChoiceField(label=_("presenting clinician"), queryset=clinicians())
    minutes_needed = forms.IntegerField(label=_("minutes needed"), min_value=1, max_value=240)
    imaging = forms.ChoiceField(label=_("imaging"), choices=Imaging.choices)
    referrer_name = forms.CharField(label=_("referring physician"), max_length=200, required=False)
    referrer_organisation = forms.CharField(label=_("referrer's hospital or practice"), max_length=200,
                                            required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["presenting_clinician"].queryset = clinicians()  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class SessionMoveForm(forms.Form):
    new_date = forms.DateField(label=_("new date"), widget=DateInput())
    start_time = forms.TimeField(label=_("start"), widget=TimeInput(), required=False)
    end_time = forms.TimeField(label=_("end"), widget=TimeInput(), required=False)
    reason = forms.CharField(label=_("reason"), max_length=300)


class CaseMoveForm(forms.Form):
    target = SessionChoiceField(label=_("move to session"), queryset=MdoSession.objects.none())
    override_reason = forms.CharField(
        label=_("reason to register after the deadline or beyond capacity"), max_length=300, required=False)

    def __init__(self, *args: Any, sessions: Any, can_override: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = sessions  # type: ignore[attr-defined]
        if not can_override:
            del self.fields["override_reason"]


class AttendanceForm(forms.Form):
    name = forms.CharField(label=_("name"), max_length=150)
    specialty = forms.ChoiceField(label=_("specialty"), choices=Specialty.choices)


class DecisionForm(forms.Form):
    intent = forms.ChoiceField(label=_("intent"), choices=[("", "—"), *Intent.choices], required=False)
    next_steps = forms.MultipleChoiceField(label=_("next steps"), choices=NextStep.choices, required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Tick every step the MDO advises."))
    next_step_other = forms.CharField(label=_("next step (other)"), max_length=200, required=False)
    text = forms.CharField(label=_("advice"), max_length=LONG_TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 5}), required=False)
    quorum_override_reason = forms.CharField(
        label=_("reason for deciding without quorum"), max_length=300, required=False,
        help_text=_("Only when a required specialty is missing; it is kept with the decision."),
    )


class AmendmentForm(forms.Form):
    intent = forms.ChoiceField(label=_("intent"), choices=Intent.choices)
    next_steps = forms.MultipleChoiceField(label=_("next steps"), choices=NextStep.choices,
                                           widget=forms.CheckboxSelectMultiple)
    next_step_other = forms.CharField(label=_("next step (other)"), max_length=200, required=False)
    text = forms.CharField(label=_("advice"), max_length=LONG_TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(label=_("reason for the amendment"), max_length=300)


class PatientSearchForm(forms.Form):
    q = forms.CharField(label=_("Patient (name, hospital number or BSN)"), max_length=100, required=False)
