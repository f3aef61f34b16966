"""The stateless care-pathway evaluation of the API (no patient data stored; login with any role required):

- POST /api/v1/pathway/evaluate/ care-pathway recommendations and alerts for one tumour

Typed as strictly as the other calculators (staging.apis, whose strict fields and base view it uses): JSON only,
unknown keys, wrong types, negative numbers and bad dates are a 400 with field errors; fields that apply to one
diagnosis only are refused for another. Reading the pathway's decisions on a recorded tumour is zorgpad.pathway.apis.
"""

from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from staging import calculators
from staging.apis import (
    BAD_REQUEST,
    NullMeansFalseBooleanField,
    StagingResultSerializer,
    StrictBooleanField,
    StrictDateField,
    StrictIntegerField,
    StrictPositiveDecimalField,
    StrictSerializer,
    _CalculatorApi,
    _choice,
    _object,
)
from staging.rules import melanoma, sts
from zorgpad.pathway import selectors as pathway_selectors
from zorgpad.pathway.presentation import recommendation_dict
from zorgpad.pathways.facts import Measurement, PatientFacts, TumourFacts
from zorgpad.pathways.vocabulary import (
    SMOOTH_MUSCLE,
    AdjuvantStatus,
    BodySiteRegion,
    Depth,
    Diagnosis,
    Kind,
    Margin,
    MarkerUnit,
    MutationStatus,
    SentinelNode,
    Severity,
)

# Category lists, also named in the OpenAPI schema (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
DIAGNOSES = tuple(d.value for d in Diagnosis)
DEPTHS = tuple(d.value for d in Depth)
MARGINS = tuple(m.value for m in Margin)
REGIONS = tuple(r.value for r in BodySiteRegion)
UNITS = tuple(u.value for u in MarkerUnit)
KINDS = tuple(k.value for k in Kind)
SEVERITIES = tuple(s.value for s in Severity)
SENTINEL_NODES = tuple(v.value for v in SentinelNode)
MUTATIONS = tuple(v.value for v in MutationStatus)
ADJUVANT = tuple(v.value for v in AdjuvantStatus)
MELANOMA_PATHWAY_INPUTS = ("sentinel_node", "sentinel_deposit_mm", "braf_v600", "kit", "in_transit", "adjuvant")


# --- pathway evaluation ------------------------------------------------------------------------------------


class EvaluateS100bSerializer(StrictSerializer):
    date = StrictDateField()
    value = StrictPositiveDecimalField(maximum=Decimal("100000"), allow_zero=True,
                                       help_text="In µg/L unless `unit` says otherwise.")
    unit = _choice(UNITS, required=False, allow_null=True, default=MarkerUnit.UG_L.value,
                   help_text="UCUM code of the value's unit; absent or null: ug/L (µg/L).")
    upper_limit = StrictPositiveDecimalField(
        maximum=Decimal("100000"), allow_zero=True, required=False, allow_null=True, default=None,
        help_text="The lab's upper reference limit, in the same unit as the value; null: not known.")


class EvaluatePatientSerializer(StrictSerializer):
    birth_date = StrictDateField(required=False, allow_null=True, default=None)
    immunosuppressed = NullMeansFalseBooleanField()
    multiple_leiomyomas = NullMeansFalseBooleanField()
    other_malignancies = StrictIntegerField(min_value=0, max_value=100, required=False, default=0,
                                            help_text="Number of malignancies besides this tumour.")
    systemic_sclerosis = NullMeansFalseBooleanField()
    autoimmune_disease = NullMeansFalseBooleanField(help_text="Another autoimmune disease than SSc (optional).")
    anti_rna_polymerase_iii = NullMeansFalseBooleanField()
    s100b = serializers.ListField(child=EvaluateS100bSerializer(), required=False, default=list, max_length=1000)
    high_risk = StrictBooleanField(required=False, allow_null=True, default=None,
                                   help_text="First-visit risk profile: high risk of skin malignancies; null: not "
                                             "recorded.")


