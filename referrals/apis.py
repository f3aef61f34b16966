"""Thin DRF views over the referral services and selectors. Public ids are UUIDs (`id` = external_id)."""

from typing import Any

import django_filters
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from referrals import selectors, services
from referrals.advice_labels import ADVICE_LABELS
from referrals.models import (
    Destination,
    FirstVisitChecklist,
    Phase,
    Referral,
    ReferralStatus,
    ReferralTransition,
    ReferrerKind,
    TertiaryRoute,
    TriageOverride,
    Urgency,
)
from referrals.rules import states
from referrals.validators import validate_agb_code, validate_pdf_letter
from zorgpad.accounts.permissions import HasViewPermissions
from zorgpad.api_fields import FormNullDateField, FormNullUUIDField, JsonBooleanField, JsonCharField
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record, audit_record_shown, query_detail
from zorgpad.patients.models import Patient, Sex
from zorgpad.patients.selectors import patient_get
from zorgpad.text_bounds import LONG_TEXT_MAX_LENGTH


class SourceSerializer(serializers.Serializer):
    document = serializers.CharField()
    section = serializers.CharField()
    quote = serializers.CharField()


class AdviceItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    code = serializers.CharField()
    text = serializers.SerializerMethodField()
    source = SourceSerializer()  # type: ignore[assignment]
    missing = serializers.ListField(child=serializers.CharField())

    def get_text(self, item: Any) -> str:
        return str(ADVICE_LABELS[item.code])


class AdviceSerializer(serializers.Serializer):
    destination = serializers.CharField(allow_null=True)
    complete = serializers.BooleanField()
    missing = serializers.ListField(child=serializers.CharField())
    items = AdviceItemSerializer(many=True)


class PatientRefSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)

    class Meta:
        model = Patient
        fields = ["id", "hospital_number", "display_name"]


class TransitionOutputSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username")

    class Meta:
        model = ReferralTransition
        fields = ["from_status", "to_status", "reason", "by", "at"]


class OverrideOutputSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username")

    class Meta:
        model = TriageOverride
        fields = ["advised_destination", "destination", "reason", "by", "at"]


REFERRAL_FIELDS = [
    "referrer_kind", "referrer_name", "referrer_organisation", "referrer_agb", "received_on", "urgency", "reason",
    "phase", "tertiary_route", "external_biopsy",
]


class ReferralOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    patient = PatientRefSerializer()
    has_letter = serializers.SerializerMethodField()
    triage_overdue = serializers.SerializerMethodField()
    advised_destination = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ["id", "patient", *REFERRAL_FIELDS, "has_letter", "status", "triage_due_on", "triage_overdue",
                  "advised_destination", "destination", "destination_overridden", "appointment_on",
                  "first_visit_on"]

    def get_has_letter(self, referral: Referral) -> bool:
        return bool(referral.letter)

    def get_triage_overdue(self, referral: Referral) -> bool:
        return referral.status == ReferralStatus.RECEIVED and referral.triage_due_on < timezone.localdate()

    @extend_schema_field(OpenApiTypes.STR)
    def get_advised_destination(self, referral: Referral) -> str | None:
        advised = selectors.referral_advice(referral).destination
        return advised.value if advised else None


class ReferralDetailOutputSerializer(ReferralOutputSerializer):
    advice = serializers.SerializerMethodField()
    allowed_transitions = serializers.SerializerMethodField()
    transitions = TransitionOutputSerializer(many=True)
    overrides = OverrideOutputSerializer(many=True)

    class Meta(ReferralOutputSerializer.Meta):
        fields = [*ReferralOutputSerializer.Meta.fields, "advice", "allowed_transitions", "transitions",
                  "overrides"]

    @extend_schema_field(AdviceSerializer)
    def get_advice(self, referral: Referral) -> dict[str, Any]:
        advice = selectors.referral_advice(referral)
        return dict(AdviceSerializer({
            "destination": advice.destination.value if advice.destination else None,
            "complete": advice.complete, "missing": list(advice.missing), "items": advice.items,
        }).data)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_transitions(self, referral: Referral) -> list[str]:
        return sorted(s.value for s in states.TRANSITIONS[states.Status(referral.status)])


