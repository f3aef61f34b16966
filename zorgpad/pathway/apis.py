"""Read API of the pathway's decisions: a tumour's pathway, branch, staging, advice and follow-up; a patient's
alerts. Thin views: the decision is zorgpad.pathway.selectors' (the same the pages, staging, follow-up and the
MDO use); every read is audit-logged by the record selectors."""

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from zorgpad.accounts.people import person_name
from zorgpad.accounts.permissions import HasViewPermissions
from zorgpad.pathway import selectors
from zorgpad.pathway.forms import DeviationFilterForm
from zorgpad.pathway.models import ITEM_STATUS_VALUES, CentreDecision, PathwayItem
from zorgpad.pathway.presentation import (
    applicability_dict,
    followup_reason,
    item_dict,
    recommendation_dict,
    recommendations_with_items,
    translated,
)
from zorgpad.pathway.services import REASON_MAX_LENGTH, SETTABLE_STATUSES, pathway_item_set
from zorgpad.pathways import registry
from zorgpad.pathways.base import PathwayDefinition
from zorgpad.pathways.vocabulary import Branch, DeviationReason, FollowupDecision, Kind, Severity
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


class TumourRecommendationSerializer(RecommendationSerializer):
    status = serializers.ChoiceField(choices=ITEM_STATUS_VALUES, allow_null=True,
                                     help_text="The item's status; null for an alert (alerts are not items).")
    reason_code = serializers.CharField(allow_blank=True, help_text="A deviation reason, or 'deceased'.")
    reason = serializers.CharField(allow_blank=True)
    version = serializers.CharField(allow_null=True, help_text="The pathway version the item was made with.")


class FollowupDecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[d.value for d in FollowupDecision])
    reason = serializers.CharField()


class TumourPathwaySerializer(serializers.Serializer):
    pathway = PathwayRefSerializer(allow_null=True, help_text="null: no pathway of this build covers the tumour.")
    branch = serializers.ChoiceField(choices=[b.value for b in Branch])
    staging = StagingDecisionSerializer()
    recommendations = TumourRecommendationSerializer(many=True)
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
            "recommendations": recommendations_with_items(decision, selectors.pathway_items_current(
                tumour_ids=[tumour.pk]).get(tumour.pk, {})),
            "followup": {"decision": decision.followup.decision.value, "reason": followup_reason(decision.followup)},
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


class PathwayItemInputSerializer(serializers.Serializer):
    """The body as documented; the service checks it (and the rule that a deviation needs both reasons)."""

    status = serializers.ChoiceField(choices=[s.value for s in SETTABLE_STATUSES])
    reason_code = serializers.ChoiceField(choices=[r.value for r in DeviationReason], required=False,
                                          allow_blank=True, help_text="Required for a deviation.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=REASON_MAX_LENGTH,
                                   help_text="Required (not only whitespace) for a deviation.")


class PathwayItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    pathway = serializers.CharField()
    version = serializers.CharField()
    status = serializers.ChoiceField(choices=ITEM_STATUS_VALUES)
    reason_code = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    changed_by = serializers.CharField(allow_null=True)
    changed_at = serializers.DateTimeField()
    newer_version = serializers.CharField(allow_null=True, help_text="A newer version of the pathway in force today.")


class PathwayItemApi(GenericAPIView):
    """A clinician's status of one item: done, not applicable, a deviation (reason code and text), or open."""

    permission_classes = [HasViewPermissions]
    required_permissions = {"POST": ["patients.change_tumour"]}
    serializer_class = PathwayItemInputSerializer
    queryset = Tumour.objects.none()  # for the schema's path parameter only
    business_rules = {"POST": {"reason_code": "a deviation needs a reason code from the list",
                               "reason": "a deviation needs a reason text"}}

    @extend_schema(operation_id="tumour_pathway_item_set", summary="Mark a pathway item or record a deviation",
                   request=PathwayItemInputSerializer, responses={200: PathwayItemSerializer})
    def post(self, request: Request, external_id: str, code: str) -> Response:
        tumour = get_object_or_404(Tumour.objects.select_related("patient"), external_id=external_id)
        data = request.data if isinstance(request.data, dict) else {}
        try:
            item = pathway_item_set(tumour=tumour, code=code, user=request.user, status=data.get("status"),
                                    reason_code=data.get("reason_code", ""), reason=data.get("reason", ""),
                                    request=request)
        except PathwayItem.DoesNotExist as exc:
            raise NotFound(gettext("This tumour has no current pathway item with this code.")) from exc
        return Response(PathwayItemSerializer(item_dict(item, timezone.localdate())).data)