class EvaluateTumourSerializer(StrictSerializer):
    diagnosis = _choice(DIAGNOSES)
    depth = _choice(DEPTHS, required=False, allow_null=True, default=None)
    size_cm = StrictPositiveDecimalField(maximum=calculators.MAX_SIZE_CM, required=False, allow_null=True,
                                         default=None)
    grade = _choice(sts.GRADES, required=False, allow_null=True, default=None)
    n = _choice(calculators.ALL_N, required=False, allow_null=True, default=None)
    m = _choice(calculators.ALL_M, required=False, allow_null=True, default=None)
    margin = _choice(MARGINS, required=False, allow_null=True, default=None)
    operable = StrictBooleanField(required=False, allow_null=True, default=None)
    external_biopsy_unrevised = NullMeansFalseBooleanField()
    body_site_region = _choice(REGIONS, required=False, allow_null=True, default=None,
                               help_text="Picks the AJCC 8 soft-tissue chapter; null: not recorded (no stage).")
    invasion_adjoining_structures = StrictBooleanField(required=False, allow_null=True, default=None,
                                                       help_text="Head and neck (AJCC 8 ch. 40): T4 when true.")
    # Optional (melanoma staging in the answer): classification, and thickness/ulceration or an explicit T.
    classification = _choice(calculators.CLASSIFICATIONS, required=False, allow_null=True, default=None)
    breslow_mm = StrictPositiveDecimalField(maximum=calculators.MAX_BRESLOW_MM, required=False, allow_null=True,
                                            default=None)
    ulceration = StrictBooleanField(required=False, allow_null=True, default=None)
    t = _choice(melanoma.EXPLICIT_T, required=False, allow_null=True, default=None)
    # Optional melanoma pathway inputs (null or absent: not recorded).
    sentinel_node = _choice(SENTINEL_NODES, required=False, allow_null=True, default=None)
    sentinel_deposit_mm = StrictPositiveDecimalField(
        maximum=calculators.MAX_BRESLOW_MM, required=False, allow_null=True, default=None,
        help_text="The largest sentinel-node deposit in mm (with a positive sentinel node).")
    braf_v600 = _choice(MUTATIONS, required=False, allow_null=True, default=None)
    kit = _choice(MUTATIONS, required=False, allow_null=True, default=None)
    in_transit = StrictBooleanField(required=False, allow_null=True, default=None,
                                    help_text="In-transit or satellite metastases present at diagnosis.")
    adjuvant = _choice(ADJUVANT, required=False, allow_null=True, default=None,
                       help_text="Adjuvant systemic therapy; null: not recorded.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors: dict[str, Any] = {}
        melanoma_case = attrs["diagnosis"] == Diagnosis.CUTANEOUS_MELANOMA
        if not melanoma_case:
            for key in ("breslow_mm", "ulceration", "t", *MELANOMA_PATHWAY_INPUTS):
                if attrs.get(key) is not None:
                    errors[key] = [_("Applies to melanoma only.")]
        elif attrs.get("sentinel_deposit_mm") is not None and attrs.get("sentinel_node") != "positive":
            errors["sentinel_deposit_mm"] = [_("A deposit size belongs to a positive sentinel node.")]
        categories: tuple[tuple[str, tuple[str, ...]], ...] = ()
        if attrs["diagnosis"] in SMOOTH_MUSCLE:
            categories = (("n", sts.N_CATEGORIES), ("m", sts.M_CATEGORIES))
        elif melanoma_case:
            categories = (("n", melanoma.N_CATEGORIES), ("m", melanoma.M_CATEGORIES))
        for key, allowed in categories:
            if attrs.get(key) is not None and attrs[key] not in allowed:
                errors[key] = [_("Choose one of: %s.") % ", ".join(allowed)]
        if errors:
            raise ValidationError(errors)
        return attrs


PATIENT_DEFAULTS: dict[str, Any] = {
    "birth_date": None, "immunosuppressed": False, "multiple_leiomyomas": False, "other_malignancies": 0,
    "systemic_sclerosis": False, "autoimmune_disease": False, "anti_rna_polymerase_iii": False, "s100b": [],
    "high_risk": None,
}


class PathwayEvaluateSerializer(StrictSerializer):
    today = StrictDateField(required=False, allow_null=True, default=None,
                            help_text="Defaults to today's date on the server.")
    patient = EvaluatePatientSerializer(required=False)
    tumour = EvaluateTumourSerializer()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        today = attrs.get("today") or timezone.localdate()
        attrs["today"] = today
        patient = {**PATIENT_DEFAULTS, **(attrs.get("patient") or {})}
        attrs["patient"] = patient
        errors: dict[str, Any] = {}
        birth = patient.get("birth_date")
        if birth is not None and birth > today:
            errors["birth_date"] = [_("The date of birth lies after today.")]
        for index, measurement in enumerate(patient["s100b"]):
            if measurement["date"] > today:
                errors.setdefault("s100b", {})[index] = {"date": [_("The date lies after today.")]}
            elif birth is not None and measurement["date"] < birth:
                errors.setdefault("s100b", {})[index] = {"date": [_("The date lies before the date of birth.")]}
        if errors:
            raise ValidationError({"patient": errors})
        return attrs


class PathwayRecommendationSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.ChoiceField(choices=list(KINDS))
    severity = serializers.ChoiceField(choices=list(SEVERITIES))
    text = serializers.CharField()
    source = serializers.CharField(  # type: ignore[assignment]  # a field named "source" (DRF allows it)
        help_text="The section of the care pathway or the case report.")


class PathwayEvaluationSerializer(serializers.Serializer):
    stage = StagingResultSerializer(allow_null=True, help_text="null when AJCC staging does not apply (e.g. a "
                                    "dermis-only neoplasm, or no body-site region recorded) or, for a melanoma, "
                                    "without a classification.")
    recommendations = PathwayRecommendationSerializer(many=True)


class PathwayEvaluateApi(_CalculatorApi):
    business_rules = {"POST": {
        "tumour": "fields that apply to one diagnosis only (melanoma: Breslow, ulceration, T/N/M of the melanoma "
                  "chapter, sentinel node and deposit, BRAF V600, KIT, in-transit, adjuvant) are refused for another; "
                  "categories must fit the diagnosis; a sentinel-node deposit needs a positive sentinel node.",
        "patient": "dates not after `today`.",
    }}
    @extend_schema(
        operation_id="pathway_evaluate",
        summary="Care-pathway recommendations and alerts for one tumour (stateless)",
        request=PathwayEvaluateSerializer,
        responses={200: PathwayEvaluationSerializer, 400: BAD_REQUEST},
    )
    def post(self, request: Request) -> Response:
        serializer = PathwayEvaluateSerializer(data=_object(request.data))
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        patient, tumour = data["patient"], data["tumour"]
        evaluation = calculators.pathway_evaluate(
            patient=PatientFacts(
                birth_date=patient.get("birth_date"),
                immunosuppressed=patient["immunosuppressed"],
                multiple_leiomyomas=patient["multiple_leiomyomas"],
                other_malignancies=patient["other_malignancies"],
                systemic_sclerosis=patient["systemic_sclerosis"],
                autoimmune_disease=patient["autoimmune_disease"],
                anti_rna_polymerase_iii=patient["anti_rna_polymerase_iii"],
                s100b=tuple(Measurement(day=m["date"], value=m["value"],
                                        unit=MarkerUnit(m["unit"] or MarkerUnit.UG_L.value),
                                        upper_limit=m["upper_limit"]) for m in patient["s100b"]),
                high_risk=patient["high_risk"],
            ),
            tumour=TumourFacts(
                diagnosis=Diagnosis(tumour["diagnosis"]),
                depth=Depth(tumour["depth"]) if tumour["depth"] else None,
                size_cm=tumour["size_cm"],
                grade=tumour["grade"],
                n=tumour["n"],
                m=tumour["m"],
                margin=Margin(tumour["margin"]) if tumour["margin"] else None,
                operable=tumour["operable"],
                external_biopsy_unrevised=tumour["external_biopsy_unrevised"],
                body_site_region=BodySiteRegion(tumour["body_site_region"]) if tumour["body_site_region"] else None,
                invasion_adjoining_structures=tumour["invasion_adjoining_structures"],
                breslow_mm=tumour["breslow_mm"],
                sentinel_node=SentinelNode(tumour["sentinel_node"]) if tumour["sentinel_node"] else None,
                sentinel_deposit_mm=tumour["sentinel_deposit_mm"],
                braf_v600=MutationStatus(tumour["braf_v600"]) if tumour["braf_v600"] else None,
                kit=MutationStatus(tumour["kit"]) if tumour["kit"] else None,
                in_transit=tumour["in_transit"] is True,
                adjuvant=AdjuvantStatus(tumour["adjuvant"]) if tumour["adjuvant"] else None,
            ),
            today=data["today"],
            centre=pathway_selectors.centre_facts(),
            classification=tumour["classification"],
            breslow_mm=tumour["breslow_mm"],
            ulceration=tumour["ulceration"],
            t=tumour["t"],
        )
        return Response({
            "stage": calculators.stage_result_dict(evaluation.stage) if evaluation.stage is not None else None,
            "recommendations": [recommendation_dict(r) for r in evaluation.recommendations],
        })
