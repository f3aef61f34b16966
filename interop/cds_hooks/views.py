"""CDS Hooks 2.0 endpoints: discovery, the patient-view service and its feedback. Thin views: JWT check
(interop.cds_hooks.auth), then the service; JSON in, JSON out; malformed requests get 400 with a message."""

import json
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from interop.cds_hooks import services
from interop.cds_hooks.auth import CdsAuthError, CdsCaller, authenticate
from interop.cds_hooks.prefetch import PrefetchError

SERVICE_ID = "zorgpad-patient-view"


def _error(message: str, status: int) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="cds-services"'
    return response


def _with_client(view: Callable[[HttpRequest, CdsCaller], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def wrapped(request: HttpRequest) -> HttpResponse:
        try:
            caller = authenticate(request)
        except CdsAuthError as exc:
            return _error(str(exc), 401)
        return view(request, caller)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_not_required(csrf_exempt(wrapped))


def _body(request: HttpRequest) -> Any:
    if request.content_type != "application/json":
        raise services.BadRequest("Content-Type must be application/json.")
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise services.BadRequest("The body is not JSON.") from exc


@_with_client
@require_GET
def discovery_view(request: HttpRequest, caller: CdsCaller) -> HttpResponse:
    """GET /cds-services: the services offered (CDS Hooks 2.0 Discovery)."""
    return JsonResponse({"services": [{
        "hook": "patient-view",
        "id": SERVICE_ID,
        "title": "Zorgpad: care-pathway advice",
        "description": "Alerts and open recommendations of the Zorgpad care pathways (leiomyosarcoma, melanoma, "
                       "the systemic-sclerosis case report) for the patient in view.",
        "prefetch": services.PREFETCH,
        "usageRequirements": "Register the EHR with `manage.py cds_client_create`; sign every request (RS384/ES384).",
    }]})


@_with_client
@require_POST
def patient_view(request: HttpRequest, caller: CdsCaller) -> HttpResponse:
    """POST /cds-services/zorgpad-patient-view: the cards for the patient in view."""
    try:
        body = _body(request)
        if not isinstance(body, dict) or body.get("hook") != "patient-view":
            raise services.BadRequest("The body must be a CDS Hooks request with hook 'patient-view'.")
        result = services.patient_view(caller=caller, body=body, request=request)
    except services.PreconditionFailed as exc:
        return _error(str(exc), 412)
    except (services.BadRequest, PrefetchError) as exc:
        return _error(str(exc), 400)
    return JsonResponse({"cards": [card.as_json() for card in result.cards]})


@_with_client
@require_POST
def feedback_view(request: HttpRequest, caller: CdsCaller) -> HttpResponse:
    """POST /cds-services/zorgpad-patient-view/feedback: what the clinician did with the cards."""
    try:
        services.feedback(caller=caller, body=_body(request), request=request)
    except services.BadRequest as exc:
        return _error(str(exc), 400)
    return JsonResponse({}, status=200)
