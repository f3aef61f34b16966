"""Thin DRF views over the patient services and selectors. Public ids are UUIDs (`id` = external_id)."""

from typing import Any

import django_filters
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from zorgpad.accounts.permissions import HasViewPermissions
from zorgpad.api_fields import JsonBooleanField
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record_shown, query_detail
from zorgpad.pathways.vocabulary import MelanomaEventKind
from zorgpad.patients import selectors, services
from zorgpad.patients.models import Comorbidity, Patient, Tumour, TumourMarker
from zorgpad.patients.names import InvalidDate
from zorgpad.patients.validators import validate_hospital_number


class PatientOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    display_name = serializers.CharField(read_only=True, help_text='For lists: "Dam, G. van".')
    formal_name = serializers.CharField(read_only=True, help_text='For letters, per name usage: "G. van Dam".')

    class Meta:
        model = Patient
        fields = ["id", "display_name", "formal_name", *services.PATIENT_FIELDS]


class PatientInputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Patient
        fields = list(services.PATIENT_FIELDS)
        # Uniqueness is checked by the service (full_clean) inside its transaction.
        validators: list[Any] = []
        extra_kwargs: dict[str, Any] = {"hospital_number": {"validators": [validate_hospital_number]}}


class MelanomaEventSerializer(serializers.Serializer):
    """A dated melanoma event: present at diagnosis (part of the N category) or later (a recurrence)."""

    kind = serializers.ChoiceField(choices=[k.value for k in MelanomaEventKind])
    date = serializers.DateField()
    at_diagnosis = JsonBooleanField(required=False, default=False)


class TumourOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    patient = serializers.UUIDField(source="patient.external_id", read_only=True)
    melanoma_events = MelanomaEventSerializer(many=True, read_only=True)

    class Meta:
        model = Tumour
        fields = ["id", "patient", *services.TUMOUR_FIELDS]


