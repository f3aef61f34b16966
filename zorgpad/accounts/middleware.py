import time
from typing import Any

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers


class LoginRequiredEverywhereMiddleware(LoginRequiredMiddleware):
    """Every page needs a login unless the view is marked @login_not_required.

    The API is left to DRF, whose default permission is IsAuthenticated: token-authenticated API
    calls only become authenticated inside DRF, after this middleware has run.
    """

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponseBase | None:
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class SlidingSessionMiddleware:
    """Idle session expiry without a database write on every request.

    A logged-in session is saved again (which pushes its expiry SESSION_COOKIE_AGE ahead) at most once
    every SESSION_TOUCH_SECONDS; so a session expires after SESSION_COOKIE_AGE of inactivity, give or
    take that interval. Replaces SESSION_SAVE_EVERY_REQUEST, which cost an UPDATE and a COMMIT per request.
    """

    KEY = "_zorgpad_touched"

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - int(session.get(self.KEY, 0)) >= settings.SESSION_TOUCH_SECONDS:
                session[self.KEY] = now
        return self.get_response(request)


def mark_session_touched(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Logging in is activity: the new session starts touched, so the next request writes nothing."""
    if getattr(request, "session", None) is not None:
        request.session[SlidingSessionMiddleware.KEY] = int(time.time())


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response of the application (pages, PDFs, API JSON, iCal).

    Patient data must not stay in a browser's or proxy's cache on a shared ward PC after logout. Applied
    to every dynamic response rather than guessing which ones carry patient data; static files (served
    by WhiteNoise, before this middleware) keep their long cache lifetimes. Merged into whatever a view
    set (its max-age becomes 0), so no view can opt a response back into a cache.
    """

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
