"""Thin views: the waiting-time worklist, the indicators page (with charts), the rows behind an indicator, the
CSV export and the PDF report, and a patient's milestones."""

import csv
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from mdo.selectors import session_quorum
from quality import selectors
from quality.indicators import SPEC_BY_CODE, mdo_sessions
from quality.milestones import patient_milestones
from quality.period import PeriodForm
from quality.worklist import waiting_worklist, worklist_counts
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record_shown
from zorgpad.pathways import registry
from zorgpad.patients.names import list_name
from zorgpad.patients.selectors import patient_get

PAGE_SIZE = 50


def worklist_context(*, request: HttpRequest, limit: int | None = None, audit: bool = True) -> dict[str, Any]:
    """The worklist as a start page embeds it (`quality/_worklist.html` with this context): the first `limit`
    rows, or a page of PAGE_SIZE. Audit-logs the patients shown, unless the caller does (`audit=False`: a start
    page writes one entry per patient for all its lists at once)."""
    today = timezone.localdate()
    pathway_id = request.GET.get("pathway", "")
    if pathway_id not in [d.id for d in registry.definitions()]:
        pathway_id = ""
    rows = waiting_worklist(today=today, pathway_id=pathway_id)
    if limit is not None:
        shown, page = rows[:limit], None
    else:
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        shown = list(page.object_list)
    if audit:
        audit_record_shown(user=request.user, action=AuditAction.LIST,
                           patient_ids=[r.patient_external_id for r in shown], detail="waiting-time worklist",
                           request=request)
    return {"waiting_rows": shown, "waiting_page": page, "waiting_counts": worklist_counts(rows),
            "waiting_total": len(rows), "today": today, "pathway_id": pathway_id,
            "pathways": registry.definitions()}


@require_safe
@permission_required("quality.view_waiting_worklist", raise_exception=True)
def worklist_view(request: HttpRequest) -> HttpResponse:
    return render(request, "quality/worklist.html", worklist_context(request=request))


def _period_form(request: HttpRequest) -> PeriodForm:
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    if not form.is_valid():
        form = PeriodForm(None, today=timezone.localdate()) if not request.GET else form
    form.is_valid()
    return form


@require_safe
@permission_required("quality.view_indicators", raise_exception=True)
def indicators_view(request: HttpRequest) -> HttpResponse:
    form = _period_form(request)
    if form.errors:
        return render(request, "quality/indicators.html", {"form": form}, status=400)
    page = selectors.indicators_page(period=form.get_period(), today=timezone.localdate())
    return render(request, "quality/indicators.html", {"form": form, "page": page, "query": form.query(),
                                                       "definition": _definition(form)})


def _definition(form: PeriodForm) -> Any:
    return next(d for d in registry.definitions() if d.id == form.get_period().pathway_id)


def _spec_or_404(code: str) -> Any:
    spec = SPEC_BY_CODE.get(code)
    if spec is None:
        raise Http404
    return spec


@require_safe
@permission_required("quality.view_indicators", raise_exception=True)
def indicator_rows_view(request: HttpRequest, code: str) -> HttpResponse:
    """The patients (or sessions, print runs) behind one indicator, paginated; audit-logged."""
    spec = _spec_or_404(code)
    form = _period_form(request)
    if form.errors:
        return render(request, "quality/indicators.html", {"form": form}, status=400)
    period = form.get_period()
    today = timezone.localdate()
    if spec.family == "mdo_quorum":
        sessions = mdo_sessions(period.pathway_id, period.start, period.end, today)
        rows = [{"session": s, "met": session_quorum(session=s).met} for s in sessions]
        audit_record_shown(user=request.user, action=AuditAction.LIST, patient_ids=[],
                           detail=f"indicator {code} ({form.query()})", request=request)
        return render(request, "quality/indicator_sessions.html",
                      {"spec": spec, "rows": rows, "form": form, "query": form.query(), "period": period})
    page = selectors.indicator_rows_page(code=code, period=period, today=today, page=request.GET.get("page"),
                                         per_page=PAGE_SIZE)
    shown = [dict(r, name=_name(r)) for r in page.object_list]
    audit_record_shown(user=request.user, action=AuditAction.LIST,
                       patient_ids=[r.get("patient_external_id") for r in shown],
                       detail=f"indicator {code} ({form.query()})", request=request)
    return render(request, "quality/indicator_rows.html", {"spec": spec, "rows": shown, "page": page,
                                                           "form": form, "query": form.query(),
                                                           "period": period})


def _name(row: dict[str, Any]) -> str:
    if "family_name" not in row:
        return ""
    return list_name(prefix=row["prefix"], family_name=row["family_name"], initials=row["initials"],
                     given_names=row["given_names"])


@require_safe
@permission_required("quality.view_indicators", raise_exception=True)
def indicator_csv_view(request: HttpRequest, code: str) -> HttpResponse:
    """Every row behind the indicator in the period (not paginated: an export), audit-logged per patient."""
    spec = _spec_or_404(code)
    form = _period_form(request)
    if form.errors or spec.family == "mdo_quorum":
        raise Http404
    rows = list(selectors.indicator_rows(code=code, period=form.get_period(), today=timezone.localdate()))
    audit_record_shown(user=request.user, action=AuditAction.EXPORT,
                       patient_ids=[r.get("patient_external_id") for r in rows],
                       detail=f"indicator {code} CSV ({form.query()})", request=request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indicator-{code}.csv"'
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["hospital_number", "name", "start", "end", "days", "in_numerator", "accounted"])
    for r in rows:
        dur = r.get("dur")
        writer.writerow([r.get("hospital_number", ""), _name(r), r["start"] or "", r["end"] or "",
                         dur.days if dur is not None else "", int(bool(r["num"])), int(bool(r["accounted"]))])
    return response


@require_safe
@permission_required("quality.view_indicators", raise_exception=True)
def indicators_pdf_view(request: HttpRequest) -> HttpResponse:
    from quality.pdf import indicators_pdf

    form = _period_form(request)
    if form.errors:
        return render(request, "quality/indicators.html", {"form": form}, status=400)
    page = selectors.indicators_page(period=form.get_period(), today=timezone.localdate())
    content = indicators_pdf(page=page, definition=_definition(form))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="indicatoren-{page.period.start:%Y%m%d}-{page.period.end:%Y%m%d}.pdf"')
    return response


@require_safe
@permission_required("patients.view_patient", raise_exception=True)
def milestones_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    patient = patient_get(external_id=external_id, user=request.user, request=request, detail="milestones")
    episodes = patient_milestones(patient=patient, today=timezone.localdate())
    return render(request, "quality/milestones.html", {"patient": patient, "episodes": episodes})