class CentreDecisionOpenSerializer(serializers.Serializer):
    key = serializers.CharField()
    question = serializers.CharField()
    unit = serializers.CharField()
    choices = serializers.ListField(child=serializers.CharField())
    source = serializers.CharField()  # type: ignore[assignment]
    value = serializers.CharField(allow_null=True, help_text="null: not recorded, to be decided by the centre.")
    decided_at = serializers.DateTimeField(allow_null=True)


class PathwaySignOffSerializer(serializers.Serializer):
    required = serializers.BooleanField(  # type: ignore[assignment]  # a field named "required" (DRF allows it)
        help_text="The pathway must be signed off by a clinician for the centre.")
    signed_off = serializers.BooleanField()
    signed_off_by = serializers.CharField(allow_null=True)
    signed_off_at = serializers.DateTimeField(allow_null=True)
    basis = serializers.CharField(allow_null=True)
    warning = serializers.CharField(allow_null=True, help_text="Shown on every advice until signed off.")


class PathwayVersionSerializer(serializers.Serializer):
    id = serializers.CharField()
    version = serializers.CharField()
    title = serializers.CharField()
    valid_from = serializers.DateField()
    revision_due = serializers.DateField()
    in_force = serializers.BooleanField(help_text="The newest version of its pathway in force today.")
    sign_off = PathwaySignOffSerializer()
    centre_decisions = CentreDecisionOpenSerializer(many=True,
                                                    help_text="Every choice left to the centre; value null = open.")


def _sign_off(definition: PathwayDefinition, recorded: dict[str, CentreDecision]) -> dict[str, Any]:
    row = recorded.get(definition.sign_off_key) if definition.sign_off_key else None
    user = row.decided_by if row is not None else None
    return {
        "required": bool(definition.sign_off_key),
        "signed_off": row is not None,
        "signed_off_by": person_name(user) or None,
        "signed_off_at": row.decided_at if row is not None else None,
        "basis": row.basis if row is not None else None,
        "warning": gettext(definition.sign_off_warning) if definition.sign_off_key and row is None else None,
    }


class PathwayListApi(GenericAPIView):
    """The registered pathways and their versions, with the choices each leaves to the centre (open or recorded).
    No patient data."""

    permission_classes = [HasViewPermissions]
    required_permissions: dict[str, list[str]] = {"GET": []}
    serializer_class = PathwayVersionSerializer
    queryset = CentreDecision.objects.none()  # for the schema only: the pathways are code, not rows
    pagination_class = None

    @extend_schema(operation_id="pathway_list", summary="Pathways, versions and open centre decisions",
                   responses={200: PathwayVersionSerializer(many=True)})
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        recorded = selectors.centre_decisions_current()
        rows = []
        for definition in registry.definitions():
            rows.append({
                "id": definition.id, "version": definition.version, "title": definition.title,
                "valid_from": definition.valid_from, "revision_due": definition.revision_due,
                "in_force": definition.valid_from <= today
                and registry.newer_version(definition.id, definition.version, today) is None,
                "sign_off": _sign_off(definition, recorded),
                "centre_decisions": [
                    {"key": spec.key, "question": gettext(spec.question), "unit": spec.unit,
                     "choices": list(spec.choices), "source": spec.source,
                     "value": recorded[spec.key].value if spec.key in recorded else None,
                     "decided_at": recorded[spec.key].decided_at if spec.key in recorded else None}
                    for spec in definition.centre_decisions],
            })
        return Response(PathwayVersionSerializer(rows, many=True).data)


class DeviationSerializer(PathwayItemSerializer):
    patient = serializers.UUIDField()
    tumour = serializers.UUIDField()


class DeviationListApi(GenericAPIView):
    """The centre's deviations from its pathways, a page at a time (filters: pathway, code, reason_code, since,
    until); only the patients on the page are audit-logged."""

    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["patients.view_tumour"]}
    serializer_class = DeviationSerializer
    queryset = PathwayItem.objects.none()  # for the schema only; the selector reads the deviations

    @extend_schema(operation_id="deviation_list", summary="Deviations from the pathways, newest first")
    def get(self, request: Request) -> Response:
        form = DeviationFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError({field: [str(m) for m in errors] for field, errors in form.errors.items()})
        page = self.paginate_queryset(selectors.deviation_list(**form.filters()))
        items = list(page if page is not None else [])
        selectors.deviations_shown(user=request.user, request=request, items=items, detail="deviations (API)")
        today = timezone.localdate()
        return self.get_paginated_response(DeviationSerializer(
            [{**item_dict(i, today), "patient": i.tumour.patient.external_id, "tumour": i.tumour.external_id}
             for i in items], many=True).data)


