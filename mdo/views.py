"""Thin HTML views of the MDO: parse the form, call a service or selector, render. This module holds registering a
case, one case with its decision and amendments, and the decision letters; the sessions' pages are in
mdo.views_session, meeting mode in mdo.views_meeting."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms import BaseForm
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mdo import agenda_selectors, decision_services, selectors, services
from mdo.forms import (
    AmendmentForm,
    CaseEditForm,
    CaseMoveForm,
    CaseRegisterForm,
    DecisionForm,
    PatientSearchForm,
    ReasonForm,
)
from mdo.models import DecisionStatus, MdoCase, MdoLetter, MdoSession
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown
from zorgpad.forms import service_errors_to_form
from zorgpad.patients.models import Tumour
from zorgpad.patients.selectors import patient_list


def safe_next_url(request: HttpRequest) -> str:
    """The `next` URL (POST or GET) when it points into this site, else ""."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return ""


# --- registering cases ------------------------------------------------------------------------------


@permission_required("mdo.add_mdocase", raise_exception=True)
def case_find_view(request: HttpRequest) -> HttpResponse:
    """Find the patient and tumour to register (optionally for a given session)."""
    form = PatientSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    patients: list[Any] = []
    if query:
        patients = list(
            patient_list(query=query).prefetch_related(
                Prefetch("tumours", queryset=Tumour.objects.order_by("date_of_diagnosis", "id")))[:20]
        )
        audit_record_shown(user=request.user, action=AuditAction.SEARCH,
                           patient_ids=[p.external_id for p in patients], detail=f"mdo q={query}", request=request)
    session = None
    if code := request.GET.get("session"):
        session = MdoSession.objects.select_related("mdo_type").filter(external_id=_uuid_or_none(code)).first()
    return render(request, "mdo/case_find.html", {"form": form, "patients": patients, "query": query,
                                                   "session": session})


def _uuid_or_none(value: str) -> Any:
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None


@permission_required("mdo.add_mdocase", raise_exception=True)
def case_register_view(request: HttpRequest) -> HttpResponse:
    tumour_id = _uuid_or_none(request.GET.get("tumour", ""))
    if tumour_id is None:
        raise Http404
    from zorgpad.patients.selectors import tumour_get

    tumour = tumour_get(external_id=tumour_id, user=request.user, request=request, detail="MDO registration")
    now = timezone.now()
    can_override = request.user.has_perm("mdo.override_mdocase_registration")
    sessions, mdo_codes = selectors.mdo_sessions_for_tumour(tumour=tumour, now=now,
                                                            include_past_deadline=can_override)
    back = safe_next_url(request)
    initial: dict[str, Any] = {}
    preselected = sessions.filter(external_id=_uuid_or_none(request.GET.get("session", ""))).first()
    if preselected is not None:
        initial["session"] = preselected.pk
    if request.user.groups.filter(name=Role.CLINICIAN.value).exists():
        initial["presenting_clinician"] = request.user.pk
    form = CaseRegisterForm(request.POST or None, initial=initial, sessions=sessions, can_override=can_override)
    proposed = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.mdo_case_register(
                session=data["session"], tumour=tumour, question=data["question"],
                presenting_clinician=data["presenting_clinician"], minutes_needed=data["minutes_needed"],
                imaging=data["imaging"], referrer_name=data["referrer_name"],
                referrer_organisation=data["referrer_organisation"],
                override_reason=data.get("override_reason", ""), user=request.user, now=now, request=request,
            )
        except services.RegistrationRefused as exc:
            proposed = exc.proposed_session
            if proposed is not None:  # offer the proposal: it is preselected, one click registers there
                post = request.POST.copy()
                post["session"] = str(proposed.pk)
                form = CaseRegisterForm(post, sessions=sessions, can_override=can_override)
                form.is_valid()
            service_errors_to_form(form, exc)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Case registered for the %(session)s.")
                             % {"session": f"{case.session.mdo_type.name} {case.session.date:%d-%m-%Y}"})
            return redirect(back or reverse("mdo:agenda", args=[case.session.external_id]))
    return render(request, "mdo/case_register.html", {
        "form": form, "tumour": tumour, "patient": tumour.patient, "proposed": proposed, "next": back,
        "outside_pathway": mdo_codes is None,
        "cancel_url": back or reverse("patients:tumour-detail", args=[tumour.external_id]),
    })


# --- one case: readiness, decision ------------------------------------------------------------------


def _case_context(request: HttpRequest, external_id: Any, **forms: Any) -> dict[str, Any]:
    detail = agenda_selectors.mdo_case_get(external_id=external_id, user=request.user, request=request)
    decision = detail.decision
    final = decision is not None and decision.is_final
    if "decision_form" not in forms and not final:
        initial = {f: getattr(decision, f) for f in decision_services.ADVICE_FIELDS} if decision else {}
        forms["decision_form"] = DecisionForm(initial=initial)
    form = forms.get("decision_form")
    if form is not None and (detail.quorum.met or not request.user.has_perm("mdo.override_mdoquorum")):
        form.fields.pop("quorum_override_reason", None)  # only asked when it can matter
    if "amendment_form" not in forms and final:
        advice = detail.effective
        forms["amendment_form"] = AmendmentForm(
            initial={f: getattr(advice, f) for f in decision_services.ADVICE_FIELDS})
    return {"detail": detail, "case": detail.case, "session": detail.case.session, "patient": detail.case.patient,
            "tumour": detail.case.tumour, "today": timezone.localdate(), **forms}


