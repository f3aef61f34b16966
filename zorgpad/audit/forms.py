from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from zorgpad.audit.models import AuditAction
from zorgpad.audit.selectors import AuditFilters
from zorgpad.patients import names
from zorgpad.patients.forms import DateInput


class AuditSearchForm(forms.Form):
    q = forms.CharField(label=_("Patient"), max_length=100, required=False,
                        help_text=_("Name (also \"van Dam\" or \"Dam, G\"), hospital number or BSN"))
    user = forms.ChoiceField(label=_("User"), required=False)
    action = forms.ChoiceField(label=_("Action"), required=False,
                               choices=[("", _("all actions")), *AuditAction.choices])
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Up to and including"), required=False, widget=DateInput())
    patient = forms.UUIDField(required=False, widget=forms.HiddenInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.order_by("username").values_list("username", "first_name", "last_name")
        self.fields["user"].choices = [  # type: ignore[attr-defined]
            ("", _("all users")),
            *((u, f"{u} ({f} {last})".replace(" ()", "").replace("( ", "(").strip() if (f or last) else u)
              for u, f, last in users),
        ]

    def clean_q(self) -> str:
        query = " ".join(self.cleaned_data["q"].split())
        try:
            names.parse_query(query)
        except names.InvalidDate:
            raise forms.ValidationError(_("This is not a valid date (use dd-mm-jjjj).")) from None
        return query

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end of the period lies before its start."))
        return data

    def filters(self) -> AuditFilters:
        data = self.cleaned_data
        return AuditFilters(query=data.get("q", ""), username=data.get("user", ""), action=data.get("action", ""),
                            since=data.get("since"), until=data.get("until"),
                            patient_external_id=data.get("patient"))
