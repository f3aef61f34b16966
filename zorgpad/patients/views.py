"""Thin HTML views: parse the form, call a service or selector, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown, query_detail
from zorgpad.forms import service_errors_to_form
from zorgpad.pathway import selectors as pathway_selectors
from zorgpad.pathway.models import DEVIATION_REASON_LABELS
from zorgpad.patients import selectors, services, tumour_fields
from zorgpad.patients.forms import ComorbidityForm, PatientForm, PatientSearchForm, TumourForm, TumourMarkerForm
from zorgpad.patients.melanoma import melanoma_event_rows
from zorgpad.patients.models import Comorbidity, Patient, Tumour
from zorgpad.reversing import url_for_each

PAGE_SIZE = 25



def _render_form(request: HttpRequest, template: str, context: dict[str, Any], *, patient: Patient,
                 obj: models.Model | None = None) -> HttpResponse:
    """Render a form page of a patient's record; showing the record (name, current values) is a read."""
    audit_record(user=request.user, action=AuditAction.VIEW, patient=patient, obj=obj or patient,
                 detail=f"form: {request.resolver_match.view_name if request.resolver_match else ''}",
                 request=request)
    return render(request, template, context)


def _refetch(model: type[models.Model], pk: Any) -> Any:
    # The form mutates the instance it validates; the service must compare against the stored row.
    return model._default_manager.get(pk=pk)


