"""Thin HTML views of the MDO's sessions: the coordinator's overview, the session list, a session's agenda (page,
PDF, reordering its cases), cancelling, moving and marking a session held, attendance and quorum, and the
personal calendar links."""

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mdo import agenda_selectors, pdf, selectors, services, session_services
from mdo.forms import AttendanceForm, ReasonForm, SessionMoveForm
from mdo.models import MdoAttendance, MdoCase, MdoSession, SessionStatus
from mdo.session_services import mdo_attendance_roster_set
from zorgpad.forms import service_errors_to_form
from zorgpad.paging import paged
from zorgpad.pdf_render import RenderTimeLimitExceeded


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


# --- overview and sessions --------------------------------------------------------------------------


@permission_required("mdo.view_mdosession", raise_exception=True)
def overview_view(request: HttpRequest) -> HttpResponse:
    overview = agenda_selectors.mdo_overview(user=request.user, request=request)
    return render(request, "mdo/overview.html", {"overview": overview, "today": timezone.localdate()})


SESSIONS_PER_PAGE = 50


@permission_required("mdo.view_mdosession", raise_exception=True)
def session_list_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    date_after = _parse_date(request.GET.get("date_after")) or today - timedelta(weeks=2)
    date_before = _parse_date(request.GET.get("date_before")) or today + timedelta(weeks=12)
    code = request.GET.get("mdo_type", "")
    shown = paged(request, selectors.mdo_session_list(mdo_type_code=code or None, date_after=date_after,
                                                      date_before=date_before), SESSIONS_PER_PAGE)
    sessions = [selectors.session_as_shown(s, today) for s in shown.page]
    context = {"sessions": sessions, "pager": shown, "types": selectors.mdo_type_list(), "code": code,
               "date_after": date_after, "date_before": date_before, "today": today}
    return render(request, "mdo/session_list.html", context)


def _agenda_context(request: HttpRequest, external_id: Any) -> dict[str, Any]:
    agenda = agenda_selectors.mdo_agenda_get(external_id=external_id, user=request.user, request=request)
    session = agenda.session
    return {
        "agenda": agenda, "session": session, "today": timezone.localdate(),
        "attendance_form": AttendanceForm(),
        "can_manage": request.user.has_perm("mdo.manage_mdosession") and session.status != SessionStatus.CANCELLED,
    }


@permission_required("mdo.view_mdosession", raise_exception=True)
def agenda_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    return render(request, "mdo/agenda.html", _agenda_context(request, external_id))


@permission_required("mdo.print_mdoagenda", raise_exception=True)
def agenda_pdf_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    agenda = agenda_selectors.mdo_agenda_get(external_id=external_id, user=request.user, request=request, printed=True)
    try:
        content = pdf.agenda_pdf(agenda=agenda)
    except RenderTimeLimitExceeded as exc:  # the worker lives on; the user reads what to do
        response = render(request, "mdo/pdf_time_limit.html", {
            "session": agenda.session, "message": str(exc),
            "back": reverse("mdo:agenda", args=[agenda.session.external_id])}, status=503)
        response["Retry-After"] = "60"
        return response
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mdo-agenda-{agenda.session.date:%Y-%m-%d}.pdf"'
    return response


