"""Panels on the core patient and tumour pages: the patient's MDO cases, decisions and letters."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from mdo.patient_selectors import mdo_patient_cases


def patient_panel(*, request: HttpRequest, patient: Any) -> str:
    if not request.user.has_perm("mdo.view_mdocase"):
        return ""
    rows = mdo_patient_cases(patient=patient)
    return render_to_string("mdo/_patient_panel.html", {"rows": rows, "patient": patient}, request=request)


def tumour_panel(*, request: HttpRequest, tumour: Any) -> str:
    if not request.user.has_perm("mdo.view_mdocase"):
        return ""
    rows = [r for r in mdo_patient_cases(patient=tumour.patient) if r.case.tumour_id == tumour.pk]
    return render_to_string("mdo/_tumour_panel.html", {"rows": rows, "tumour": tumour}, request=request)
