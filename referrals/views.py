"""Thin HTML views: parse the form, call a service or selector, render."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from referrals import selectors, services
from referrals.advice_labels import ADVICE_LABELS, KIND_LABELS, MISSING_LABELS
from referrals.forms import ChecklistForm, OverrideForm, ReferralFilterForm, ReferralForm, TransitionForm
from referrals.models import Destination, FirstVisitChecklist, Referral, ReferralStatus
from referrals.rules import states
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown, query_detail
from zorgpad.forms import service_errors_to_form
from zorgpad.paging import pager
from zorgpad.pathways.lms_2026_03.triage import AdviceKind, TriageAdvice
from zorgpad.patients.models import Patient
from zorgpad.patients.selectors import patient_get

PAGE_SIZE = 50

ACTION_LABELS = {
    states.Status.TRIAGED: gettext_lazy("Triage"),
    states.Status.APPOINTMENT_PLANNED: gettext_lazy("Appointment planned"),
    states.Status.SEEN: gettext_lazy("Patient seen"),
    states.Status.CLOSED: gettext_lazy("Close"),
    states.Status.REJECTED: gettext_lazy("Reject"),
    states.Status.REDIRECTED: gettext_lazy("Redirect elsewhere"),
}



@permission_required("referrals.view_referral", raise_exception=True)
def worklist_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    get = request.GET.get
    worklist = selectors.worklist_get(
        today=today, include_biopsies=request.user.has_perm("referrals.view_firstvisitchecklist"),
        triage_page=get("triage_page"), in_progress_page=get("progress_page"), biopsy_page=get("biopsy_page"))
    audit_record_shown(user=request.user, action=AuditAction.LIST, patient_ids=worklist.patient_external_ids,
                       detail="referral worklist", request=request)
    return render(request, "referrals/worklist.html", {
        "worklist": worklist, "today": today, "triage_days": services.triage_working_days(),
        "biopsy_days": services.biopsy_result_working_days(),
        "pagers": {name: pager(request, page, param) for name, page, param in (
            ("triage", worklist.triage_page, "triage_page"), ("progress", worklist.in_progress_page, "progress_page"),
            ("biopsy", worklist.biopsy_page, "biopsy_page")) if page is not None},
    })


@permission_required("referrals.view_referral", raise_exception=True)
def referral_list_view(request: HttpRequest) -> HttpResponse:
    form = ReferralFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    referrals = selectors.referral_list(status=filters.get("status") or None, phase=filters.get("phase") or None,
                                        today=timezone.localdate()).order_by("-received_on", "-id")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    audit_record_shown(user=request.user, action=AuditAction.LIST,
                       patient_ids=[r.patient.external_id for r in page.object_list],
                       detail=query_detail("referral list", request), request=request)
    return render(request, "referrals/referral_list.html", {"form": form, "page": page,
                                                             "today": timezone.localdate()})


@permission_required("referrals.add_referral", raise_exception=True)
def referral_create_view(request: HttpRequest) -> HttpResponse:
    patient: Patient | None = None
    if patient_id := request.GET.get("patient"):
        try:
            patient = patient_get(external_id=patient_id, user=request.user, request=request, detail="referral form")
        except ValidationError:  # not a UUID
            raise Http404 from None
    form = ReferralForm(request.POST or None, request.FILES or None, with_patient_fields=patient is None,
                        initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        identification = None
        if patient is None:
            identification = services.PatientIdentification(
                **{name: data.pop(name) or "" for name in ReferralForm.PATIENT_FIELDS if name != "date_of_birth"},
                date_of_birth=data.pop("date_of_birth"),
            )
        try:
            referral = services.referral_create(
                user=request.user, request=request, patient=patient, identification=identification,
                letter=data.pop("letter") or None, **data,
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Referral registered."))
            return redirect("referrals:detail", external_id=referral.external_id)
    return render(request, "referrals/referral_form.html", {"form": form, "patient": patient})


def advice_context(advice: TriageAdvice) -> dict[str, Any]:
    """The advice as the templates show it: translated text, the source quote and its citation."""

    def rows(kind: AdviceKind) -> list[dict[str, Any]]:
        return [{"code": item.code.value, "text": ADVICE_LABELS[item.code], "source": item.source,
                 "missing": [MISSING_LABELS.get(m, m) for m in item.missing]} for item in advice.of_kind(kind)]

    first_visit = rows(AdviceKind.FIRST_VISIT)
    first_visit_sources = list(dict.fromkeys(row["source"] for row in first_visit))
    return {
        "destination": rows(AdviceKind.DESTINATION),
        "pathology": rows(AdviceKind.PATHOLOGY),
        "first_visit": first_visit,
        "first_visit_sources": first_visit_sources,
        "kinds": KIND_LABELS,
        "missing": [MISSING_LABELS.get(m, m) for m in advice.missing],
    }


def _detail_context(request: HttpRequest, referral: Referral, **extra: Any) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    current = states.Status(referral.status)
    actions = [
        {"status": target.value, "label": ACTION_LABELS[target],
         "needs_reason": target in states.REASON_REQUIRED, "needs_date": target in states.APPOINTMENT_REQUIRED}
        for target in sorted(states.TRANSITIONS[current], key=list(states.Status).index)
        if user.has_perm(services.TRANSITION_PERMISSIONS[target])
    ]
    advice = selectors.referral_advice(referral)
    overrides = list(referral.overrides.all())
    return {
        "referral": referral,
        "last_override": overrides[-1] if overrides else None,
        "patient": referral.patient,
        "advice": advice,
        "advice_view": advice_context(advice),
        "advised_destination": advice.destination.value if advice.destination else "",
        "advised_destination_label": Destination(advice.destination.value).label if advice.destination else "",
        "actions": actions,
        "is_final": current in states.FINAL,
        "can_override": user.has_perm("referrals.triage_referral") and current in states.OVERRIDABLE,
        "overdue": referral.status == ReferralStatus.RECEIVED and referral.triage_due_on < today,
        "today": today,
        **extra,
    }


@permission_required("referrals.view_referral", raise_exception=True)
def referral_detail_view(request: HttpRequest, external_id: str) -> HttpResponse:
    referral = selectors.referral_get(external_id=external_id, user=request.user, request=request)
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


@require_POST
@permission_required("referrals.view_referral", raise_exception=True)
def referral_transition_view(request: HttpRequest, external_id: str) -> HttpResponse:
    referral = get_object_or_404(Referral, external_id=external_id)
    form = TransitionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.referral_transition(
                referral=referral, to_status=data["to_status"], user=request.user, reason=data["reason"],
                appointment_on=data["appointment_on"], first_visit_on=data["first_visit_on"],
                expected_status=data["expected_status"] or None,
                request=request,
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Status changed to: %(status)s.")
                             % {"status": ReferralStatus(data["to_status"]).label})
            return redirect("referrals:detail", external_id=referral.external_id)
    referral = selectors.referral_get(external_id=external_id, user=request.user, request=request,
                                      detail="after refused status change")
    context = _detail_context(request, referral, transition_form=form,
                              failed_status=form.data.get("to_status", ""))
    return render(request, "referrals/referral_detail.html", context, status=400)


@permission_required("referrals.triage_referral", raise_exception=True)
def referral_override_view(request: HttpRequest, external_id: str) -> HttpResponse:
    referral = selectors.referral_get(external_id=external_id, user=request.user, request=request,
                                      detail="override form")
    advice = selectors.referral_advice(referral)
    initial = {"destination": referral.destination or (advice.destination.value if advice.destination else "")}
    form = OverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_triage_override(
                referral=referral, destination=form.cleaned_data["destination"], reason=form.cleaned_data["reason"],
                user=request.user, request=request,
            )
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("The triage advice was overridden; the reason is kept."))
            return redirect("referrals:detail", external_id=referral.external_id)
    return render(request, "referrals/override_form.html", {
        "form": form, "referral": referral, "patient": referral.patient, "advice_view": advice_context(advice),
    })


@permission_required("referrals.view_referral", raise_exception=True)
def referral_letter_view(request: HttpRequest, external_id: str) -> FileResponse:
    referral = get_object_or_404(Referral.objects.select_related("patient"), external_id=external_id)
    if not referral.letter:
        raise Http404
    audit_record(user=request.user, action=AuditAction.VIEW, patient=referral.patient, obj=referral,
                 detail="referral letter", request=request)
    response = FileResponse(referral.letter.open("rb"), content_type="application/pdf",
                            filename=f"verwijzing-{referral.received_on:%Y%m%d}.pdf", as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@permission_required("referrals.change_firstvisitchecklist", raise_exception=True)
def checklist_edit_view(request: HttpRequest, external_id: str) -> HttpResponse:
    patient = get_object_or_404(Patient, external_id=external_id)
    referral = services.latest_referral(patient=patient)  # the current episode
    stored = selectors.checklist_current(patient=patient, referral=referral)
    form = ChecklistForm(request.POST or None,
                         instance=stored or FirstVisitChecklist(patient=patient, referral=referral))
    if request.method == "POST" and form.is_valid():
        try:
            services.checklist_update(patient=patient, referral=referral, user=request.user, request=request,
                                      **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("First-visit checklist saved."))
            return redirect("patients:detail", external_id=patient.external_id)
    # The form page shows the stored checklist: a read of the record.
    audit_record(user=request.user, action=AuditAction.VIEW, patient=patient, obj=stored or patient,
                 detail="first-visit checklist", request=request)
    return render(request, "referrals/checklist_form.html", {"form": form, "patient": patient})
