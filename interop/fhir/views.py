"""The FHIR R4 read API under /fhir/ (JSON, application/fhir+json) and the referral Bundle endpoint. Thin views:
the record is read by interop.fhir.record (audited) and shaped by the builders; every resource is validated
with the FHIR model library before it is served. Errors are OperationOutcomes."""

import json
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from pydantic import ValidationError as PydanticValidationError
from rest_framework import exceptions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from interop.fhir import capability, referral
from interop.fhir.codes import FHIR_JSON
from interop.fhir.record import (
    PATIENT_REFERENCE,
    BadSearch,
    FhirRecord,
    patient_id_param,
    patient_read,
    patients_by_identifier,
)
from interop.fhir.resources import Resource, operation_outcome, searchset, validated
from interop.fhir.schema import FhirAutoSchema
from zorgpad.accounts.permissions import HasViewPermissions


class FhirJsonRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "fhir"


class AlwaysFhirJson(BaseContentNegotiation):
    """FHIR JSON whatever the client accepts (application/json, application/fhir+json, */*): one format."""

    def select_parser(self, request: Request, parsers: Any) -> Any:
        return parsers[0] if parsers else None

    def select_renderer(self, request: Request, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


def fhir_response(resource: Resource, status: int = 200, **headers: str) -> HttpResponse:
    response = HttpResponse(json.dumps(validated(resource), ensure_ascii=False), status=status,
                            content_type=f"{FHIR_JSON}; charset=utf-8")
    for name, value in headers.items():
        response[name] = value
    return response


def outcome_response(message: str, status: int, code: str = "invalid", expression: list[str] | None = None,
                     ) -> HttpResponse:
    return fhir_response(operation_outcome(message, code=code, expression=expression), status=status)


STATUS_CODES = {401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported", 406: "not-supported",
                415: "not-supported", 429: "throttled"}
FHIR_OK = {(200, FHIR_JSON): OpenApiResponse(OpenApiTypes.OBJECT, description="A FHIR R4 resource (JSON).")}
FHIR_ERRORS = {(code, FHIR_JSON): OpenApiResponse(OpenApiTypes.OBJECT, description="An OperationOutcome.")
               for code in (400, 401, 403, 404)}


class FhirView(APIView):
    """Token (knox) or session auth and role checks as the rest of the API; every answer FHIR JSON."""

    permission_classes = [HasViewPermissions]
    renderer_classes = [FhirJsonRenderer]
    content_negotiation_class = AlwaysFhirJson
    schema = FhirAutoSchema()
    required_permissions: dict[str, list[str]] = {"GET": ["patients.view_patient"]}

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, exceptions.APIException):
            response = super().handle_exception(exc)  # authentication headers, throttling waits
            detail = exc.detail if isinstance(exc.detail, str) else json.dumps(exc.detail)
            out = outcome_response(str(detail), response.status_code,
                                   STATUS_CODES.get(response.status_code, "invalid"))
            for header in ("WWW-Authenticate", "Allow", "Retry-After"):
                if header in response:
                    out[header] = response[header]
            return out
        if isinstance(exc, DjangoPermissionDenied):
            return outcome_response(str(exc) or "Forbidden.", 403, "forbidden")
        if isinstance(exc, BadSearch):
            return outcome_response(str(exc), 400, "invalid")
        if isinstance(exc, Http404):
            return outcome_response("Not found.", 404, "not-found")
        raise exc

    def base_url(self, request: Request) -> str:
        return request.build_absolute_uri(reverse("fhir-metadata")).removesuffix("/metadata")

    def record(self, request: Request, patient_param: str | None, label: str) -> FhirRecord | None:
        if not patient_param:
            raise BadSearch("Search needs the patient parameter (patient=Patient/<id>).")
        patient = patient_read(external_id=patient_id_param(patient_param), user=request.user,
                               request=request, detail=f"FHIR {label}", search=True)
        return FhirRecord(patient, timezone.localdate()) if patient is not None else None


