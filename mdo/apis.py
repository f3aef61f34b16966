"""Thin DRF views of the MDO. Public ids are UUIDs (`id` = external_id)."""

from datetime import timedelta
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.authentication import BaseAuthentication, SessionAuthentication
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from mdo import selectors, services, session_services
from mdo.ical import mdo_calendar
from mdo.models import Imaging, MdoCase, MdoFeedToken, MdoSession, MdoType, SessionStatus
from mdo.rules.calendar import holiday_name
from zorgpad.accounts.authentication import ApiTokenAuthentication
from zorgpad.accounts.permissions import HasViewPermissions
from zorgpad.api_fields import JsonCharField, JsonIntegerField
from zorgpad.api_pagination import StrictPageNumberPagination
from zorgpad.patients.models import Tumour
from zorgpad.text_bounds import QUESTION_MAX_LENGTH


class SessionOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    mdo_type = serializers.CharField(source="mdo_type.code", read_only=True)
    mdo_type_name = serializers.CharField(source="mdo_type.name", read_only=True)
    start = serializers.DateTimeField(source="starts_at", read_only=True)
    end = serializers.DateTimeField(source="ends_at", read_only=True)
    holiday = serializers.SerializerMethodField()
    booked_minutes = serializers.SerializerMethodField()
    case_count = serializers.SerializerMethodField()

    class Meta:
        model = MdoSession
        fields = ["id", "mdo_type", "mdo_type_name", "date", "original_date", "start", "end", "status", "note",
                  "holiday", "location", "capacity_minutes", "booked_minutes", "case_count",
                  "registration_deadline", "move_reason"]

    def get_holiday(self, obj: MdoSession) -> dict[str, str] | None:
        if not obj.is_holiday:
            return None
        return {"date": obj.original_date.isoformat(), "nl": holiday_name(obj.original_date, language="nl") or obj.note,
                "en": holiday_name(obj.original_date, language="en") or obj.note}

    def get_booked_minutes(self, obj: MdoSession) -> int:
        booked = getattr(obj, "booked", None)
        return int(booked) if booked is not None else services.booked_minutes(obj)

    def get_case_count(self, obj: MdoSession) -> int | None:
        return getattr(obj, "case_count", None)


class SessionPagination(StrictPageNumberPagination):
    # A year of weekly sessions (up to 53) fits on one page.
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class SessionFilter(django_filters.FilterSet):
    mdo_type = django_filters.CharFilter(field_name="mdo_type__code", label="MDO type code, e.g. sarcoma")
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    status = django_filters.ChoiceFilter(choices=SessionStatus.choices)

    class Meta:
        model = MdoSession
        fields: list[str] = []


class SessionListApi(ListAPIView):
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["mdo.view_mdosession"]}
    serializer_class = SessionOutputSerializer
    filterset_class = SessionFilter
    pagination_class = SessionPagination

    def get_queryset(self) -> Any:
        return selectors.mdo_session_list()


class SessionDetailApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["mdo.view_mdosession"]}
    serializer_class = SessionOutputSerializer

    def get(self, request: Request, external_id: str) -> Response:
        session = get_object_or_404(selectors.mdo_session_list(), external_id=external_id)
        return Response(SessionOutputSerializer(session).data)


class SessionCancelInputSerializer(serializers.Serializer):
    reason = JsonCharField(max_length=300)


class SessionMoveInputSerializer(serializers.Serializer):
    new_date = serializers.DateField()
    start_time = serializers.TimeField(required=False, allow_null=True)
    end_time = serializers.TimeField(required=False, allow_null=True)
    reason = JsonCharField(max_length=300)


def _session_response(session: MdoSession) -> Response:
    fresh = selectors.mdo_session_list().get(pk=session.pk)
    return Response(SessionOutputSerializer(fresh).data)


class SessionCancelApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"POST": {"non_field_errors": "only a planned session can be cancelled."}}
    required_permissions = {"POST": ["mdo.manage_mdosession"]}
    serializer_class = SessionOutputSerializer

    @extend_schema(request=SessionCancelInputSerializer, responses={200: SessionOutputSerializer})
    def post(self, request: Request, external_id: str) -> Response:
        session = get_object_or_404(MdoSession, external_id=external_id)
        data = SessionCancelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session_services.mdo_session_cancel(session=session, user=request.user, request=request, **data.validated_data)
        return _session_response(session)


class SessionMoveApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"POST": {
        "new_date": "not in the past, not on a holiday; only a planned session moves.",
        "end_time": "after the start time.",
        "non_field_errors": "only a planned session can be moved.",
    }}
    required_permissions = {"POST": ["mdo.manage_mdosession"]}
    serializer_class = SessionOutputSerializer

    @extend_schema(request=SessionMoveInputSerializer, responses={200: SessionOutputSerializer})
    def post(self, request: Request, external_id: str) -> Response:
        session = get_object_or_404(MdoSession, external_id=external_id)
        data = SessionMoveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session_services.mdo_session_move(session=session, user=request.user, request=request, **data.validated_data)
        return _session_response(session)