class ReferralInputSerializer(serializers.Serializer):
    """A new referral. Give `patient` (id of a registered patient) or the patient's identification fields:
    the patient is then found by hospital number or BSN, or registered (never twice)."""

    patient = FormNullUUIDField(required=False, allow_null=True)
    hospital_number = JsonCharField(required=False, allow_blank=True, max_length=20)
    bsn = JsonCharField(required=False, allow_blank=True, max_length=9)
    family_name_prefix = JsonCharField(required=False, allow_blank=True, max_length=20)
    family_name = JsonCharField(required=False, allow_blank=True, max_length=100)
    given_names = JsonCharField(required=False, allow_blank=True, max_length=100)
    initials = JsonCharField(required=False, allow_blank=True, max_length=20)
    date_of_birth = FormNullDateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default=Sex.UNKNOWN)

    referrer_kind = serializers.ChoiceField(choices=ReferrerKind.choices)
    referrer_name = JsonCharField(max_length=200)
    referrer_organisation = JsonCharField(required=False, allow_blank=True, max_length=200, default="")
    referrer_agb = JsonCharField(required=False, allow_blank=True, max_length=8, default="",
                                         validators=[validate_agb_code])
    received_on = serializers.DateField()
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, default=Urgency.ROUTINE)
    reason = JsonCharField(max_length=LONG_TEXT_MAX_LENGTH)
    phase = serializers.ChoiceField(choices=Phase.choices)
    tertiary_route = serializers.ChoiceField(choices=TertiaryRoute.choices, required=False, allow_blank=True,
                                             default="")
    external_biopsy = JsonBooleanField(required=False, allow_null=True, default=None)
    letter = serializers.FileField(required=False, allow_null=True, validators=[validate_pdf_letter])

    IDENTIFICATION = ("hospital_number", "bsn", "family_name_prefix", "family_name", "given_names", "initials",
                      "date_of_birth", "sex")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = [f for f in self.IDENTIFICATION if attrs.get(f) not in (None, "") and f != "sex"]
        if attrs.get("patient") and given:
            raise serializers.ValidationError(
                {"patient": _("Give either the id of a registered patient or the identification fields, not both.")})
        if not attrs.get("patient") and not (attrs.get("hospital_number") or attrs.get("bsn")):
            raise serializers.ValidationError(
                {"hospital_number": _("Give the patient's id, hospital number or BSN.")})
        return attrs


