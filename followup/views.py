"""Thin HTML views: parse the form, call a service or selector, render."""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from followup import letter_services, pdf, selectors, services
from followup.forms import PlanBuildForm, PreviewForm, PrintRunForm, VisitAddForm, VisitMoveForm, VisitTransitionForm
from followup.models import DocumentKind, FollowUpPlan, PlanStatus, PrintJobStatus
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown, query_detail
from zorgpad.paging import paged
from zorgpad.patients.models import Patient, Tumour


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def _plan_redirect(plan: FollowUpPlan) -> HttpResponse:
    return redirect("followup:plan-detail", external_id=plan.external_id)


# --- plans -------------------------------------------------------------------------------------------------

@require_POST
@permission_required("followup.add_followupplan", raise_exception=True)
def plan_build_view(request: HttpRequest) -> HttpResponse:
    form = PlanBuildForm(request.POST)
    if not form.is_valid():
        raise Http404
    tumour = get_object_or_404(Tumour.objects.select_related("patient"), external_id=form.cleaned_data["tumour"])
    try:
        plan = services.followup_plan_build(tumour=tumour, user=request.user, template=form.cleaned_data["template"],
                                            request=request)
    except ValidationError as exc:
        messages.error(request, _("No follow-up plan made: %s") % _error_text(exc))
        return redirect("patients:detail", external_id=tumour.patient.external_id)
    messages.success(request, _("Follow-up plan saved."))
    return _plan_redirect(plan)


@permission_required("followup.view_followupplan", raise_exception=True)
def plan_detail_view(request: HttpRequest, external_id: str) -> HttpResponse:
    plan = selectors.plan_get(external_id=external_id, user=request.user, request=request)
    context = {
        "plan": plan,
        "patient": plan.patient,
        "timeline": selectors.plan_timeline(plan=plan, today=timezone.localdate()),
        "transition_form": VisitTransitionForm(),
        "move_form": VisitMoveForm(),
        "add_form": VisitAddForm(),
        "rows": pdf.plan_visit_rows(plan),
        "can_adjust": request.user.has_perm("followup.change_followupplan") and plan.status == PlanStatus.ACTIVE,
        "can_book": request.user.has_perm("followup.book_visit") and plan.status == PlanStatus.ACTIVE,
        "can_outcome": request.user.has_perm("followup.record_visit_outcome") and plan.status == PlanStatus.ACTIVE,
        "reason": plan.reason_text(),
        "pathway_notes": selectors.plan_pathway_notes(plan=plan, today=timezone.localdate()),
    }
    return render(request, "followup/plan_detail.html", context)


