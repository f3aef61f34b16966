"""The start pages ("Vandaag"): thin views, one selector per list, one audit entry per patient shown."""

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from quality.views import worklist_context
from today.selectors import admin, clinician, coordinator, secretary
from today.selectors.secretary import phone_after_days
from zorgpad.accounts.backends import group_names
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record_shown
from zorgpad.paging import Pager, pager

WAITING_ROWS = 10  # the worklist's first rows on a start page; the worklist page has them all

# The start page of each role, the first that the user holds in this order (an admin holds every permission).
ROLE_PAGES = ((Role.ADMIN, "today:admin"), (Role.CLINICIAN, "today:clinician"),
              (Role.MDO_COORDINATOR, "today:coordinator"), (Role.SECRETARY, "today:secretary"))


def _block(request: HttpRequest, page: Page, param: str) -> Pager:
    """One paginated list of a start page, with links to its neighbouring pages (other lists keep theirs)."""
    return pager(request, page, param, anchor=True)


def _audit(request: HttpRequest, role: str, patients: list[Any], context: dict[str, Any]) -> None:
    """One entry per patient shown (once, however many of the page's lists show them), in one INSERT."""
    waiting = [row.patient_external_id for row in context.get("waiting_rows", [])]
    audit_record_shown(user=request.user, action=AuditAction.LIST,
                       patient_ids=list(dict.fromkeys([*(p.external_id for p in patients), *waiting])),
                       detail=f"start page: {role}", request=request)


def _waiting_times(request: HttpRequest) -> dict[str, Any]:
    """The waiting-time worklist's first rows (patients at risk or late), for those who may see it."""
    if not request.user.has_perm("quality.view_waiting_worklist"):
        return {}
    return {"waiting_embedded": True, **worklist_context(request=request, limit=WAITING_ROWS, audit=False)}


@require_GET
def start_view(request: HttpRequest) -> HttpResponse:
    """The landing page after login: the start page of the user's role."""
    roles = group_names(request.user)
    for role, name in ROLE_PAGES:
        if role.value in roles or (role is Role.ADMIN and request.user.is_superuser):
            return redirect(name)
    raise PermissionDenied


@require_GET
@permission_required("referrals.triage_referral", raise_exception=True)
def clinician_view(request: HttpRequest) -> HttpResponse:
    today, user, get = timezone.localdate(), request.user, request.GET.get
    everyone = get("all") == "1"
    work = clinician.open_work_page(user=user, everyone=everyone, page=get("p_items"), today=today)
    triage = clinician.triage_page(page=get("p_triage"))
    biopsies = clinician.biopsy_results_page(user=user, everyone=everyone, page=get("p_biopsy"))
    overdue = clinician.overdue_visits_page(user=user, everyone=everyone, page=get("p_overdue"))
    cases = clinician.coming_cases_page(user=user, everyone=everyone, page=get("p_mdo"), today=today)
    waiting = _waiting_times(request)
    _audit(request, "clinician", [*(w.patient for w in work), *(r.patient for r in triage),
                                  *(c.patient for c in biopsies), *(a.plan.patient for a in overdue),
                                  *(c.patient for c in cases)], waiting)
    return render(request, "today/clinician.html", {
        **waiting,
        "today": today, "everyone": everyone,
        "work": _block(request, work, "p_items"), "triage": _block(request, triage, "p_triage"),
        "biopsies": _block(request, biopsies, "p_biopsy"), "overdue": _block(request, overdue, "p_overdue"),
        "cases": _block(request, cases, "p_mdo"),
    })


@require_GET
@permission_required("mdo.manage_mdosession", raise_exception=True)
def coordinator_view(request: HttpRequest) -> HttpResponse:
    today, get = timezone.localdate(), request.GET.get
    sessions = coordinator.coming_sessions_page(page=get("p_sessions"), today=today)
    late = coordinator.late_registrations_page(page=get("p_late"), today=today)
    to_close = coordinator.sessions_to_close_page(page=get("p_close"), today=today)
    waiting = _waiting_times(request)
    _audit(request, "MDO coordinator", [c.patient for c in late], waiting)
    return render(request, "today/coordinator.html", {
        **waiting,
        "today": today, "sessions": _block(request, sessions, "p_sessions"),
        "late": _block(request, late, "p_late"), "to_close": _block(request, to_close, "p_close"),
    })


@require_GET
@permission_required("followup.print_letters", raise_exception=True)
def secretary_view(request: HttpRequest) -> HttpResponse:
    today, get = timezone.localdate(), request.GET.get
    letters = secretary.letters_page(page=get("p_letters"))
    invitations = secretary.invitations_page(page=get("p_invitations"), today=today)
    referrals = secretary.referrals_to_complete_page(page=get("p_referrals"), today=today)
    phone = secretary.phone_page(page=get("p_phone"), now=timezone.now())
    waiting = _waiting_times(request)
    _audit(request, "secretary", [*(letter.patient for letter in letters), *(v.plan.patient for v in invitations),
                                  *(r.patient for r in referrals), *(row.patient for row in phone)], waiting)
    return render(request, "today/secretary.html", {
        **waiting,
        "today": today, "phone_days": phone_after_days(),
        "letters": _block(request, letters, "p_letters"), "invitations": _block(request, invitations, "p_invitations"),
        "referrals": _block(request, referrals, "p_referrals"), "phone": _block(request, phone, "p_phone"),
    })


@require_GET
@permission_required("audit.view_auditevent", raise_exception=True)
def admin_view(request: HttpRequest) -> HttpResponse:
    today, get = timezone.localdate(), request.GET.get
    decisions = admin.open_centre_decisions_page(page=get("p_decisions"))
    revisions = admin.pathway_revisions_page(page=get("p_revisions"), today=today)
    return render(request, "today/admin.html", {
        "today": today, "decisions": _block(request, decisions, "p_decisions"),
        "revisions": _block(request, revisions, "p_revisions"),
    })
