"""The API of the indicators and of a patient's milestones."""

from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from quality.indicators import compute
from quality.milestones import patient_milestones
from quality.period import PeriodForm
from quality.rules.norms import Status, Unit
from zorgpad.accounts.permissions import HasViewPermissions
from zorgpad.patients.selectors import patient_get

# The vocabularies of the norms (quality.rules.norms), named once for the schema (settings: ENUM_NAME_OVERRIDES).
MILESTONE_STATUSES = [s.value for s in Status]
NORM_UNITS = [u.value for u in Unit]
NORM = inline_serializer("Norm", {"value": serializers.IntegerField(), "unit": serializers.ChoiceField(
    choices=NORM_UNITS)}, allow_null=True)
INDICATORS = inline_serializer("Indicator", many=True, fields={
    "code": serializers.CharField(), "title": serializers.CharField(), "numerator": serializers.IntegerField(),
    "denominator": serializers.IntegerField(), "value": serializers.FloatField(allow_null=True), "norm": NORM,
    "status": serializers.ChoiceField(choices=MILESTONE_STATUSES),
})


class IndicatorListApi(APIView):
    """Every indicator of the period and pathway: `value` is a share (0-1) or, for a median or 90th percentile,
    days (hours for print runs); `norm` carries its unit; `status` compares with the norm (not_applicable where
    no norm is recorded by the centre). The period: `from` and `to` (default: this year up to today)."""

    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["quality.view_indicators"]}

    @extend_schema(parameters=[
        OpenApiParameter("from", OpenApiTypes.DATE), OpenApiParameter("to", OpenApiTypes.DATE),
        OpenApiParameter("pathway", OpenApiTypes.STR, description="a pathway id of GET /api/v1/pathways/"),
    ], responses={200: INDICATORS})
    def get(self, request: Request) -> Response:
        data = request.query_params.copy()
        data["period"] = "range" if data.get("from") else "year"
        form = PeriodForm(data, today=timezone.localdate())
        if not form.is_valid():
            errors = {("from" if k == "from_" else k): [str(e) for e in v] for k, v in form.errors.items()}
            raise ValidationError(errors)
        period = form.get_period()
        figures = compute(pathway_id=period.pathway_id, start=period.start, end=period.end,
                          today=timezone.localdate())
        return Response([i.as_api() for i in figures])


MILESTONES = inline_serializer("Milestone", many=True, fields={
    "code": serializers.CharField(), "title": serializers.CharField(), "date": serializers.DateField(allow_null=True),
    "norm": NORM, "due": serializers.DateField(allow_null=True),
    "status": serializers.ChoiceField(choices=MILESTONE_STATUSES),
    "days_late": serializers.IntegerField(), "reason": serializers.CharField(allow_blank=True),
    "accounted": serializers.BooleanField(),
})
EPISODES = inline_serializer("MilestoneEpisode", many=True, fields={
    "referral": serializers.UUIDField(allow_null=True), "tumour": serializers.UUIDField(allow_null=True),
    "pathway": serializers.CharField(), "milestones": MILESTONES,
})


class PatientMilestonesApi(APIView):
    """Per referral episode and tumour: referral received, first visit, diagnosis, MDO discussion, start of
    treatment, follow-up; each with its date, the norm (with its unit), the due date and a status."""

    permission_classes = [HasViewPermissions]
    required_permissions = {"GET": ["patients.view_patient"]}

    @extend_schema(responses={200: EPISODES})
    def get(self, request: Request, external_id: str) -> Response:
        patient = patient_get(external_id=external_id, user=request.user, request=request, detail="milestones")
        episodes = patient_milestones(patient=patient, today=timezone.localdate())
        return Response([_episode(e) for e in episodes])


def _episode(e: Any) -> dict[str, Any]:
    return {
        "referral": e.referral.external_id if e.referral else None,
        "tumour": e.tumour.external_id if e.tumour else None,
        "pathway": e.pathway_id,
        "milestones": [{
            "code": r.code, "title": str(r.label), "date": r.on, "norm": None if r.norm is None else {
                "value": r.norm.value, "unit": r.norm.unit.value}, "due": r.due, "status": r.status.value,
            "days_late": r.days_late, "reason": r.reason, "accounted": r.accounted,
        } for r in e.rows],
    }