@permission_required("mdo.manage_mdosession", raise_exception=True)
@require_POST
def case_reorder_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    case = get_object_or_404(MdoCase.objects.select_related("session", "patient"), external_id=external_id)
    try:
        services.mdo_case_reorder(case=case, direction=request.POST.get("direction", ""), user=request.user,
                                  request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if getattr(request, "htmx", False):
        return render(request, "mdo/_agenda_rows.html", _agenda_context(request, case.session.external_id))
    return redirect("mdo:agenda", external_id=case.session.external_id)


def _session_action(request: HttpRequest, external_id: Any, *, form_class: type[BaseForm], title: str,
                    action: Any, success: str) -> HttpResponse:
    session = get_object_or_404(MdoSession.objects.select_related("mdo_type"), external_id=external_id)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            action(session, form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect("mdo:agenda", external_id=session.external_id)
    back = reverse("mdo:agenda", args=[session.external_id])
    return render(request, "mdo/action_form.html", {"form": form, "title": title, "session": session, "back": back})


@permission_required("mdo.manage_mdosession", raise_exception=True)
def session_cancel_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    return _session_action(
        request, external_id, form_class=ReasonForm, title=_("Cancel session"), success=_("Session cancelled."),
        action=lambda s, d: session_services.mdo_session_cancel(session=s, user=request.user, reason=d["reason"],
                                                        request=request),
    )


@permission_required("mdo.manage_mdosession", raise_exception=True)
def session_move_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    return _session_action(
        request, external_id, form_class=SessionMoveForm, title=_("Move session"), success=_("Session moved."),
        action=lambda s, d: session_services.mdo_session_move(
            session=s, user=request.user, new_date=d["new_date"], start_time=d["start_time"],
            end_time=d["end_time"], reason=d["reason"], request=request),
    )


@permission_required("mdo.manage_mdosession", raise_exception=True)
@require_POST
def session_held_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    session = get_object_or_404(MdoSession, external_id=external_id)
    try:
        session_services.mdo_session_mark_held(session=session, user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Session marked as held."))
    return redirect("mdo:agenda", external_id=session.external_id)


# --- attendance -------------------------------------------------------------------------------------


def _attendance_response(request: HttpRequest, session: MdoSession, form: AttendanceForm | None = None) -> HttpResponse:
    session, quorum = agenda_selectors.mdo_session_with_quorum(external_id=session.external_id)
    context = {"session": session, "quorum": quorum, "attendance_form": form or AttendanceForm()}
    if getattr(request, "htmx", False):
        return render(request, "mdo/_attendance.html", context)
    return redirect("mdo:agenda", external_id=session.external_id)


@permission_required("mdo.add_mdoattendance", raise_exception=True)
@require_POST
def attendance_add_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    session = get_object_or_404(MdoSession, external_id=external_id)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            session_services.mdo_attendance_add(session=session, user=request.user, request=request,
                                                **form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            form = AttendanceForm()
    if form.errors and not getattr(request, "htmx", False):
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return _attendance_response(request, session, form)


@permission_required("mdo.add_mdoattendance", raise_exception=True)
@permission_required("mdo.delete_mdoattendance", raise_exception=True)
@require_POST
def attendance_roster_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    """Tick the roster: who of the expected members is present."""
    session = get_object_or_404(MdoSession.objects.select_related("mdo_type"), external_id=external_id)
    ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
    try:
        mdo_attendance_roster_set(session=session, present_ids=ids, user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _attendance_response(request, session)


@permission_required("mdo.delete_mdoattendance", raise_exception=True)
@require_POST
def attendance_remove_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    attendance = get_object_or_404(MdoAttendance.objects.select_related("session"), external_id=external_id)
    try:
        session_services.mdo_attendance_remove(attendance=attendance, user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _attendance_response(request, attendance.session)


@permission_required("mdo.view_mdosession", raise_exception=True)
def quorum_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    """The live quorum block (polled by the agenda page)."""
    session, quorum = agenda_selectors.mdo_session_with_quorum(external_id=external_id)
    return render(request, "mdo/_quorum.html", {"session": session, "quorum": quorum})


# --- calendar subscription --------------------------------------------------------------------------


@permission_required("mdo.view_mdosession", raise_exception=True)
def calendar_view(request: HttpRequest) -> HttpResponse:
    """The personal calendar links. Only a digest of the key is stored, so the links are shown once, in the
    answer to "make links"; afterwards the page says since when links exist and offers new ones or revoking."""
    feeds = None
    if request.method == "POST" and request.POST.get("action") == "revoke":
        session_services.mdo_feed_token_revoke(user=request.user)
        messages.success(request, _("Your calendar links are revoked; they no longer work."))
        return redirect("mdo:calendar")
    if request.method == "POST":
        _token, secret = session_services.mdo_feed_token_create(user=request.user)
        feeds = [
            (t, request.build_absolute_uri(reverse("mdo-calendar-feed", args=[t.code])) + f"?token={secret}")
            for t in selectors.mdo_type_list()
        ]
    existing = selectors.mdo_feed_token_get(user=request.user)
    # Not kept by the browser (the page with the secret): NoStoreMiddleware sends no-store on every page.
    return render(request, "mdo/calendar.html", {"feeds": feeds, "existing": existing})
