"""Thin DRF views over the follow-up services and selectors. Public ids are UUIDs."""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from followup import selectors, services
from followup.models import FollowUpPlan, PlanTemplate, Visit, VisitStatus
from zorgpad.accounts.permissions import HasViewPermissions
from zorgpad.api_fields import JsonCharField
from zorgpad.audit.models import AuditAction
from zorgpad.audit.services import audit_record
from zorgpad.patients.models import Patient, Tumour
from zorgpad.text_bounds import LONG_TEXT_MAX_LENGTH


class VisitOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)

    class Meta:
        model = Visit
        fields = ["id", "sequence", "kind", "items", "due_date", "window_start", "window_end", "invite_from", "status",
                  "outcome_note", "done_on", "cancel_reason"]


class PlanOutputSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="external_id", read_only=True)
    patient = serializers.UUIDField(source="patient.external_id", read_only=True)
    tumour = serializers.UUIDField(source="tumour.external_id", read_only=True)
    template = serializers.SerializerMethodField()
    visits = VisitOutputSerializer(many=True, read_only=True)

    class Meta:
        model = FollowUpPlan
        fields = ["id", "patient", "tumour", "status", "reason", "template", "explicit_template", "anchor_date",
                  "ends_on", "stop_reason", "stopped_at", "visits"]

    def get_template(self, plan: FollowUpPlan) -> str | None:
        return f"{plan.template.key} v{plan.template.version}" if plan.template else None


class PatientPlanListApi(GenericAPIView):
    pagination_class = None  # a patient has a handful of plans: answered (and documented) as a plain list
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["followup.view_followupplan"]}
    serializer_class = PlanOutputSerializer
    queryset = FollowUpPlan.objects.none()  # for drf-spectacular only (drf_spectacular.W001); get() reads

    @extend_schema(responses={200: PlanOutputSerializer(many=True)})
    def get(self, request: Request, external_id: str) -> Response:
        patient = get_object_or_404(Patient, external_id=external_id)
        audit_record(user=request.user, action=AuditAction.VIEW, patient=patient, obj=patient,
                     detail="follow-up plans", request=request)
        return Response(PlanOutputSerializer(selectors.plans_for_patient(patient=patient), many=True).data)


class PlanBuildInputSerializer(serializers.Serializer):
    template = serializers.SlugRelatedField(slug_field="key", queryset=PlanTemplate.objects.filter(is_current=True),
                                            required=False, allow_null=True,
                                            help_text="Only for an explicit choice (melanoma, other).")


class TumourPlanBuildApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"POST": {
        "non_field_errors": "a routine plan only for a tumour without recurrence or metastasis, with the facts "
                            "the pathway needs, and not twice.",
        "template": "a current template that fits the tumour.",
    }}
    required_permissions = {"POST": ["followup.add_followupplan"]}
    serializer_class = PlanOutputSerializer

    @extend_schema(request=PlanBuildInputSerializer, responses={201: PlanOutputSerializer})
    def post(self, request: Request, external_id: str) -> Response:
        tumour = get_object_or_404(Tumour, external_id=external_id)
        data = PlanBuildInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = services.followup_plan_build(tumour=tumour, user=request.user,
                                            template=data.validated_data.get("template"), request=request)
        plan = selectors.plans_for_patient(patient=plan.patient).get(pk=plan.pk)
        return Response(PlanOutputSerializer(plan).data, status=status.HTTP_201_CREATED)


class VisitStatusInputSerializer(serializers.Serializer):
    # A visit never goes back to "planned": only the statuses a person can set are offered.
    status = serializers.ChoiceField(choices=[c for c in VisitStatus.choices if c[0] != VisitStatus.PLANNED])
    note = JsonCharField(required=False, allow_blank=True, default="", max_length=LONG_TEXT_MAX_LENGTH)
    done_on = serializers.DateField(required=False, allow_null=True, default=None)


class VisitStatusApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    business_rules = {"POST": {
        "status": "only the transitions of a visit (planned -> invited/booked/done/missed/cancelled ...).",
        "note": "required to cancel (at most 300 characters there).",
        "done_on": "not in the future.",
        "non_field_errors": "the role must be allowed to book or record the outcome.",
    }}
    required_permissions = {"POST": ["followup.view_followupplan"]}  # the service checks book/outcome rights
    serializer_class = VisitOutputSerializer

    @extend_schema(request=VisitStatusInputSerializer, responses={200: VisitOutputSerializer})
    def post(self, request: Request, external_id: str) -> Response:
        visit = selectors.visit_get(external_id=external_id)
        data = VisitStatusInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values: dict[str, Any] = data.validated_data
        if values["status"] == VisitStatus.CANCELLED:
            visit = services.plan_visit_cancel(visit=visit, reason=values["note"], user=request.user, request=request)
        else:
            visit = services.visit_transition(visit=visit, to=values["status"], user=request.user,
                                              note=values["note"], done_on=values["done_on"], request=request)
        return Response(VisitOutputSerializer(visit).data)
