"""Validate and serialise FHIR resources with fhir.resources' R4B models (identical to R4 for what is served here:
see interop.fhir)."""

import json
from typing import Any

from fhir.resources.R4B import get_fhir_model_class

from interop.fhir.codes import FHIR_JSON

Resource = dict[str, Any]


def validated(resource: Resource) -> Resource:
    """The resource as the FHIR model library parses and writes it: raises pydantic's ValidationError for an
    element FHIR does not allow. Every resource served goes through here."""
    model = get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return json.loads(model.model_dump_json(exclude_none=True))


def coding(system: str, code: str, display: str = "") -> dict[str, str]:
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def concept(text: str, *codings: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text}
    if codings:
        out["coding"] = list(codings)
    return out


def ref(resource_type: str, resource_id: Any, display: str = "") -> dict[str, str]:
    out = {"reference": f"{resource_type}/{resource_id}"}
    if display:
        out["display"] = display
    return out


def searchset(resources: list[Resource], base_url: str) -> Resource:
    """A searchset Bundle: each entry with its fullUrl, so references inside resolve in the Bundle."""
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "entry": [{"fullUrl": f"{base_url}/{r['resourceType']}/{r['id']}", "resource": r,
                   "search": {"mode": "match"}} for r in resources],
    }


def operation_outcome(message: str, *, code: str = "invalid", severity: str = "error",
                      expression: list[str] | None = None) -> Resource:
    issue: dict[str, Any] = {"severity": severity, "code": code, "diagnostics": message[:1000]}
    if expression:
        issue["expression"] = expression
    return {"resourceType": "OperationOutcome", "issue": [issue]}


__all__ = ["FHIR_JSON", "Resource", "coding", "concept", "operation_outcome", "ref", "searchset", "validated"]
