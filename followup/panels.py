"""The follow-up panel on the patient page: plans as an SVG timeline with statuses. Constant queries."""

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from followup import selectors
from followup.models import PlanStatus

# The build form offers an explicit template choice for these diagnoses (followup/_panel.html).
EXPLICIT_TEMPLATE_DIAGNOSES = ("cutaneous_melanoma", "other")


def followup_panel(*, request: HttpRequest, patient: Any) -> str:
    user = request.user
    if not user.has_perm("followup.view_followupplan"):
        return ""
    today = timezone.localdate()
    plans = selectors.patient_page_plans(patient=patient)
    live_tumours = {p.tumour_id for p in plans if p.status != PlanStatus.STOPPED}
    # patient.tumours is prefetched by the patient page's selector.
    buildable = [t for t in patient.tumours.all() if t.pk not in live_tumours]
    can_build = user.has_perm("followup.add_followupplan") and not patient.date_of_death
    context = {
        "patient": patient,
        "timelines": [selectors.plan_timeline(plan=p, today=today) for p in plans],
        "buildable": buildable,
        # Evaluated once (a select per buildable tumour must not query per row), and only when the form offers
        # the explicit choice: to someone who may build a plan, for a melanoma or 'other' tumour.
        "templates": list(selectors.template_list())
        if can_build and any(t.diagnosis in EXPLICIT_TEMPLATE_DIAGNOSES for t in buildable) else [],
        "can_build": can_build,
        "can_summary": user.has_perm("followup.view_patient_summary"),
    }
    return render_to_string("followup/_panel.html", context, request=request)
