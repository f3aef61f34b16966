"""The ACR/EULAR 2013 SSc criteria form on an autoimmune comorbidity, with a live score (htmx).

The core package has no URLconf of its own for these pages: staging/urls.py routes them.
"""

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zorgpad.paging import pager
from zorgpad.pathway import selectors, services
from zorgpad.pathway.forms import CentreDecisionForm, DeviationFilterForm, PathwayItemForm, SscCriteriaForm
from zorgpad.pathway.models import REASON_CODE_LABELS, PathwayItem
from zorgpad.pathway.presentation import recommendation_labels, ssc_context
from zorgpad.pathways import case_report, registry
from zorgpad.pathways.ssc import classify
from zorgpad.patients import selectors as patient_selectors
from zorgpad.patients.models import AUTOIMMUNE_KINDS, Comorbidity, Tumour


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


# --- pathway items, deviations, centre decisions -------------------------------------------------------------

def _back(request: HttpRequest, tumour: Tumour) -> HttpResponse:
    """Back to the page the form was on (the patient or the tumour page), never elsewhere."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("patients:tumour-detail", external_id=tumour.external_id)


@require_POST
@permission_required("patients.change_tumour", raise_exception=True)
def pathway_item_set_view(request: HttpRequest, external_id: str, code: str) -> HttpResponse:
    """Mark an item done or not applicable, record a deviation (reason code and text), or re-open it."""
    tumour = get_object_or_404(Tumour.objects.select_related("patient"), external_id=external_id)
    form = PathwayItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Not saved: %s") % " ".join(str(m) for errs in form.errors.values() for m in errs))
        return _back(request, tumour)
    try:
        services.pathway_item_set(tumour=tumour, code=code, user=request.user, request=request, **form.cleaned_data)
    except PathwayItem.DoesNotExist:
        messages.error(request, _("Not saved: this tumour has no current pathway item with this code."))
    except ValidationError as exc:
        messages.error(request, _("Not saved: %s") % " ".join(exc.messages))
    else:
        messages.success(request, _("Pathway item saved."))
    return _back(request, tumour)


def _deviation_rows(items: list[PathwayItem]) -> list[dict[str, Any]]:
    labels = {pathway_id: recommendation_labels(pathway_id) for pathway_id in {i.pathway_id for i in items}}
    return [{"item": i, "patient": i.tumour.patient, "tumour": i.tumour, "pathway": registry.title(i.pathway_id),
             "recommendation": labels[i.pathway_id].get(i.code, i.code),
             "reason_label": REASON_CODE_LABELS.get(i.reason_code, i.reason_code)} for i in items]


@require_GET
@permission_required("patients.view_tumour", raise_exception=True)
def deviation_list_view(request: HttpRequest) -> HttpResponse:
    """The centre's deviations from its pathways (filter by pathway, code, reason, period; a page at a time; CSV of
    all that the filter selects)."""
    form = DeviationFilterForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    if not valid:
        return render(request, "pathway/deviations.html", {"form": form, "rows": []}, status=400)
    filters = form.filters() if request.GET else {}
    if request.GET.get("format") == "csv":
        return _deviations_csv(selectors.deviation_list_read(user=request.user, request=request, export=True,
                                                             detail="deviations (CSV)", **filters))
    page = selectors.deviation_page_read(user=request.user, request=request, page=request.GET.get("page"),
                                         **filters)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "pathway/deviations.html", {
        "form": form, "rows": _deviation_rows(list(page.object_list)), "pager": pager(request, page),
        "csv_query": query.urlencode()})


def _deviations_csv(items: list[PathwayItem]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="afwijkingen.csv"'
    writer = csv.writer(response)
    writer.writerow(["hospital_number", "patient", "tumour", "pathway", "version", "code", "reason_code", "reason",
                     "by", "at"])
    for i in items:
        user = i.changed_by
        writer.writerow([i.tumour.patient.hospital_number, i.tumour.patient.display_name, i.tumour.diagnosis_label,
                         i.pathway_id, i.version, i.code, i.reason_code, i.reason,
                         user.get_username() if user is not None else "", i.changed_at.isoformat()])
    return response


def centre_decisions_view(request: HttpRequest) -> HttpResponse:
    """The choices the pathways leave to the centre: open or recorded, with history; recorded here by whoever
    holds the permission record_centre_decision."""
    specs = selectors.centre_decision_specs()
    form = CentreDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not request.user.has_perm("pathway.record_centre_decision"):
            raise PermissionDenied
        key = request.POST.get("key", "")
        if form.is_valid():
            try:
                services.centre_decision_record(key=key, user=request.user, request=request, **form.cleaned_data)
            except ValidationError as exc:
                for field, errs in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errs)
            else:
                messages.success(request, _("Centre decision recorded."))
                return redirect("pathway:centre-decisions")
        status = 400
    current = selectors.centre_decisions_current()
    rows = [{"key": key, "definition": definition, "spec": spec, "question": _(spec.question),
             "choices": [(c, _(spec.label(c))) for c in spec.choices], "unit": _(spec.unit) if spec.unit else "",
             "current_label": _(spec.label(current[key].value)) if key in current else "",
             "current": current.get(key), "history": list(selectors.centre_decision_history(key=key))}
            for key, (definition, spec) in specs.items()]
    return render(request, "pathway/centre_decisions.html", {
        "rows": rows, "form": form, "posted_key": request.POST.get("key", ""),
        "can_record": request.user.has_perm("pathway.record_centre_decision")}, status=status)