PATIENT_PARAM = OpenApiParameter("patient", {"type": "string", "pattern": PATIENT_REFERENCE}, required=True,
                                 description="Patient/<id> (or <id>): the id Zorgpad serves (a lowercase UUID).")


class MetadataView(FhirView):
    required_permissions: dict[str, list[str]] = {"GET": []}

    @extend_schema(operation_id="fhir_metadata", summary="FHIR CapabilityStatement (what is served)",
                   responses={**FHIR_OK, **FHIR_ERRORS}, tags=["fhir"])
    def get(self, request: Request) -> HttpResponse:
        return fhir_response(capability.capability_statement(self.base_url(request)))


class PatientReadView(FhirView):
    @extend_schema(operation_id="fhir_patient_read", summary="FHIR Patient (nl-core-Patient)",
                   responses={**FHIR_OK, **FHIR_ERRORS}, tags=["fhir"])
    def get(self, request: Request, external_id: str) -> HttpResponse:
        patient = patient_read(external_id=external_id, user=request.user, request=request, detail="FHIR Patient")
        if patient is None:
            return outcome_response("No patient with this id.", 404, "not-found")
        return fhir_response(FhirRecord(patient, timezone.localdate()).patient_resource())


class PatientSearchView(FhirView):
    @extend_schema(operation_id="fhir_patient_search", summary="FHIR Patient search by identifier",
                   parameters=[OpenApiParameter("identifier", {"type": "string", "pattern": r"\S"}, required=True,
                                                description="system|value (BSN or hospital number) or value")],
                   responses={**FHIR_OK, **FHIR_ERRORS}, tags=["fhir"])
    def get(self, request: Request) -> HttpResponse:
        token = request.query_params.get("identifier", "").strip()
        if not token:
            raise BadSearch("Search needs identifier=system|value.")
        system, _, value = token.rpartition("|")
        found = patients_by_identifier(system=system, value=value, user=request.user, request=request)
        resources = [FhirRecord(p, timezone.localdate()).patient_resource() for p in found]
        return fhir_response(searchset(resources, self.base_url(request)))


class _PatientSearch(FhirView):
    label = ""

    def resources(self, record: FhirRecord) -> list[Resource]:
        raise NotImplementedError

    def get(self, request: Request) -> HttpResponse:
        record = self.record(request, request.query_params.get("patient"), f"{self.label} search")
        resources = self.resources(record) if record is not None else []
        return fhir_response(searchset(resources, self.base_url(request)))


def _search_schema(name: str, summary: str) -> Any:
    return extend_schema(operation_id=f"fhir_{name.lower()}_search", summary=summary, parameters=[PATIENT_PARAM],
                         responses={**FHIR_OK, **FHIR_ERRORS}, tags=["fhir"])


class ConditionSearchView(_PatientSearch):
    label = "Condition"
    required_permissions = {"GET": ["patients.view_patient", "patients.view_tumour", "patients.view_comorbidity"]}

    def resources(self, record: FhirRecord) -> list[Resource]:
        return record.conditions()

    @_search_schema("Condition", "FHIR Conditions: the tumours (after mCODE PrimaryCancerCondition), comorbidities")
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)


class ObservationSearchView(_PatientSearch):
    label = "Observation"
    required_permissions = {"GET": ["patients.view_patient", "patients.view_tumour", "patients.view_tumourmarker"]}

    def resources(self, record: FhirRecord) -> list[Resource]:
        return record.observations()

    @_search_schema("Observation", "FHIR Observations: stage (AJCC 8) with T, N, M; size, grade; markers; SSc")
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)


class CarePlanSearchView(_PatientSearch):
    label = "CarePlan"
    required_permissions = {"GET": ["patients.view_patient", "patients.view_tumour"]}

    def resources(self, record: FhirRecord) -> list[Resource]:
        return record.careplans()

    @_search_schema("CarePlan", "FHIR CarePlans: the follow-up plans and the MDO decisions")
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)


