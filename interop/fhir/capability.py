"""The CapabilityStatement of `GET /fhir/metadata`: what this server serves (FHIR 4.0.1, JSON)."""

from interop.fhir import codes
from interop.fhir.resources import Resource

SEARCH_PATIENT = [{"name": "patient", "type": "reference"}]


def capability_statement(base_url: str) -> Resource:
    def read_search(kind: str, profile: str | None = None, params: list | None = None) -> dict:
        out: dict = {"type": kind, "interaction": [{"code": "search-type"}],
                     "searchParam": params if params is not None else SEARCH_PATIENT}
        if profile:
            out["supportedProfile"] = [profile]
        return out

    patient = read_search("Patient", codes.NL_CORE_PATIENT, [{"name": "identifier", "type": "token"}])
    patient["interaction"].insert(0, {"code": "read"})
    patient["operation"] = [{"name": "everything",
                             "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything"}]
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-11-30",
        "kind": "instance",
        "software": {"name": "Zorgpad"},
        "implementation": {"description": "Zorgpad FHIR R4 read API and referral intake", "url": base_url},
        "fhirVersion": codes.FHIR_VERSION,
        "format": ["json", codes.FHIR_JSON],
        "rest": [{
            "mode": "server",
            "security": {"description": "API token (Authorization: Token <token>, POST /api/v1/auth/token/) or a "
                                        "logged-in session; role permissions as in the rest of the API."},
            "resource": [
                patient,
                read_search("Condition"),
                read_search("Observation"),
                read_search("CarePlan"),
                read_search("Encounter"),
                {"type": "Bundle", "interaction": [{"code": "create"}],
                 "documentation": "A referral: ServiceRequest, Patient, Practitioner (AGB) and the letter as a "
                                  "DocumentReference (PDF, base64); idempotent on Bundle.identifier."},
            ],
        }],
    }
