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
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.patients import selectors, services
from zorgpad.patients.models import Comorbidity, Patient, Tumour, TumourMarker
from zorgpad.patients.names import InvalidDate


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
        extra_kwargs: dict[str, Any] = {"hospital_number": {"validators": []}}


class TumourOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    patient = serializers.UUIDField(source="patient.external_id", read_only=True)

    class Meta:
        model = Tumour
        fields = ["id", "patient", *services.TUMOUR_FIELDS]


class TumourInputSerializer(serializers.ModelSerializer):
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
    ssc_criteria = serializers.DictField(child=serializers.BooleanField(), required=False)

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


class PatientListApi(ListAPIView):
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["patients.view_patient"], "POST": ["patients.add_patient"]}
    serializer_class = PatientOutputSerializer
    filterset_class = PatientFilter

    def get_queryset(self) -> Any:
        return Patient.objects.all()

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        audit_record(user=request.user, action=AuditAction.SEARCH, detail=request.GET.urlencode(), request=request)
        return super().list(request, *args, **kwargs)

    @extend_schema(request=PatientInputSerializer, responses={201: PatientOutputSerializer})
    def post(self, request: Request) -> Response:
        data = PatientInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        patient = services.patient_create(user=request.user, request=request, **data.validated_data)
        return Response(PatientOutputSerializer(patient).data, status=status.HTTP_201_CREATED)


class PatientDetailApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
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
    required_permissions = {"GET": ["patients.view_tumour"], "POST": ["patients.add_tumour"]}
    serializer_class = TumourOutputSerializer
    input_serializer = TumourInputSerializer
    output_serializer = TumourOutputSerializer
    related_name = "tumours"

    def create(self, *, patient: Patient, request: Request, data: dict[str, Any]) -> Tumour:
        return services.tumour_create(patient=patient, user=request.user, request=request, **data)


@extend_schema(methods=["POST"], request=ComorbidityInputSerializer, responses={201: ComorbidityOutputSerializer})
class PatientComorbidityListApi(_PatientChildListApi):
    required_permissions = {"GET": ["patients.view_comorbidity"], "POST": ["patients.add_comorbidity"]}
    serializer_class = ComorbidityOutputSerializer
    input_serializer = ComorbidityInputSerializer
    output_serializer = ComorbidityOutputSerializer
    related_name = "comorbidities"

    def create(self, *, patient: Patient, request: Request, data: dict[str, Any]) -> Comorbidity:
        return services.comorbidity_create(patient=patient, user=request.user, request=request, **data)


@extend_schema(methods=["POST"], request=MarkerInputSerializer, responses={201: MarkerOutputSerializer})
class PatientMarkerListApi(_PatientChildListApi):
    required_permissions = {"GET": ["patients.view_tumourmarker"], "POST": ["patients.add_tumourmarker"]}
    serializer_class = MarkerOutputSerializer
    input_serializer = MarkerInputSerializer
    output_serializer = MarkerOutputSerializer
    related_name = "markers"

    def create(self, *, patient: Patient, request: Request, data: dict[str, Any]) -> TumourMarker:
        return services.marker_create(patient=patient, user=request.user, request=request, **data)


class TumourDetailApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
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
