"""The referral panel on the patient page: the first-visit checklist and the patient's referrals."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from referrals.selectors import patient_referral_panel


def referral_patient_panel(*, request: HttpRequest, patient: Any) -> str:
    user = request.user
    if not user.has_perm("referrals.view_referral"):
        return ""
    panel = patient_referral_panel(patient=patient)
    return render_to_string(
        "referrals/_patient_panel.html",
        {"patient": patient, "checklist": panel.checklist, "referrals": panel.referrals,
         "today": timezone.localdate()},
        request=request,
    )