class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices)
    phase = django_filters.ChoiceFilter(choices=Phase.choices)
    overdue = django_filters.BooleanFilter(method="filter_overdue", label="Waiting for triage past its due date")

    class Meta:
        model = Referral
        fields = ["status", "phase"]

    def filter_overdue(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        return queryset & selectors.referral_list(overdue=value, today=timezone.localdate())


class ReferralListApi(ListAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"POST": {
        "patient": "an existing patient's id.",
        "hospital_number": "the patient is identified by id, hospital number or BSN; numbers of two different "
                           "patients, or a contradicting date of birth, are refused.",
        "bsn": "must pass the 11-check; see hospital_number.",
        "date_of_birth": "needed to register a new patient; must match a known patient's.",
        "family_name": "needed to register a new patient.",
        "received_on": "not in the future.",
        "tertiary_route": "required for a tertiary referral, empty otherwise.",
        "letter": "a PDF of at most REFERRALS_LETTER_MAX_BYTES.",
    }}
    required_permissions = {"GET": ["referrals.view_referral"], "POST": ["referrals.add_referral"]}
    serializer_class = ReferralOutputSerializer
    filterset_class = ReferralFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.referral_list(today=timezone.localdate())

    def paginate_queryset(self, queryset: Any) -> Any:
        """The page about to be shown: one audit entry per patient on it (one INSERT)."""
        page = super().paginate_queryset(queryset)
        shown = page if page is not None else list(queryset)
        audit_record_shown(user=self.request.user, action=AuditAction.LIST,
                           patient_ids=[r.patient.external_id for r in shown],
                           detail=query_detail("referrals", self.request), request=self.request)
        return page

    @extend_schema(request={"application/json": ReferralInputSerializer,
                            "multipart/form-data": ReferralInputSerializer},
                   responses={201: ReferralDetailOutputSerializer})
    def post(self, request: Request) -> Response:
        data = ReferralInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        patient_id = values.pop("patient", None)
        identification_values = {f: values.pop(f, None) for f in ReferralInputSerializer.IDENTIFICATION}
        patient = identification = None
        if patient_id:
            # An unknown patient in the body is a field error (400), not an unknown URL (404).
            patient = Patient.objects.filter(external_id=patient_id).first()
            if patient is None:
                raise ValidationError({"patient": [_("No patient with this id.")]})
        else:
            identification = services.PatientIdentification(
                **{f: identification_values[f] or "" for f in ReferralInputSerializer.IDENTIFICATION
                   if f != "date_of_birth"},
                date_of_birth=identification_values["date_of_birth"],
            )
        referral = services.referral_create(user=request.user, request=request, patient=patient,
                                            identification=identification, **values)
        referral = selectors.referral_get(external_id=referral.external_id, user=request.user, request=request,
                                          detail="after create")
        return Response(ReferralDetailOutputSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetailApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["referrals.view_referral"]}
    serializer_class = ReferralDetailOutputSerializer

    def get(self, request: Request, external_id: str) -> Response:
        referral = selectors.referral_get(external_id=external_id, user=request.user, request=request)
        return Response(ReferralDetailOutputSerializer(referral).data)


class TransitionInputSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=ReferralStatus.choices)
    reason = JsonCharField(required=False, allow_blank=True, default="", max_length=LONG_TEXT_MAX_LENGTH)
    appointment_on = serializers.DateField(required=False, allow_null=True, default=None)
    first_visit_on = serializers.DateField(
        required=False, allow_null=True, default=None,
        help_text="Moving to seen: the day the first visit took place (default: the appointment, else today).")
    expected_status = serializers.ChoiceField(choices=ReferralStatus.choices, required=False, allow_null=True,
                                              default=None,
                                              help_text="The status the client last saw; refused if it changed.")


class ReferralTransitionApi(GenericAPIView):
    """Move a referral to another status. Which role may do so depends on the target status (triage, reject and
    redirect: clinicians; planning, seen and closing: clinicians and secretaries)."""

    permission_classes = [HasViewPermissions]
    business_rules = {"POST": {
        "to_status": "only the transitions of the referral state machine, by the roles allowed to make them.",
        "expected_status": "refused when the referral's status has changed meanwhile.",
        "non_field_errors": "the referral changed meanwhile (expected_status), or the role may not make this move.",
        "reason": "required to reject or redirect.",
        "appointment_on": "required to plan an appointment.",
        "first_visit_on": "not in the future, not before the referral was received.",
    }}
    required_permissions = {"POST": ["referrals.view_referral"]}
    serializer_class = ReferralDetailOutputSerializer

    @extend_schema(request=TransitionInputSerializer, responses={200: ReferralDetailOutputSerializer})
    def post(self, request: Request, external_id: str) -> Response:
        referral = get_object_or_404(Referral, external_id=external_id)
        data = TransitionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.referral_transition(referral=referral, user=request.user, request=request, **data.validated_data)
        referral = selectors.referral_get(external_id=external_id, user=request.user, request=request,
                                          detail="after status change")
        return Response(ReferralDetailOutputSerializer(referral).data)


class OverrideInputSerializer(serializers.Serializer):
    destination = serializers.ChoiceField(choices=Destination.choices)
    reason = JsonCharField(max_length=LONG_TEXT_MAX_LENGTH)


class ReferralOverrideApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"POST": {
        "destination": "differs from the pathway's advice; only before the referral is closed.",
        "non_field_errors": "only a referral with an advice can be overridden.",
    }}
    required_permissions = {"POST": ["referrals.triage_referral"]}
    serializer_class = ReferralDetailOutputSerializer

    @extend_schema(request=OverrideInputSerializer, responses={200: ReferralDetailOutputSerializer})
    def post(self, request: Request, external_id: str) -> Response:
        referral = get_object_or_404(Referral, external_id=external_id)
        data = OverrideInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.referral_triage_override(referral=referral, user=request.user, request=request,
                                          **data.validated_data)
        referral = selectors.referral_get(external_id=external_id, user=request.user, request=request,
                                          detail="after override")
        return Response(ReferralDetailOutputSerializer(referral).data)


class ReferralLetterApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["referrals.view_referral"]}

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, external_id: str) -> FileResponse:
        referral = get_object_or_404(Referral.objects.select_related("patient"), external_id=external_id)
        if not referral.letter:
            raise Http404
        audit_record(user=request.user, action=AuditAction.VIEW, patient=referral.patient, obj=referral,
                     detail="referral letter", request=request)
        response = FileResponse(referral.letter.open("rb"), content_type="application/pdf",
                                filename=f"verwijzing-{referral.received_on:%Y%m%d}.pdf", as_attachment=True)
        response["X-Content-Type-Options"] = "nosniff"
        return response


class ChecklistSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient.external_id", read_only=True)
    referral = serializers.UUIDField(source="referral.external_id", read_only=True, allow_null=True, default=None)

    class Meta:
        model = FirstVisitChecklist
        fields = ["patient", "referral", *services.CHECKLIST_FIELDS, "result_due_on", "updated_at"]
        read_only_fields = ["result_due_on", "updated_at"]


class PatientChecklistApi(GenericAPIView):
    """The patient's first-visit checklist (pathway "Verwijzing en triage"): that of the patient's latest referral
    (the current episode); `/referrals/{id}/first-visit-checklist/` addresses one episode.

    PUT creates or updates it (fields left out keep their value)."""

    permission_classes = [HasViewPermissions]
    business_rules = {"PUT": {
        "biopsy_taken_on": "not in the future.",
        "result_discussed_on": "not in the future, not before the biopsy.",
    }}
    required_permissions = {"GET": ["referrals.view_firstvisitchecklist"],
                            "PUT": ["referrals.change_firstvisitchecklist"]}
    serializer_class = ChecklistSerializer
    # For OPTIONS only: DRF's metadata checks PUT against get_object(), which needs these (was an AssertionError).
    queryset = Patient.objects.all()
    lookup_field = lookup_url_kwarg = "external_id"

    def get(self, request: Request, external_id: str) -> Response:
        patient = patient_get(external_id=external_id, user=request.user, request=request,
                              detail="first-visit checklist")
        checklist = selectors.checklist_current(patient=patient, referral=services.latest_referral(patient=patient))
        if checklist is None:
            raise Http404
        return Response(ChecklistSerializer(checklist).data)

    def put(self, request: Request, external_id: str) -> Response:
        patient = get_object_or_404(Patient, external_id=external_id)
        data = ChecklistSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checklist = services.checklist_update(patient=patient, user=request.user, request=request,
                                              **data.validated_data)
        return Response(ChecklistSerializer(checklist).data)


class ReferralChecklistApi(GenericAPIView):
    """The first-visit checklist of one referral episode (its biopsy and result dates belong to the episode).

    PUT creates or updates it (fields left out keep their value)."""

    permission_classes = [HasViewPermissions]
    business_rules = PatientChecklistApi.business_rules
    required_permissions = PatientChecklistApi.required_permissions
    serializer_class = ChecklistSerializer
    queryset = Referral.objects.all()
    lookup_field = lookup_url_kwarg = "external_id"

    def get(self, request: Request, external_id: str) -> Response:
        referral = get_object_or_404(Referral.objects.select_related("patient"), external_id=external_id)
        checklist = FirstVisitChecklist.objects.filter(referral=referral).select_related("patient").first()
        audit_record(user=request.user, action=AuditAction.VIEW, patient=referral.patient,
                     obj=checklist or referral, detail="first-visit checklist", request=request)
        if checklist is None:
            raise Http404
        return Response(ChecklistSerializer(checklist).data)

    def put(self, request: Request, external_id: str) -> Response:
        referral = get_object_or_404(Referral.objects.select_related("patient"), external_id=external_id)
        data = ChecklistSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        checklist = services.checklist_update(referral=referral, user=request.user, request=request,
                                              **data.validated_data)
        return Response(ChecklistSerializer(checklist).data)
