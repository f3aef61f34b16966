"""The ACR/EULAR 2013 SSc criteria form on an autoimmune comorbidity, with a live score (htmx).

The core package has no URLconf of its own for these pages: staging/urls.py routes them.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zorgpad.pathway import services
from zorgpad.pathway.forms import SscCriteriaForm
from zorgpad.pathway.presentation import ssc_context
from zorgpad.pathways import case_report
from zorgpad.pathways.ssc import classify
from zorgpad.patients import selectors as patient_selectors
from zorgpad.patients.models import AUTOIMMUNE_KINDS, Comorbidity


@permission_required("patients.view_comorbidity", raise_exception=True)
def ssc_criteria_view(request: HttpRequest, external_id: str) -> HttpResponse:
    if request.method == "POST":
        if not request.user.has_perm("patients.change_comorbidity"):
            raise PermissionDenied
        comorbidity = get_object_or_404(Comorbidity.objects.select_related("patient"), external_id=external_id)
        form = SscCriteriaForm(request.POST)
        if form.is_valid():
            try:
                services.ssc_criteria_record(comorbidity=comorbidity, user=request.user, items=form.items(),
                                             request=request)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(request, _("SSc criteria saved."))
                return redirect("patients:detail", external_id=comorbidity.patient.external_id)
    else:
        comorbidity = patient_selectors.comorbidity_get(external_id=external_id, user=request.user, request=request)
        form = SscCriteriaForm(initial={k: v is True for k, v in (comorbidity.ssc_criteria or {}).items()})
    context: dict[str, Any] = {
        "comorbidity": comorbidity,
        "patient": comorbidity.patient,
        "form": form,
        "applicable_kind": comorbidity.kind in AUTOIMMUNE_KINDS,
        "case_source": case_report.SRC_CASE_CRITERIA,
        "ssc": ssc_context(classify(form.items() if form.is_bound and form.is_valid() else
                                    {k: v is True for k, v in (comorbidity.ssc_criteria or {}).items()})),
    }
    return render(request, "pathway/ssc_form.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@permission_required("staging.use_calculators", raise_exception=True)
def ssc_preview_view(request: HttpRequest) -> HttpResponse:
    form = SscCriteriaForm(request.POST)
    items = form.items() if form.is_valid() else {}
    return render(request, "pathway/_ssc_result.html", {"ssc": ssc_context(classify(items))})