class CaseRegisterInputSerializer(serializers.Serializer):
    tumour = serializers.SlugRelatedField(slug_field="external_id", queryset=Tumour.objects.select_related("patient"))
    question = JsonCharField(max_length=QUESTION_MAX_LENGTH)
    presenting_clinician = serializers.SlugRelatedField(
        slug_field="username", queryset=get_user_model().objects.filter(is_active=True))
    minutes_needed = JsonIntegerField(min_value=1, max_value=240, required=False, allow_null=True)
    imaging = serializers.ChoiceField(choices=Imaging.choices, default=Imaging.PENDING)
    referrer_name = JsonCharField(max_length=200, required=False, allow_blank=True, default="")
    referrer_organisation = JsonCharField(max_length=200, required=False, allow_blank=True, default="")
    override_reason = JsonCharField(max_length=300, required=False, allow_blank=True, default="")


class CaseOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    session = serializers.UUIDField(source="session.external_id", read_only=True)
    patient = serializers.UUIDField(source="patient.external_id", read_only=True)
    tumour = serializers.UUIDField(source="tumour.external_id", read_only=True)
    presenting_clinician = serializers.CharField(source="presenting_clinician.username", read_only=True)

    class Meta:
        model = MdoCase
        fields = ["id", "session", "patient", "tumour", "question", "presenting_clinician", "minutes_needed",
                  "imaging", "position", "status", "override_reason"]


class SessionCaseRegisterApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"POST": {
        "tumour": "an existing tumour.",
        "presenting_clinician": "the user name of an active clinician.",
        "session": "registration open (before the deadline), room left, session not cancelled; a coordinator "
                   "may override with a reason.",
        "override_reason": "coordinators only.",
    }}
    required_permissions = {"POST": ["mdo.add_mdocase"]}
    serializer_class = CaseOutputSerializer

    @extend_schema(
        request=CaseRegisterInputSerializer,
        responses={201: CaseOutputSerializer,
                   400: OpenApiResponse(description="Field errors; a refused registration (deadline passed, "
                                                    "session full or cancelled) also gives `proposed_session`.")},
    )
    def post(self, request: Request, external_id: str) -> Response:
        session = get_object_or_404(MdoSession.objects.select_related("mdo_type"), external_id=external_id)
        data = CaseRegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = services.mdo_case_register(session=session, user=request.user, request=request,
                                              **data.validated_data)
        except services.RegistrationRefused as exc:
            proposed = exc.proposed_session
            body: dict[str, Any] = {
                "session": exc.messages, "code": exc.refusal_code,
                "proposed_session": SessionOutputSerializer(
                    selectors.mdo_session_list().get(pk=proposed.pk)).data if proposed else None,
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        return Response(CaseOutputSerializer(case).data, status=status.HTTP_201_CREATED)


class MdoTypeOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    required_slots = serializers.SerializerMethodField()

    class Meta:
        model = MdoType
        fields = ["id", "code", "name", "location", "weekday", "interval_weeks", "start_time", "end_time",
                  "timezone", "capacity_minutes", "default_minutes_per_case", "deadline_days_before",
                  "deadline_time", "required_slots", "optional_specialties", "active"]

    def get_required_slots(self, obj: MdoType) -> list[list[str]]:
        return [list(slot.specialties) for slot in obj.required_slots.all()]


class MdoTypeListApi(ListAPIView):
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["mdo.view_mdotype"]}
    serializer_class = MdoTypeOutputSerializer

    def get_queryset(self) -> Any:
        return MdoType.objects.prefetch_related("required_slots").order_by("name")


class FeedTokenAuthentication(BaseAuthentication):
    """`?token=<key>` from the user's calendar link; valid for the calendar feed only."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        key = request.query_params.get("token")
        if not key:
            return None
        token = MdoFeedToken.objects.select_related("user").filter(digest=MdoFeedToken.digest_of(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Invalid calendar token.")
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"


class FeedTokenScheme(OpenApiAuthenticationExtension):
    target_class = "mdo.apis.FeedTokenAuthentication"
    name = "calendarToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "query", "name": "token",
                "description": "Personal calendar key from /mdo/calendar/ (valid for the calendar feed only)."}


class CalendarFeedApi(APIView):
    """iCalendar (.ics) of one MDO series: times and location only. Calendar apps subscribe with ?token=."""

    authentication_classes = [FeedTokenAuthentication, SessionAuthentication, ApiTokenAuthentication]
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["mdo.view_mdosession"]}

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.STR})
    def get(self, request: Request, code: str) -> HttpResponse:
        mdo_type = get_object_or_404(MdoType, code=code)
        today = timezone.localdate()
        sessions = MdoSession.objects.select_related("mdo_type").filter(
            mdo_type=mdo_type, date__gte=today - timedelta(weeks=8), date__lte=today + timedelta(weeks=60),
        ).order_by("date")
        response = HttpResponse(mdo_calendar(mdo_type=mdo_type, sessions=sessions),
                                content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="mdo-{mdo_type.code}.ics"'
        return response