@permission_required("mdo.view_mdocase", raise_exception=True)
def case_detail_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    return render(request, "mdo/case_detail.html", _case_context(request, external_id))


@permission_required("mdo.change_mdodecision", raise_exception=True)
@require_POST
def decision_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    case = get_object_or_404(MdoCase.objects.select_related("session"), external_id=external_id)
    form = DecisionForm(request.POST)
    finalise = request.POST.get("action") == "finalise"
    if form.is_valid():
        data = dict(form.cleaned_data)
        override = data.pop("quorum_override_reason")
        try:
            if finalise:
                decision_services.mdo_decision_finalise(case=case, user=request.user, quorum_override_reason=override,
                                               request=request, **data)
            else:
                decision_services.mdo_decision_save_draft(case=case, user=request.user, request=request, **data)
        except PermissionDenied:
            raise
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Decision finalised; the letter is being prepared.") if finalise
                             else _("Draft saved."))
            return redirect(safe_next_url(request) or reverse("mdo:case", args=[case.external_id]))
    return render(request, "mdo/case_detail.html", _case_context(request, external_id, decision_form=form))


@permission_required("mdo.finalise_mdodecision", raise_exception=True)
@require_POST
def decision_amend_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    case = get_object_or_404(MdoCase.objects.select_related("decision"), external_id=external_id)
    decision = getattr(case, "decision", None)
    if decision is None or decision.status != DecisionStatus.FINAL:
        raise Http404
    form = AmendmentForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            decision_services.mdo_decision_amend(decision=decision, user=request.user, request=request, **data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, _("Amendment saved; a corrected letter is being prepared."))
            return redirect("mdo:case", external_id=case.external_id)
    return render(request, "mdo/case_detail.html", _case_context(request, external_id, amendment_form=form))


def _case_action(request: HttpRequest, external_id: Any, *, form: BaseForm, title: str, action: Any,
                 success: str, case: MdoCase) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            service_errors_to_form(form, exc)
        else:
            messages.success(request, success)
            return redirect("mdo:case", external_id=case.external_id)
    # The form page shows the case (patient, tumour, question): a read of the record.
    audit_record(user=request.user, action=AuditAction.VIEW, patient=case.patient, obj=case, detail=str(title),
                 request=request)
    back = reverse("mdo:case", args=[case.external_id])
    return render(request, "mdo/action_form.html", {"form": form, "title": title, "case": case,
                                                    "session": case.session, "back": back})


def _case_for_change(external_id: Any) -> MdoCase:
    return get_object_or_404(MdoCase.objects.select_related("session__mdo_type", "patient", "tumour"),
                             external_id=external_id)


@permission_required("mdo.change_mdocase", raise_exception=True)
def case_edit_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    case = _case_for_change(external_id)
    initial = {f: getattr(case, f) for f in services.CASE_FIELDS}
    form = CaseEditForm(request.POST or None, initial=initial)
    return _case_action(
        request, external_id, form=form, title=_("Change case"), success=_("Case saved."), case=case,
        action=lambda d: services.mdo_case_update(case=case, user=request.user, request=request, **d),
    )


@permission_required("mdo.change_mdocase", raise_exception=True)
def case_withdraw_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    case = _case_for_change(external_id)
    return _case_action(
        request, external_id, form=ReasonForm(request.POST or None), title=_("Withdraw case"),
        success=_("Case withdrawn."), case=case,
        action=lambda d: services.mdo_case_withdraw(case=case, user=request.user, reason=d["reason"],
                                                    request=request),
    )


@permission_required("mdo.change_mdocase", raise_exception=True)
def case_move_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    case = _case_for_change(external_id)
    sessions = selectors.mdo_sessions_open_for_registration(now=timezone.now()).filter(
        mdo_type=case.session.mdo_type).exclude(pk=case.session_id)
    form = CaseMoveForm(request.POST or None, sessions=sessions,
                        can_override=request.user.has_perm("mdo.override_mdocase_registration"))
    return _case_action(
        request, external_id, form=form, title=_("Move case to another session"), success=_("Case moved."),
        case=case,
        action=lambda d: services.mdo_case_move(case=case, target=d["target"], user=request.user,
                                                override_reason=d.get("override_reason", ""), request=request),
    )


# --- letters ----------------------------------------------------------------------------------------


@permission_required("mdo.view_mdoletter", raise_exception=True)
def letter_download_view(request: HttpRequest, external_id: Any) -> FileResponse:
    letter = get_object_or_404(MdoLetter.objects.select_related("decision__case__patient"), external_id=external_id)
    if not letter.file:
        raise Http404
    audit_record(user=request.user, action=AuditAction.EXPORT, patient=letter.decision.case.patient, obj=letter,
                 detail=f"decision letter v{letter.version}", request=request)
    return FileResponse(letter.file.open("rb"), content_type="application/pdf",
                        filename=f"mdo-advies-{letter.decision.case.session.date:%Y-%m-%d}-v{letter.version}.pdf")


@permission_required("mdo.change_mdodecision", raise_exception=True)
@require_POST
def letter_requeue_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    letter = get_object_or_404(MdoLetter.objects.select_related("decision__case"), external_id=external_id)
    try:
        decision_services.mdo_letter_requeue(letter=letter, user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("mdo:case", external_id=letter.decision.case.external_id)
