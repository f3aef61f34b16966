"""API login and logout: exchange user name and password for an expiring token, throttled and guarded by
django-axes; logging out revokes the token."""

from typing import Any

from django.contrib.auth.signals import user_logged_out
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from knox.models import AuthToken
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import NotAuthenticated, Throttled
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from zorgpad.accounts import services
from zorgpad.accounts.authentication import ApiTokenAuthentication


class TokenObtainApi(APIView):
    """POST user name and password, get `{"token": ..., "expiry": ...}`; send it as `Authorization: Token <token>`.

    The token is shown this once (only its digest is stored) and expires after API_TOKEN_TTL_HOURS (default 10).
    Guessing is limited twice: per client by DRF throttling (scope `auth-token`) and by django-axes (the same
    lockout as the login page), answered with 429.
    """

    permission_classes = [AllowAny]
    # As DRF's ObtainAuthToken, which this endpoint replaced: clients may log in with a form as well as JSON.
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth-token"
    business_rules = {"POST": {"non_field_errors": "the user name and password of an active user."}}

    @extend_schema(
        request=inline_serializer(
            "TokenObtainInput",
            {"username": serializers.CharField(), "password": serializers.CharField(write_only=True)},
        ),
        responses={
            200: inline_serializer(
                "TokenObtainOutput", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}
            ),
            400: OpenApiResponse(description="Wrong user name or password, or a field missing."),
            429: OpenApiResponse(description="Too many attempts: wait and try again."),
        },
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        finally:
            # django-axes flags the wrapped Django request when the user name is locked out.
            if getattr(request, "axes_locked_out", False) or getattr(request._request, "axes_locked_out", False):
                raise Throttled(detail="Too many failed login attempts: try again later.")
        instance, token = services.api_token_create(user=serializer.validated_data["user"])
        expiry = serializers.DateTimeField().to_representation(instance.expiry) if instance.expiry else None
        return Response({"token": token, "expiry": expiry})


class TokenLogoutApi(APIView):
    """POST with `Authorization: Token <token>`: that token stops working at once (204)."""

    # The session too, only so that a browser session posting here meets the CSRF check (and then a 401).
    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    # A session passes this (then GET is a 405 and POST a 401: only a token can be revoked); anonymous gets 401.
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=None,
        responses={204: OpenApiResponse(description="The token is revoked."),
                   400: OpenApiResponse(description="A body was sent and is not valid JSON (none is needed)."),
                   401: OpenApiResponse(description="No valid token sent."),
                   403: OpenApiResponse(description="A browser session without its CSRF token."),
                   415: OpenApiResponse(description="A body was sent in another media type than JSON.")},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        request.data  # noqa: B018  (a body, though none is needed, must be JSON: 400/415 as documented)
        if not isinstance(request.auth, AuthToken):
            raise NotAuthenticated()
        services.api_token_revoke(token=request.auth)
        user_logged_out.send(sender=request.user.__class__, request=request, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