@permission_required("patients.view_patient", raise_exception=True)
def patient_list_view(request: HttpRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    patients = Patient.objects.none() if form.errors else selectors.patient_list(query=query)
    page = Paginator(patients, PAGE_SIZE).get_page(request.GET.get("page"))
    # One reverse() for the page instead of a {% url %} per row (the same URL, a tenth of the list's CPU).
    detail_url = url_for_each("patients:detail")
    page.object_list = list(page.object_list)
    for patient in page.object_list:
        patient.detail_url = detail_url(patient.external_id)  # type: ignore[attr-defined]
    audit_record_shown(user=request.user, action=AuditAction.SEARCH if query else AuditAction.LIST,
                       patient_ids=[p.external_id for p in page.object_list], request=request,
                       detail=f"q={query}" if query else query_detail("patient list", request))
    if query and page.paginator.count == 1 and not getattr(request, "htmx", False):
        # A single hit of a submitted search opens the patient. The live search while typing (htmx) only
        # shows the row: typing "Dam" must not jump away before "Dam, G" is complete.
        return redirect(page.object_list[0].detail_url)  # type: ignore[attr-defined]
    template = "patients/_patient_rows.html" if getattr(request, "htmx", False) else "patients/patient_list.html"
    return render(request, template, {"form": form, "page": page, "query": query})


@permission_required("patients.add_patient", raise_exception=True)
def patient_create_view(request: HttpRequest) -> HttpResponse:
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.patient_create(user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Patient saved."))
            return redirect("patients:detail", external_id=patient.external_id)
    return render(request, "patients/patient_form.html", {"form": form, "patient": None})


@permission_required("patients.view_patient", raise_exception=True)
def patient_detail_view(request: HttpRequest, external_id: str) -> HttpResponse:
    patient = selectors.patient_get(external_id=external_id, user=request.user, request=request)
    context = {
        "patient": patient,
        "lead": pathway_selectors.patient_pathway_page(patient=patient, today=timezone.localdate()),
        "deviation_reasons": DEVIATION_REASON_LABELS.items(),
        "timeline": selectors.patient_timeline(patient=patient),
        "panels": _patient_page_panels(request=request, patient=patient),
    }
    return render(request, "patients/patient_detail.html", context)


def _patient_page_panels(*, request: HttpRequest, patient: Patient) -> list[str]:
    """Extra panels capability apps contribute to the patient page (rendered HTML fragments).

    An app registers a callable with `zorgpad.patients.panels.register`; each must keep its own query
    count constant.
    """
    from zorgpad.patients.panels import render_panels

    return render_panels(request=request, patient=patient)


@permission_required("patients.change_patient", raise_exception=True)
def patient_edit_view(request: HttpRequest, external_id: str) -> HttpResponse:
    patient = get_object_or_404(Patient, external_id=external_id)
    form = PatientForm(request.POST or None, instance=_refetch(Patient, patient.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.patient_update(patient=patient, user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Patient saved."))
            return redirect("patients:detail", external_id=patient.external_id)
    return _render_form(request, "patients/patient_form.html", {"form": form, "patient": patient}, patient=patient)


@permission_required("patients.add_tumour", raise_exception=True)
def tumour_create_view(request: HttpRequest, external_id: str) -> HttpResponse:
    patient = get_object_or_404(Patient, external_id=external_id)
    form, refreshed = _tumour_form(request, Tumour(patient=patient))
    if request.method == "POST" and not refreshed and form.is_valid():
        try:
            tumour = services.tumour_create(patient=patient, user=request.user, request=request, **form.service_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Tumour saved."))
            return redirect("patients:tumour-detail", external_id=tumour.external_id)
    return _render_form(request, "patients/tumour_form.html",
                        {"form": form, "patient": patient, "tumour": None, "refreshed": refreshed}, patient=patient)


def _tumour_form(request: HttpRequest, instance: Tumour) -> tuple[TumourForm, bool]:
    """The tumour form, and whether it was only redrawn: a POST asking for the fields of the chosen diagnosis
    (the "show the fields" button, or the page script when the diagnosis changes), or one whose diagnosis
    differs from the one the page showed, is drawn again with what was typed and saves nothing."""
    form = TumourForm(request.POST or None, instance=instance, refresh_url=request.path)
    if request.method != "POST" or not ("refresh" in request.POST or form.diagnosis_changed):
        return form, False
    typed = {key: value for key, value in request.POST.items() if key not in ("csrfmiddlewaretoken", "refresh")}
    return TumourForm(initial=typed, instance=instance, refresh_url=request.path), True


@permission_required("patients.view_tumour", raise_exception=True)
def tumour_detail_view(request: HttpRequest, external_id: str) -> HttpResponse:
    tumour = selectors.tumour_get(external_id=external_id, user=request.user, request=request)
    from zorgpad.patients.panels import render_tumour_panels

    context = {
        "tumour": tumour,
        "patient": tumour.patient,
        "lead": pathway_selectors.tumour_pathway_page(tumour=tumour, today=timezone.localdate()),
        "deviation_reasons": DEVIATION_REASON_LABELS.items(),
        "panels": render_tumour_panels(request=request, tumour=tumour),
        "asked": set(tumour_fields.fields_for(tumour.diagnosis)),
        "melanoma_events": melanoma_event_rows(tumour),
    }
    return render(request, "patients/tumour_detail.html", context)


@permission_required("patients.change_tumour", raise_exception=True)
def tumour_edit_view(request: HttpRequest, external_id: str) -> HttpResponse:
    tumour = get_object_or_404(Tumour.objects.select_related("patient"), external_id=external_id)
    form, refreshed = _tumour_form(request, _refetch(Tumour, tumour.pk))
    if request.method == "POST" and not refreshed and form.is_valid():
        try:
            services.tumour_update(tumour=tumour, user=request.user, request=request, **form.service_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Tumour saved."))
            return redirect("patients:tumour-detail", external_id=tumour.external_id)
    context = {"form": form, "patient": tumour.patient, "tumour": tumour, "refreshed": refreshed}
    return _render_form(request, "patients/tumour_form.html", context, patient=tumour.patient, obj=tumour)


@permission_required("patients.add_comorbidity", raise_exception=True)
def comorbidity_create_view(request: HttpRequest, external_id: str) -> HttpResponse:
    patient = get_object_or_404(Patient, external_id=external_id)
    form = ComorbidityForm(request.POST or None, instance=Comorbidity(patient=patient))
    if request.method == "POST" and form.is_valid():
        try:
            services.comorbidity_create(patient=patient, user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Comorbidity saved."))
            return redirect("patients:detail", external_id=patient.external_id)
    return _render_form(request, "patients/comorbidity_form.html",
                        {"form": form, "patient": patient, "comorbidity": None}, patient=patient)


@permission_required("patients.change_comorbidity", raise_exception=True)
def comorbidity_edit_view(request: HttpRequest, external_id: str) -> HttpResponse:
    comorbidity = get_object_or_404(Comorbidity.objects.select_related("patient"), external_id=external_id)
    form = ComorbidityForm(request.POST or None, instance=_refetch(Comorbidity, comorbidity.pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.comorbidity_update(
                comorbidity=comorbidity, user=request.user, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Comorbidity saved."))
            return redirect("patients:detail", external_id=comorbidity.patient.external_id)
    context = {"form": form, "patient": comorbidity.patient, "comorbidity": comorbidity}
    return _render_form(request, "patients/comorbidity_form.html", context, patient=comorbidity.patient,
                        obj=comorbidity)


@permission_required("patients.add_tumourmarker", raise_exception=True)
def marker_create_view(request: HttpRequest, external_id: str) -> HttpResponse:
    patient = get_object_or_404(Patient, external_id=external_id)
    form = TumourMarkerForm(request.POST or None, patient=patient)
    if request.method == "POST" and form.is_valid():
        try:
            services.marker_create(patient=patient, user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Tumour marker saved."))
            return redirect("patients:detail", external_id=patient.external_id)
    return _render_form(request, "patients/marker_form.html", {"form": form, "patient": patient}, patient=patient)
