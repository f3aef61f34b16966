"""Meeting mode (thin view): one case per screen, previous/next, the decision form beside it."""

from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from mdo import decision_services
from mdo.forms import DecisionForm
from mdo.meeting import mdo_meeting_screen


def _number(request: HttpRequest) -> int:
    value = request.GET.get("n", "1")
    return int(value) if value.isdigit() else 0


@permission_required("mdo.view_mdocase", raise_exception=True)
def meeting_view(request: HttpRequest, external_id: Any) -> HttpResponse:
    screen = mdo_meeting_screen(session_external_id=external_id, number=_number(request), user=request.user,
                                request=request)
    detail = screen.detail
    form = None
    if detail.case.status != "withdrawn" and not (detail.decision and detail.decision.is_final):
        initial = {f: getattr(detail.decision, f) for f in decision_services.ADVICE_FIELDS} if detail.decision else {}
        form = DecisionForm(initial=initial)
        if detail.quorum.met or not request.user.has_perm("mdo.override_mdoquorum"):
            form.fields.pop("quorum_override_reason", None)
    return render(request, "mdo/meeting.html", {
        "screen": screen, "detail": detail, "case": detail.case, "session": screen.session,
        "patient": detail.case.patient, "tumour": detail.case.tumour, "decision_form": form,
        "quorum": detail.quorum, "lead": screen.pathway,
    })
