from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zorgpad.accounts.lockout import address_locked


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the login page's answer once a user name (at this address)
    or the address itself is locked out (429)."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "address_locked": address_locked(request),
        "address_failure_limit": settings.AXES_ADDRESS_FAILURE_LIMIT,
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff.total_seconds() // 60) if cooloff else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)