class TumourInputSerializer(serializers.ModelSerializer):
    melanoma_events = MelanomaEventSerializer(many=True, required=False)

    def validate_melanoma_events(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        # Stored as JSON: dates as ISO strings.
        return [{**event, "date": event["date"].isoformat()} for event in value]

    class Meta:
        model = Tumour
        fields = list(services.TUMOUR_FIELDS)


class ComorbidityOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    patient = serializers.UUIDField(source="patient.external_id", read_only=True)

    class Meta:
        model = Comorbidity
        fields = ["id", "patient", *services.COMORBIDITY_FIELDS]


class ComorbidityInputSerializer(serializers.ModelSerializer):
    ssc_criteria = serializers.DictField(child=JsonBooleanField(), required=False)

    class Meta:
        model = Comorbidity
        fields = list(services.COMORBIDITY_FIELDS)


class MarkerOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    patient = serializers.UUIDField(source="patient.external_id", read_only=True)
    tumour = serializers.UUIDField(source="tumour.external_id", read_only=True, allow_null=True)

    class Meta:
        model = TumourMarker
        fields = ["id", "patient", "tumour", "marker", "marker_other", "measured_on", "value", "unit", "upper_limit"]


class MarkerInputSerializer(serializers.ModelSerializer):
    tumour = serializers.SlugRelatedField(
        slug_field="external_id", queryset=Tumour.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = TumourMarker
        fields = list(services.MARKER_FIELDS)


class PatientFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search",
        label='Name ("Dam", "van Dam", "Dam, G"), hospital number, BSN or date of birth (dd-mm-jjjj)',
    )
    born_after = django_filters.DateFilter(field_name="date_of_birth", lookup_expr="gte")
    born_before = django_filters.DateFilter(field_name="date_of_birth", lookup_expr="lte")

    class Meta:
        model = Patient
        fields = ["hospital_number", "bsn", "sex"]

    def search(self, queryset: Any, name: str, value: str) -> Any:
        try:
            return queryset & selectors.patient_list(query=value)
        except InvalidDate as exc:
            raise serializers.ValidationError(
                {"q": [_("%(value)s is not a date: type a date of birth as dd-mm-jjjj, e.g. 14-03-1949.")
                       % {"value": value.strip()}]}
            ) from exc


# Business rules that refuse schema-valid input (stated in the OpenAPI description; zorgpad/api_schema.py).
PATIENT_RULES = {
    "hospital_number": "unique: another patient's hospital number is refused.",
    "bsn": "must pass the 11-check, and be unique.",
    "date_of_birth": "not in the future.",
    "date_of_death": "not in the future, and not before the date of birth.",
}
TUMOUR_RULES = {
    "diagnosis_other": "required when the diagnosis is 'other', empty otherwise.",
    "breslow_mm": "melanoma only.",
    "ulceration": "melanoma only.",
    "date_of_diagnosis": "not in the future, not before the date of birth.",
    "date_of_surgery": "not in the future, not before the date of birth.",
    "revision_status": "revision is requested only for pathology from elsewhere.",
}
COMORBIDITY_RULES = {
    "description": "required when the kind is 'other'.",
    "onset_date": "not in the future, not before the date of birth.",
    "ssc_criteria": "only the criteria of the ACR/EULAR 2013 list.",
}
MARKER_RULES = {
    "tumour": "a tumour of this patient.",
    "marker_other": "required when the marker is 'other'.",
    "unit": "a known unit: µg/L, ng/L, ng/mL or U/L (as people write it, or in UCUM: ug/L ...).",
    "measured_on": "not in the future, not before the date of birth.",
}


class PatientListApi(ListAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"POST": PATIENT_RULES}
    required_permissions = {"GET": ["patients.view_patient"], "POST": ["patients.add_patient"]}
    serializer_class = PatientOutputSerializer
    filterset_class = PatientFilter

    def get_queryset(self) -> Any:
        return Patient.objects.all()

    def paginate_queryset(self, queryset: Any) -> Any:
        """The page about to be shown: one audit entry per patient on it (one INSERT)."""
        page = super().paginate_queryset(queryset)
        shown = page if page is not None else list(queryset)
        request = self.request
        searched = any(request.GET.get(name) for name in self.filterset_class.base_filters)  # q, bsn, born_after...
        audit_record_shown(user=request.user, action=AuditAction.SEARCH if searched else AuditAction.LIST,
                           patient_ids=[p.external_id for p in shown], request=request,
                           detail=query_detail("patients", request))
        return page

    @extend_schema(request=PatientInputSerializer, responses={201: PatientOutputSerializer})
    def post(self, request: Request) -> Response:
        data = PatientInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        patient = services.patient_create(user=request.user, request=request, **data.validated_data)
        return Response(PatientOutputSerializer(patient).data, status=status.HTTP_201_CREATED)


class PatientDetailApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"PATCH": PATIENT_RULES}
    required_permissions = {"GET": ["patients.view_patient"], "PATCH": ["patients.change_patient"]}
    serializer_class = PatientOutputSerializer

    def get(self, request: Request, external_id: str) -> Response:
        patient = selectors.patient_get(external_id=external_id, user=request.user, request=request)
        return Response(PatientOutputSerializer(patient).data)

    @extend_schema(request=PatientInputSerializer, responses={200: PatientOutputSerializer})
    def patch(self, request: Request, external_id: str) -> Response:
        patient = get_object_or_404(Patient, external_id=external_id)
        data = PatientInputSerializer(patient, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.patient_update(patient=patient, user=request.user, request=request, **data.validated_data)
        return Response(PatientOutputSerializer(patient).data)


class _PatientChildListApi(ListAPIView):
    """GET the patient's children, POST a new one; both audit-logged against the patient."""

    permission_classes = [HasViewPermissions]
    input_serializer: type[serializers.Serializer]
    output_serializer: type[serializers.Serializer]
    related_name: str

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request, no patient
            return Patient.objects.none()
        patient = selectors.patient_get(
            external_id=self.kwargs["external_id"], user=self.request.user, request=self.request,
            detail=self.related_name,
        )
        return getattr(patient, self.related_name).all()

    def post(self, request: Request, external_id: str) -> Response:
        patient = get_object_or_404(Patient, external_id=external_id)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        obj = self.create(patient=patient, request=request, data=data.validated_data)
        return Response(self.output_serializer(obj).data, status=status.HTTP_201_CREATED)

    def create(self, *, patient: Patient, request: Request, data: dict[str, Any]) -> Any:
        raise NotImplementedError


@extend_schema(methods=["POST"], request=TumourInputSerializer, responses={201: TumourOutputSerializer})
class PatientTumourListApi(_PatientChildListApi):
    business_rules = {"POST": TUMOUR_RULES}
    required_permissions = {"GET": ["patients.view_tumour"], "POST": ["patients.add_tumour"]}
    serializer_class = TumourOutputSerializer
    input_serializer = TumourInputSerializer
    output_serializer = TumourOutputSerializer
    related_name = "tumours"

    def create(self, *, patient: Patient, request: Request, data: dict[str, Any]) -> Tumour:
        return services.tumour_create(patient=patient, user=request.user, request=request, **data)


@extend_schema(methods=["POST"], request=ComorbidityInputSerializer, responses={201: ComorbidityOutputSerializer})
class PatientComorbidityListApi(_PatientChildListApi):
    business_rules = {"POST": COMORBIDITY_RULES}
    required_permissions = {"GET": ["patients.view_comorbidity"], "POST": ["patients.add_comorbidity"]}
    serializer_class = ComorbidityOutputSerializer
    input_serializer = ComorbidityInputSerializer
    output_serializer = ComorbidityOutputSerializer
    related_name = "comorbidities"

    def create(self, *, patient: Patient, request: Request, data: dict[str, Any]) -> Comorbidity:
        return services.comorbidity_create(patient=patient, user=request.user, request=request, **data)


@extend_schema(methods=["POST"], request=MarkerInputSerializer, responses={201: MarkerOutputSerializer})
class PatientMarkerListApi(_PatientChildListApi):
    business_rules = {"POST": MARKER_RULES}
    required_permissions = {"GET": ["patients.view_tumourmarker"], "POST": ["patients.add_tumourmarker"]}
    serializer_class = MarkerOutputSerializer
    input_serializer = MarkerInputSerializer
    output_serializer = MarkerOutputSerializer
    related_name = "markers"

    def create(self, *, patient: Patient, request: Request, data: dict[str, Any]) -> TumourMarker:
        return services.marker_create(patient=patient, user=request.user, request=request, **data)


class TumourDetailApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"PATCH": TUMOUR_RULES}
    required_permissions = {"GET": ["patients.view_tumour"], "PATCH": ["patients.change_tumour"]}
    serializer_class = TumourOutputSerializer

    def get(self, request: Request, external_id: str) -> Response:
        tumour = selectors.tumour_get(external_id=external_id, user=request.user, request=request)
        return Response(TumourOutputSerializer(tumour).data)

    @extend_schema(request=TumourInputSerializer, responses={200: TumourOutputSerializer})
    def patch(self, request: Request, external_id: str) -> Response:
        tumour = get_object_or_404(Tumour.objects.select_related("patient"), external_id=external_id)
        data = TumourInputSerializer(tumour, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.tumour_update(tumour=tumour, user=request.user, request=request, **data.validated_data)
        return Response(TumourOutputSerializer(tumour).data)


class ComorbidityDetailApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"PATCH": COMORBIDITY_RULES}
    required_permissions = {"GET": ["patients.view_comorbidity"], "PATCH": ["patients.change_comorbidity"]}
    serializer_class = ComorbidityOutputSerializer

    def get(self, request: Request, external_id: str) -> Response:
        comorbidity = selectors.comorbidity_get(external_id=external_id, user=request.user, request=request)
        return Response(ComorbidityOutputSerializer(comorbidity).data)

    @extend_schema(request=ComorbidityInputSerializer, responses={200: ComorbidityOutputSerializer})
    def patch(self, request: Request, external_id: str) -> Response:
        comorbidity = get_object_or_404(Comorbidity.objects.select_related("patient"), external_id=external_id)
        data = ComorbidityInputSerializer(comorbidity, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        services.comorbidity_update(
            comorbidity=comorbidity, user=request.user, request=request, **data.validated_data
        )
        return Response(ComorbidityOutputSerializer(comorbidity).data)