@require_POST
@permission_required("followup.view_followupplan", raise_exception=True)
def visit_transition_view(request: HttpRequest, external_id: str) -> HttpResponse:
    visit = selectors.visit_get(external_id=external_id)
    form = VisitTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
        return _plan_redirect(visit.plan)
    data = form.cleaned_data
    perm = services.TRANSITION_PERMISSION.get(data["status"])
    if perm is None or not request.user.has_perm(perm):
        messages.error(request, _("You may not set this status."))
        return _plan_redirect(visit.plan)
    try:
        if data["status"] == "cancelled":
            services.plan_visit_cancel(visit=visit, reason=data["note"], user=request.user, request=request)
        else:
            services.visit_transition(visit=visit, to=data["status"], user=request.user, note=data["note"],
                                      done_on=data["done_on"], request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Visit updated."))
    return _plan_redirect(visit.plan)


@require_POST
@permission_required("followup.change_followupplan", raise_exception=True)
def visit_move_view(request: HttpRequest, external_id: str) -> HttpResponse:
    visit = selectors.visit_get(external_id=external_id)
    form = VisitMoveForm(request.POST)
    if form.is_valid():
        try:
            services.plan_visit_move(visit=visit, user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Visit moved."))
    else:
        messages.error(request, _("Give a new date and a reason."))
    return _plan_redirect(visit.plan)


@require_POST
@permission_required("followup.change_followupplan", raise_exception=True)
def visit_add_view(request: HttpRequest, external_id: str) -> HttpResponse:
    plan = get_object_or_404(FollowUpPlan, external_id=external_id)
    form = VisitAddForm(request.POST)
    if form.is_valid():
        try:
            services.plan_visit_add(plan=plan, user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Visit added."))
    else:
        messages.error(request, _("Give a date, what will be done and a reason."))
    return _plan_redirect(plan)


WORKLIST_ROWS = 25  # a page of each worklist section
LETTERS_PER_PAGE = 50  # a page of the letters waiting (a print run takes the ones ticked, or all due this week)


# --- clinician worklist ------------------------------------------------------------------------------------

@permission_required("followup.view_followupplan", raise_exception=True)
def worklist_view(request: HttpRequest) -> HttpResponse:
    """Clinicians see their overdue alerts; everyone who reads plans sees what is due (secretaries book it)."""
    can_alerts = request.user.has_perm("followup.view_overduealert")
    everyone = request.GET.get("all") == "1" or not can_alerts
    today = timezone.localdate()
    alerts = paged(request, selectors.overdue_alert_list(user=request.user, everyone=everyone) if can_alerts else [],
                   WORKLIST_ROWS, "p_alerts")
    upcoming = paged(request, selectors.upcoming_visit_list(user=request.user, today=today,
                                                            until=today + timedelta(weeks=6), everyone=everyone),
                     WORKLIST_ROWS, "p_upcoming")
    audit_record_shown(user=request.user, action=AuditAction.LIST,
                       patient_ids=[*(a.plan.patient.external_id for a in alerts.page),
                                    *(v.plan.patient.external_id for v in upcoming.page)],
                       detail=query_detail("follow-up worklist", request), request=request)
    context = {"can_alerts": can_alerts, "alerts": alerts, "upcoming": upcoming, "everyone": everyone, "today": today}
    return render(request, "followup/worklist.html", context)


# --- letters and print runs --------------------------------------------------------------------------------

@permission_required("followup.print_letters", raise_exception=True)
def letters_view(request: HttpRequest) -> HttpResponse:
    queue = list(selectors.letter_queue())
    if request.method == "POST":
        form = PrintRunForm(request.POST, choices=[(str(letter.external_id), "") for letter in queue])
        if form.is_valid():
            try:
                job = letter_services.print_job_create(
                    user=request.user, letter_ids=form.cleaned_data["letters"] or None,
                    all_due_this_week=form.cleaned_data["all_due_this_week"],
                )
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
            else:
                return redirect("followup:print-job", external_id=job.external_id)
        else:
            messages.error(request, _("Some selected letters are no longer waiting to be printed; reload the list."))
    shown = paged(request, queue, LETTERS_PER_PAGE)
    audit_record_shown(user=request.user, action=AuditAction.LIST,
                       patient_ids=[letter.patient.external_id for letter in shown.page],
                       detail="letters waiting to be printed", request=request)
    context = {"queue": shown, "jobs": selectors.print_job_list(),
               "week_end": letter_services.week_end(timezone.localdate())}
    return render(request, "followup/letters.html", context)


@permission_required("followup.print_letters", raise_exception=True)
def print_job_view(request: HttpRequest, external_id: str) -> HttpResponse:
    job = selectors.print_job_get(external_id=external_id)
    running = job.status in (PrintJobStatus.QUEUED, PrintJobStatus.RUNNING)
    if getattr(request, "htmx", False):  # the polled status block: no patient on it
        return render(request, "followup/_print_job_status.html", {"job": job, "running": running})
    letters = [entry.letter for entry in letter_services.print_job_entries(job=job)]
    audit_record_shown(user=request.user, action=AuditAction.LIST,
                       patient_ids=[letter.patient.external_id for letter in letters],
                       object_type="followup.printjob", object_id=str(job.external_id), detail="print run page",
                       request=request)
    return render(request, "followup/print_job.html", {"job": job, "running": running, "letters": letters})


@permission_required("followup.print_letters", raise_exception=True)
def print_job_download_view(request: HttpRequest, external_id: str) -> HttpResponseBase:
    job = selectors.print_job_get(external_id=external_id)
    if job.result is None:
        raise Http404
    audit_record_shown(user=request.user, action=AuditAction.PRINT,
                       patient_ids=letter_services.print_job_patient_ids(job=job), object_type="followup.printjob",
                       object_id=str(job.external_id), detail=f"print run pdf {job.result.sha256}", request=request)
    return _pdf_response(job.result.file.open("rb"), f"printrun-{job.created_at:%Y%m%d-%H%M}.pdf", job.result.sha256,
                         attachment=True)


@require_POST
@permission_required("followup.print_letters", raise_exception=True)
def print_job_printed_view(request: HttpRequest, external_id: str) -> HttpResponse:
    job = selectors.print_job_get(external_id=external_id)
    try:
        letter_services.print_job_mark_printed(job=job, user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Marked as printed."))
    return redirect("followup:print-job", external_id=job.external_id)


@require_POST
@permission_required("followup.print_letters", raise_exception=True)
def print_job_retry_view(request: HttpRequest, external_id: str) -> HttpResponse:
    job = selectors.print_job_get(external_id=external_id)
    try:
        letter_services.print_job_retry(job=job, user=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    return redirect("followup:print-job", external_id=job.external_id)


@permission_required("followup.view_letter", raise_exception=True)
def letter_pdf_view(request: HttpRequest, external_id: str) -> HttpResponseBase:
    """One letter as PDF (a reprint renders and stores a new copy with its SHA-256)."""
    letter = selectors.letter_get(external_id=external_id)
    doc = letter_services.letter_render(letter=letter, user=request.user, request=request)
    return _pdf_response(doc.file.open("rb"), f"brief-{letter.kind}-{letter.patient.hospital_number}.pdf", doc.sha256)


@permission_required("followup.view_letter", raise_exception=True)
def document_view(request: HttpRequest, external_id: str) -> HttpResponseBase:
    """Reprint a stored PDF exactly as it was generated."""
    doc = selectors.document_get(external_id=external_id)
    if doc.kind == DocumentKind.PATIENT_SUMMARY and not request.user.has_perm("followup.view_patient_summary"):
        raise Http404
    audit_record(user=request.user, action=AuditAction.EXPORT, patient=doc.patient, obj=doc,
                 detail=f"reprint {doc.sha256}", request=request)
    return _pdf_response(doc.file.open("rb"), f"{doc.kind}-{doc.sha256[:12]}.pdf", doc.sha256)


@permission_required("followup.view_patient_summary", raise_exception=True)
def patient_summary_view(request: HttpRequest, external_id: str) -> HttpResponseBase:
    patient = get_object_or_404(Patient, external_id=external_id)
    doc = letter_services.patient_summary_render(patient=patient, user=request.user, request=request)
    return _pdf_response(doc.file.open("rb"), f"samenvatting-{patient.hospital_number}.pdf", doc.sha256)


def _pdf_response(handle: Any, filename: str, sha256: str, *, attachment: bool = False) -> FileResponse:
    response = FileResponse(handle, content_type="application/pdf", filename=filename, as_attachment=attachment)
    response["X-Content-SHA256"] = sha256
    return response


# --- admin: template preview -------------------------------------------------------------------------------

PREVIEWS = ("invitation", "gp_plan_summary", "patient_summary")


@permission_required("followup.change_plantemplate", raise_exception=True)
def template_preview_view(request: HttpRequest) -> HttpResponse:
    form = PreviewForm(request.GET or None)
    return render(request, "followup/template_preview.html", {"form": form, "previews": PREVIEWS,
                                                               "query": request.GET.urlencode()})


@permission_required("followup.change_plantemplate", raise_exception=True)
def template_preview_render_view(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    from followup import preview

    if name not in PREVIEWS or fmt not in ("html", "pdf"):
        raise Http404
    number = request.GET.get("hospital_number", "").strip()
    patient = get_object_or_404(Patient, hospital_number=number) if number else None
    if patient is not None:
        audit_record(user=request.user, action=AuditAction.VIEW, patient=patient, obj=patient,
                     detail=f"template preview {name}", request=request)
    with translation.override("nl"):
        html = preview.preview_html(name=name, patient=patient, today=timezone.localdate())
    if fmt == "html":
        return HttpResponse(html)
    content, _pages = pdf.html_to_pdf(html)
    return HttpResponse(content, content_type="application/pdf")
