"""Thin HTML views: the staging form (record a stage) and its live preview (htmx)."""

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from staging import calculators, services
from staging.forms import StageForm, for_system, stage_form_initial
from staging.rules.common import StageResult
from zorgpad.forms import service_errors_to_form
from zorgpad.patients import selectors as patient_selectors
from zorgpad.patients.models import Tumour


def stage_preview(form: StageForm) -> StageResult | None:
    """Stage what the form holds, without saving; errors go onto the form."""
    if not form.is_valid():
        return None
    try:
        return calculators.stage_compute(**form.staging_kwargs())
    except ValidationError as exc:
        service_errors_to_form(form, exc)
        return None


def initial_form(tumour: Tumour) -> StageForm:
    """A bound form with the tumour's values, so that the page opens with a computed preview. Decimals are
    given in the active language's notation, as a person would type them."""
    data = {key: ("" if value is None else str(value).lower() if isinstance(value, bool)
                  else formats.localize_input(value) if isinstance(value, Decimal) else str(value))
            for key, value in stage_form_initial(tumour).items()}
    return StageForm(for_system(data), refresh_url=reverse("staging:stage-record", args=[tumour.external_id]))


def result_context(result: StageResult | None) -> dict[str, Any] | None:
    if result is None:
        return None
    return {**calculators.stage_result_dict(result), "missing_labels": calculators.missing_labels(result.missing)}


@permission_required("staging.add_stageassessment", raise_exception=True)
def stage_record_view(request: HttpRequest, external_id: str) -> HttpResponse:
    if request.method == "POST":
        tumour = get_object_or_404(Tumour.objects.select_related("patient"), external_id=external_id)
        refresh_url = reverse("staging:stage-record", args=[tumour.external_id])
        if "refresh" in request.POST:
            # Another system was chosen: draw the form again with its categories; nothing is recorded.
            data = for_system({k: v for k, v in request.POST.items() if k != "refresh"})
            form = StageForm(data, refresh_url=refresh_url)
            context = {"tumour": tumour, "patient": tumour.patient, "form": form,
                       "result": result_context(stage_preview(form))}
            return render(request, "staging/stage_form.html", context)
        form = StageForm(request.POST, refresh_url=refresh_url)
        result = stage_preview(form)
        if result is not None:
            try:
                services.stage_assessment_record(tumour=tumour, user=request.user, request=request,
                                                 **form.staging_kwargs())
            except ValidationError as exc:
                service_errors_to_form(form, exc)
                result = None
            else:
                messages.success(request, _("Stage recorded."))
                return redirect("patients:tumour-detail", external_id=tumour.external_id)
    else:
        tumour = patient_selectors.tumour_get(external_id=external_id, user=request.user, request=request,
                                              detail="staging form")
        form = initial_form(tumour)
        result = stage_preview(form)
    context = {"tumour": tumour, "patient": tumour.patient, "form": form, "result": result_context(result)}
    return render(request, "staging/stage_form.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@permission_required("staging.use_calculators", raise_exception=True)
def stage_preview_view(request: HttpRequest) -> HttpResponse:
    form = StageForm(request.POST)
    result = stage_preview(form)
    return render(request, "staging/_stage_result.html", {"form": form, "result": result_context(result)})
