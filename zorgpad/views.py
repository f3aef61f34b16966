from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET
from django.views.defaults import page_not_found
from rest_framework.exceptions import NotFound


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


def not_found_view(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A URL that matches no route: JSON under /api/ (the schema documents `{"detail": ...}`), else the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)
