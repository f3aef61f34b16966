"""Stateless calculators of the API (no patient data stored; login with any role required):

- POST /api/v1/staging/          AJCC 8 stage (soft tissue sarcoma of trunk/extremities, or melanoma)
- POST /api/v1/ssc-criteria/     ACR/EULAR 2013 systemic sclerosis classification criteria

JSON only, typed strictly: a number must be a JSON number, a boolean true/false, a category a string from
the list; unknown keys, wrong types, negative numbers and bad dates are a 400 with field errors. The strict
fields and the calculators' base view here are shared with the care-pathway evaluation in staging.pathway_apis.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from staging import calculators
from staging.rules import melanoma, sts
from staging.rules.common import StagingSystem
from zorgpad.accounts.permissions import HasViewPermissions
from zorgpad.pathways.ssc import ALL_ITEMS, SscClassification, classify

CALCULATOR_PERMISSION = "staging.use_calculators"

# Category lists, also named in the OpenAPI schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
SSC_ITEMS = tuple(i.value for i in ALL_ITEMS)
SSC_CLASSIFICATIONS = tuple(c.value for c in SscClassification)


# --- strict JSON fields ---------------------------------------------------------------------------------


class StrictBooleanField(serializers.BooleanField):
    """true or false only (no "yes", 1, "true")."""

    def to_internal_value(self, data: Any) -> bool:
        if data is True or data is False:
            return data
        self.fail("invalid", input=data)
        raise AssertionError  # unreachable: fail() raises


class NullMeansFalseBooleanField(StrictBooleanField):
    """A criterion or risk factor: absent or null = not present (False)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, default=False, allow_null=True, **kwargs)

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None:
            return True, False
        return super().validate_empty_values(data)


