"""How the FHIR endpoints appear in the OpenAPI schema (so that schemathesis fuzzes them as the rest of the API):
every answer is `application/fhir+json` (a resource or an OperationOutcome), and a FHIR operation keeps its `$`
in the path (DRF's path simplifier strips it as a regex anchor)."""

from typing import Any

from interop.fhir.codes import FHIR_JSON
from zorgpad.api_schema import ZorgpadAutoSchema

FHIR_OBJECT = {"schema": {"type": "object", "additionalProperties": {},
                          "description": "A FHIR R4 resource, or an OperationOutcome for an error."}}
OPERATIONS = {"/fhir/Patient/{external_id}/everything": "/fhir/Patient/{external_id}/$everything"}


class FhirAutoSchema(ZorgpadAutoSchema):
    def get_operation(self, path: str, path_regex: str, path_prefix: str, method: str,
                      registry: Any) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        for response in operation.get("responses", {}).values():
            if "content" in response:
                response["content"] = {FHIR_JSON: FHIR_OBJECT}
        return operation


def restore_operation_paths(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: `/fhir/Patient/{external_id}/$everything` as it is served."""
    paths = result.get("paths", {})
    for simplified, served in OPERATIONS.items():
        if simplified in paths:
            paths[served] = paths.pop(simplified)
    return result
