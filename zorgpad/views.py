from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound

from zorgpad.audit.models import AuditEvent


def home_view(request: HttpRequest) -> HttpResponse:
    """The landing page after login: the start page of the user's role ("Vandaag")."""
    return redirect("today:start")


@login_not_required
@require_GET
def health_view(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: says whether the database answers, nothing about patients."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)


@permission_required("audit.view_auditevent", raise_exception=True)
def audit_log_view(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.all()
    if user := request.GET.get("user", "").strip():
        events = events.filter(username=user)
    if patient := request.GET.get("patient", "").strip():
        events = events.filter(patient_external_id=patient) if _is_uuid(patient) else events.none()
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/audit_log.html", {"page": page})


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def not_found_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A URL that matches no route: JSON under /api/ (the schema documents `{"detail": ...}`), else the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)