class StrictPositiveDecimalField(serializers.DecimalField):
    """A JSON number (int or float, not a string or boolean), > 0 (or >= 0), compared exactly as written."""

    default_error_messages = {
        "not_number": gettext_lazy("A number is required."),
        "not_positive": gettext_lazy("Must be greater than zero."),
        "negative": gettext_lazy("Must not be negative."),
    }

    def __init__(self, *, maximum: Decimal, allow_zero: bool = False, **kwargs: Any) -> None:
        self.allow_zero = allow_zero
        super().__init__(max_digits=None, decimal_places=None, max_value=maximum, **kwargs)

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool) or not isinstance(data, int | float | Decimal):
            self.fail("not_number")
        value: Decimal = super().to_internal_value(data)  # str(float) keeps what was written: 4.05 -> "4.05"
        if value < 0:
            self.fail("negative" if self.allow_zero else "not_positive")
        if value == 0 and not self.allow_zero:
            self.fail("not_positive")
        return value


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    """A category: a string from the list, exactly (no integers, no other case)."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    """A "YYYY-MM-DD" string."""

    def to_internal_value(self, value: Any) -> date:
        if not isinstance(value, str):
            self.fail("invalid", format="YYYY-MM-DD")
        return super().to_internal_value(value)


class StrictSerializer(serializers.Serializer):
    """Refuses keys it does not know (reported together with the other field errors)."""

    refuses_unknown_fields = True  # the OpenAPI schema says additionalProperties: false

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, Any] = {}
        if isinstance(data, Mapping):
            unknown = {str(key): [_("Unknown field.")] for key in data if key not in self.fields}
        try:
            value = super().to_internal_value(data)
        except ValidationError as exc:
            if unknown and isinstance(exc.detail, dict):
                raise ValidationError({**unknown, **exc.detail}) from exc
            raise
        if unknown:
            raise ValidationError(unknown)
        return value


def _choice(choices: tuple[str, ...], **kwargs: Any) -> StrictChoiceField:
    return StrictChoiceField(choices=list(choices), **kwargs)


# --- staging ---------------------------------------------------------------------------------------------


class StagingStsSerializer(StrictSerializer):
    system = _choice((StagingSystem.STS_TRUNK_EXTREMITIES.value,))
    classification = _choice(calculators.CLASSIFICATIONS, required=False, allow_null=True, default=None,
                             help_text="Optional: the stage groups are the same for clinical and pathological.")
    size_cm = StrictPositiveDecimalField(maximum=calculators.MAX_SIZE_CM, required=False, allow_null=True,
                                         default=None, help_text="Greatest dimension in cm; null = not known (TX).")
    grade = _choice(sts.GRADES, required=False, allow_null=True, default=None,
                    help_text="FNCLCC grade; GX = cannot be assessed (staged with G1); null = not entered.")
    n = _choice(sts.N_CATEGORIES, required=False, allow_null=True, default=None,
                help_text="NX and null: unknown nodal status, N0 in AJCC 8.")
    m = _choice(sts.M_CATEGORIES, required=False, allow_null=True, default=None)


class StagingStsHeadNeckSerializer(StagingStsSerializer):
    system = _choice((StagingSystem.STS_HEAD_NECK.value,))
    invasion_adjoining_structures = StrictBooleanField(
        required=False, allow_null=True, default=None,
        help_text="T4 (whatever the size) when true; null = not recorded: T unknown. AJCC 8 defines no stage "
                  "groups for the head and neck: stage is always null.")


class StagingMelanomaSerializer(StrictSerializer):
    system = _choice((StagingSystem.MELANOMA.value,))
    classification = _choice(calculators.CLASSIFICATIONS,
                             help_text="Required: clinical and pathological stage groups differ (T1b N0 M0).")
    breslow_mm = StrictPositiveDecimalField(maximum=calculators.MAX_BRESLOW_MM, required=False, allow_null=True,
                                            default=None, help_text="Rounded half-up to 0.1 mm before T is chosen.")
    ulceration = StrictBooleanField(required=False, allow_null=True, default=None)
    t = _choice(melanoma.EXPLICIT_T, required=False, allow_null=True, default=None,
                help_text="Tis, T0 or TX: overrides the thickness.")
    n = _choice(melanoma.N_CATEGORIES, required=False, allow_null=True, default=None)
    m = _choice(melanoma.M_CATEGORIES, required=False, allow_null=True, default=None,
                help_text="M0, M1a-M1d with optional LDH suffix (0) or (1).")


class StagingResultSerializer(serializers.Serializer):
    system = serializers.ChoiceField(choices=list(calculators.SYSTEMS))
    classification = serializers.ChoiceField(choices=list(calculators.CLASSIFICATIONS), allow_null=True)
    t = serializers.CharField(help_text="TX when the size or thickness is missing.")
    n = serializers.CharField(allow_null=True)
    m = serializers.CharField(allow_null=True)
    grade = serializers.CharField(allow_null=True)
    stage = serializers.CharField(allow_null=True, help_text="null: unknown (see missing and explanation).")
    missing = serializers.ListField(child=serializers.CharField(), help_text="Inputs needed for a stage group.")
    explanation = serializers.ListField(child=serializers.CharField(), help_text="One line per step.")


STAGING_INPUTS: dict[str, serializers.Serializer | type[serializers.Serializer]] = {
    StagingSystem.STS_TRUNK_EXTREMITIES.value: StagingStsSerializer,
    StagingSystem.STS_HEAD_NECK.value: StagingStsHeadNeckSerializer,
    StagingSystem.MELANOMA.value: StagingMelanomaSerializer,
}
BAD_REQUEST = OpenApiResponse(description="Malformed input: field errors, e.g. {\"size_cm\": [\"...\"]}.")


def _object(data: Any) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
    return data


class _CalculatorApi(APIView):
    parser_classes = [JSONParser]
    permission_classes = [HasViewPermissions]
    required_permissions = {"POST": [CALCULATOR_PERMISSION]}


class StagingApi(_CalculatorApi):
    @extend_schema(
        operation_id="staging_compute",
        summary="AJCC 8 stage group (stateless)",
        request=PolymorphicProxySerializer(
            component_name="Staging", serializers=STAGING_INPUTS, resource_type_field_name="system",
        ),
        responses={200: StagingResultSerializer, 400: BAD_REQUEST},
    )
    def post(self, request: Request) -> Response:
        data = _object(request.data)
        system = data.get("system")
        serializer_class = STAGING_INPUTS.get(system) if isinstance(system, str) else None
        if not isinstance(serializer_class, type):
            raise ValidationError({"system": [_("Choose one of: %s.") % ", ".join(STAGING_INPUTS)]})
        serializer = serializer_class(data=data)
        serializer.is_valid(raise_exception=True)
        result = calculators.stage_compute(**serializer.validated_data)
        return Response(calculators.stage_result_dict(result))


# --- SSc criteria ------------------------------------------------------------------------------------------


class SscCriteriaSerializer(StrictSerializer):
    """Every item is optional: absent or null = not present."""

    skin_thickening_fingers_both_hands_proximal_to_mcp = NullMeansFalseBooleanField(
        help_text="Sufficient criterion (9 points).")
    puffy_fingers = NullMeansFalseBooleanField(help_text="2 points; only the higher of puffy fingers/sclerodactyly.")
    sclerodactyly = NullMeansFalseBooleanField(help_text="4 points.")
    digital_tip_ulcers = NullMeansFalseBooleanField(help_text="2 points; only the higher of ulcers/pitting scars.")
    fingertip_pitting_scars = NullMeansFalseBooleanField(help_text="3 points.")
    telangiectasia = NullMeansFalseBooleanField(help_text="2 points.")
    abnormal_nailfold_capillaries = NullMeansFalseBooleanField(help_text="2 points.")
    pulmonary_arterial_hypertension = NullMeansFalseBooleanField(help_text="2 points; PAH and/or ILD maximum 2.")
    interstitial_lung_disease = NullMeansFalseBooleanField(help_text="2 points; PAH and/or ILD maximum 2.")
    raynaud_phenomenon = NullMeansFalseBooleanField(help_text="3 points.")
    anticentromere = NullMeansFalseBooleanField(help_text="3 points; the antibodies together maximum 3.")
    anti_topoisomerase_i = NullMeansFalseBooleanField(help_text="3 points; the antibodies together maximum 3.")
    anti_rna_polymerase_iii = NullMeansFalseBooleanField(help_text="3 points; the antibodies together maximum 3.")
    skin_thickening_sparing_fingers = NullMeansFalseBooleanField(help_text="Exclusion: criteria not applicable.")
    better_explained_by_scleroderma_like_disorder = NullMeansFalseBooleanField(
        help_text="Exclusion: criteria not applicable.")


class SscItemScoreSerializer(serializers.Serializer):
    item = serializers.ChoiceField(choices=list(SSC_ITEMS))
    points = serializers.IntegerField()


class SscClassificationResultSerializer(serializers.Serializer):
    score = serializers.IntegerField(allow_null=True, help_text="null when the criteria are not applicable.")
    classification = serializers.ChoiceField(choices=list(SSC_CLASSIFICATIONS))
    items = SscItemScoreSerializer(many=True, help_text="Positive items with the points they counted.")


class SscCriteriaApi(_CalculatorApi):
    @extend_schema(
        operation_id="ssc_criteria_classify",
        summary="ACR/EULAR 2013 systemic sclerosis classification criteria (stateless)",
        request=SscCriteriaSerializer,
        responses={200: SscClassificationResultSerializer, 400: BAD_REQUEST},
    )
    def post(self, request: Request) -> Response:
        serializer = SscCriteriaSerializer(data=_object(request.data))
        serializer.is_valid(raise_exception=True)
        result = classify(serializer.validated_data)
        return Response({
            "score": result.score,
            "classification": result.classification.value,
            "items": [{"item": s.item.value, "points": s.points} for s in result.items],
        })
