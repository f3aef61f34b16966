"""The audit log for people (thin views): the searchable log and the per-patient overview PDF (NEN 7513)."""

import uuid

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.views.decorators.http import require_GET

from zorgpad.audit import selectors
from zorgpad.audit.forms import AuditSearchForm
from zorgpad.pdf_render import RenderTimeLimitExceeded, render_within_budget


@permission_required("audit.view_auditevent", raise_exception=True)
def audit_log_view(request: HttpRequest) -> HttpResponse:
    form = AuditSearchForm(request.GET or None)
    page = rows = None
    patient = None
    if not request.GET or form.is_valid():
        filters = form.filters() if request.GET else selectors.AuditFilters()
        page, rows = selectors.audit_log_page(filters=filters, page_number=request.GET.get("page"),
                                              user=request.user, request=request)
        if filters.patient_external_id is not None:
            patient = selectors.audit_patient(external_id=filters.patient_external_id)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "audit/audit_log.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(), "patient": patient,
        "patient_id": form.cleaned_data.get("patient") if form.is_bound and form.is_valid() else None,
    })


def _pdf(html: str) -> bytes:
    from django.conf import settings
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


@permission_required("audit.view_auditevent", raise_exception=True)
@require_GET
def patient_overview_pdf_view(request: HttpRequest, external_id: uuid.UUID) -> HttpResponse:
    """Who viewed or changed this patient's record, for the patient (always Dutch, as the letters)."""
    if selectors.audit_patient(external_id=external_id) is None and not selectors.audit_events(
            filters=selectors.AuditFilters(patient_external_id=external_id)).exists():
        raise Http404
    overview = selectors.patient_audit_overview(external_id=external_id, user=request.user, request=request,
                                                printed=True)
    with translation.override("nl"):
        html = render_to_string("audit/pdf/patient_overview.html", {"overview": overview,
                                                                    "patient": overview.patient})
    try:
        content = render_within_budget(lambda: _pdf(html))
    except RenderTimeLimitExceeded as exc:
        return HttpResponse(str(exc), status=503, headers={"Retry-After": "60"})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="inzage-overzicht-{external_id}.pdf"'
    return response
