"""Read API of the pathway's decisions: a tumour's pathway, branch, staging, advice and follow-up; a patient's
alerts. Thin views: the decision is zorgpad.pathway.selectors' (the same the pages, staging, follow-up and the
MDO use); every read is audit-logged by the record selectors."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from zorgpad.accounts.permissions import HasViewPermissions
from zorgpad.pathway import selectors
from zorgpad.pathway.presentation import applicability_dict, recommendation_dict, translated
from zorgpad.pathways.base import PathwayDefinition
from zorgpad.pathways.vocabulary import Branch, FollowupDecision, Kind, Severity
from zorgpad.patients import selectors as patient_selectors
from zorgpad.patients.models import Patient, Tumour


class PathwayRefSerializer(serializers.Serializer):
    id = serializers.CharField()
    version = serializers.CharField()
    title = serializers.CharField()
    revision_due = serializers.DateField()


class StagingDecisionSerializer(serializers.Serializer):
    applicable = serializers.BooleanField()
    system = serializers.CharField(allow_null=True)
    reason = serializers.CharField(allow_null=True)


class RecommendationSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=[k.value for k in Kind])
    severity = serializers.ChoiceField(choices=[s.value for s in Severity])
    text = serializers.CharField()
    source = serializers.CharField(  # type: ignore[assignment]  # a field named "source" (DRF allows it)
        help_text="The section of the care pathway or the case report it comes from.")


class FollowupDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[d.value for d in FollowupDecision])
    reason = serializers.CharField()


class TumourPathwaySerializer(serializers.Serializer):
    pathway = PathwayRefSerializer(allow_null=True, help_text="null: no pathway of this build covers the tumour.")
    branch = serializers.ChoiceField(choices=[b.value for b in Branch])
    staging = StagingDecisionSerializer()
    recommendations = RecommendationSerializer(many=True)
    followup = FollowupDecisionSerializer()


def _pathway_ref(definition: PathwayDefinition | None) -> dict[str, Any] | None:
    if definition is None:
        return None
    return {"id": definition.id, "version": definition.version, "title": definition.title,
            "revision_due": definition.revision_due}


class TumourPathwayApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["patients.view_tumour"]}
    serializer_class = TumourPathwaySerializer
    queryset = Tumour.objects.none()  # for the schema's path parameter only; the selector reads the tumour

    @extend_schema(operation_id="tumour_pathway", summary="The care pathway's decision and advice for one tumour")
    def get(self, request: Request, external_id: str) -> Response:
        tumour = patient_selectors.tumour_get(external_id=external_id, user=request.user, request=request,
                                              detail="pathway")
        decision = selectors.tumour_decision(tumour=tumour, today=timezone.localdate())
        return Response(TumourPathwaySerializer({
            "pathway": _pathway_ref(decision.pathway),
            "branch": decision.branch.value,
            "staging": applicability_dict(decision.staging),
            "recommendations": [recommendation_dict(translated(r)) for r in decision.recommendations],
            "followup": {"decision": decision.followup.decision.value, "reason": gettext(decision.followup.reason)},
        }).data)


class PatientAlertsApi(GenericAPIView):
    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["patients.view_patient"]}
    serializer_class = RecommendationSerializer
    queryset = Patient.objects.none()  # for the schema's path parameter only; the selector reads the patient
    pagination_class = None  # a patient has a handful of alerts: one plain list

    @extend_schema(operation_id="patient_alerts", summary="The patient's alerts (also without a tumour), danger first",
                   responses={200: RecommendationSerializer(many=True)})
    def get(self, request: Request, external_id: str) -> Response:
        patient = patient_selectors.patient_get(external_id=external_id, user=request.user, request=request,
                                                detail="alerts")
        alerts = selectors.patient_alerts_of(patient=patient, today=timezone.localdate())
        return Response(RecommendationSerializer([recommendation_dict(translated(a)) for a in alerts], many=True).data)