class EncounterSearchView(_PatientSearch):
    label = "Encounter"
    required_permissions = {"GET": ["patients.view_patient", "patients.view_tumour"]}

    def resources(self, record: FhirRecord) -> list[Resource]:
        return record.encounters()

    @_search_schema("Encounter", "FHIR Encounters: the MDO meetings where the patient was discussed")
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)


class EverythingView(FhirView):
    required_permissions = {"GET": ["patients.view_patient", "patients.view_tumour", "patients.view_comorbidity",
                                    "patients.view_tumourmarker"]}

    @extend_schema(operation_id="fhir_patient_everything", summary="FHIR Patient/$everything (searchset Bundle)",
                   responses={**FHIR_OK, **FHIR_ERRORS}, tags=["fhir"])
    def get(self, request: Request, external_id: str) -> HttpResponse:
        patient = patient_read(external_id=external_id, user=request.user, request=request,
                               detail="FHIR $everything")
        if patient is None:
            return outcome_response("No patient with this id.", 404, "not-found")
        resources = FhirRecord(patient, timezone.localdate()).everything()
        return fhir_response(searchset(resources, self.base_url(request)))


class BundleView(FhirView):
    """`POST /fhir/Bundle`: a referral (ServiceRequest, Patient, Practitioner, DocumentReference)."""

    required_permissions = {"POST": ["referrals.add_referral"]}
    parser_classes: list[Any] = []  # the body is read as FHIR JSON below, whatever the content type says

    @extend_schema(operation_id="fhir_referral_bundle", summary="A referral as a FHIR Bundle (idempotent)",
                   request={FHIR_JSON: OpenApiTypes.OBJECT, "application/json": OpenApiTypes.OBJECT},
                   responses={(201, FHIR_JSON): OpenApiTypes.OBJECT, (200, FHIR_JSON): OpenApiTypes.OBJECT,
                              **FHIR_ERRORS, (422, FHIR_JSON): OpenApiTypes.OBJECT}, tags=["fhir"])
    def post(self, request: Request) -> HttpResponse:
        try:
            body = json.loads(request.body or b"null")
        except RequestDataTooBig:
            return outcome_response("The bundle is too large.", 413, "too-costly")
        except (ValueError, UnicodeDecodeError):
            return outcome_response("The body is not JSON.", 400, "structure")
        try:
            result = referral.referral_from_bundle(body=body, user=request.user, request=request)
        except referral.MalformedBundle as exc:
            return outcome_response(str(exc), 400, "structure", expression=[exc.expression])
        except PydanticValidationError as exc:
            return outcome_response(f"Not a valid FHIR R4 Bundle: {exc.errors()[0].get('msg', '')}", 400, "structure")
        except ValidationError as exc:
            return fhir_response(_business_outcome(exc), status=422)
        return fhir_response(_transaction_response(result), status=201 if result.created else 200,
                             Location=f"ServiceRequest/{result.referral.external_id}")


def _business_outcome(exc: ValidationError) -> Resource:
    issues = []
    fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field, messages in fields.items():
        for message in messages:
            issue: dict[str, Any] = {"severity": "error", "code": "business-rule", "diagnostics": str(message)[:1000]}
            if field != "__all__":
                issue["details"] = {"text": field}
            issues.append(issue)
    return {"resourceType": "OperationOutcome", "issue": issues}


def _transaction_response(result: referral.ReferralResult) -> Resource:
    status = "201 Created" if result.created else "200 OK"
    ref = result.referral
    return {"resourceType": "Bundle", "type": "transaction-response", "entry": [
        {"response": {"status": status, "location": f"ServiceRequest/{ref.external_id}"}},
        {"response": {"status": "200 OK", "location": f"Patient/{ref.patient.external_id}"}},
    ]}
