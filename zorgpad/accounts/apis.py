"""API login: exchange user name and password for a token, throttled and guarded by django-axes."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle


class TokenObtainApi(ObtainAuthToken):
    """POST user name and password, get `{"token": ...}`; send it as `Authorization: Token <token>`.

    Guessing is limited twice: per client by DRF throttling (scope `auth-token`) and per user name
    by django-axes (the same lockout as the login page), answered with 429.
    """

    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"
    business_rules = {"POST": {"non_field_errors": "the user name and password of an active user."}}

    @extend_schema(
        request=inline_serializer(
            "TokenObtainInput",
            {"username": serializers.CharField(), "password": serializers.CharField(write_only=True)},
        ),
        responses={
            200: inline_serializer("TokenObtainOutput", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="Wrong user name or password, or a field missing."),
            429: OpenApiResponse(description="Too many attempts: wait and try again."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        finally:
            # django-axes flags the wrapped Django request when the user name is locked out.
            if getattr(request, "axes_locked_out", False) or getattr(request._request, "axes_locked_out", False):
                raise Throttled(detail="Too many failed login attempts: try again later.")
