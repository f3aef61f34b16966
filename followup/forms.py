from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from followup.models import PlanTemplate, VisitItem, VisitStatus
from zorgpad.text_bounds import LONG_TEXT_MAX_LENGTH


class PlanBuildForm(forms.Form):
    tumour = forms.UUIDField(widget=forms.HiddenInput)
    template = forms.ModelChoiceField(
        queryset=PlanTemplate.objects.filter(is_current=True), required=False, label=_("Template (explicit choice)"),
        empty_label=_("— pathway rule —"),
    )


class VisitTransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=VisitStatus.choices)
    note = forms.CharField(label=_("Note / reason"), required=False, max_length=LONG_TEXT_MAX_LENGTH,
                           widget=forms.Textarea(attrs={"rows": 2}))
    done_on = forms.DateField(label=_("Done on"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class VisitMoveForm(forms.Form):
    due_date = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), max_length=LONG_TEXT_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))


class VisitAddForm(forms.Form):
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    items = forms.MultipleChoiceField(label=_("What will be done"), choices=VisitItem.choices,
                                      widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason"), max_length=LONG_TEXT_MAX_LENGTH,
                             widget=forms.Textarea(attrs={"rows": 2}))


class PrintRunForm(forms.Form):
    letters = forms.MultipleChoiceField(required=False)
    all_due_this_week = forms.BooleanField(required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["letters"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = choices or []


class PreviewForm(forms.Form):
    hospital_number = forms.CharField(label=_("Hospital number (empty: sample patient)"), required=False,
                                      max_length=20)
