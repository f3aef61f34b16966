"""OpenAPI schema corrections for the whole API (drf-spectacular extensions), loaded at start-up.

Found by schemathesis (tests/api/test_schemathesis.py): DRF writes a TimeField as local wall-clock time
("14:00:00", Europe/Amsterdam), but OpenAPI's `format: time` means an RFC 3339 time with an offset
("14:00:00+01:00"), so every time in a response broke the schema. The schema now says what we send.
"""

from decimal import Decimal
from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.fields import TimeField
from rest_framework.permissions import AllowAny

# [0-9], not \d: a generator (and Python's re) reads \d as any script's digits, which the server refuses.
LOCAL_TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


class LocalTimeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = TimeField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {"type": "string", "pattern": LOCAL_TIME, "example": "14:00:00",
                "description": "Local time (Europe/Amsterdam), HH:MM[:SS]."}


# --- the error answers of every operation ---------------------------------------------------------------


class ErrorDetailSerializer(serializers.Serializer):
    """DRF's answer to a refused request: `{"detail": "..."}`."""

    detail = serializers.CharField()


# A 400 carries field errors (`{"field": ["message"], "non_field_errors": [...]}`) or, for a body that is
# not JSON, `{"detail": "..."}`: an object either way.
VALIDATION_ERRORS = {
    "type": "object",
    "additionalProperties": {},
    "description": 'Field errors: {"<field>": ["<message>", ...], "non_field_errors": [...]}, or {"detail": "..."}.',
}
BODY_METHODS = ("POST", "PUT", "PATCH")


def _validator_patterns() -> dict[Any, tuple[str, str]]:
    """Field validators (functions, which drf-spectacular cannot read) -> (pattern, what else is checked).

    ASCII digits only, as the schema's `[0-9]` says (the validators' `\\d` also took other scripts' digits).
    """
    from referrals.validators import validate_agb_code
    from zorgpad.patients.validators import validate_bsn, validate_hospital_number, validate_postal_code

    return {
        validate_hospital_number: (r"^[0-9A-Z]{4,20}$", ""),
        validate_bsn: (r"^([0-9]{9})?$", "A BSN must pass the 11-check (business rule)."),
        validate_postal_code: (r"^([1-9][0-9]{3} ?[A-Za-z]{2})?$", ""),
        validate_agb_code: (r"^([0-9]{8})?$", ""),
    }


class ZorgpadAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema, plus the error answers each operation really gives.

    Derived from the view, so that an operation added later documents them too:
    400 when it takes a body or query parameters; 401 when its first authentication class asks for
    credentials (`WWW-Authenticate`; with session authentication first DRF answers 403 instead); 403 when
    it needs a login or a role (and for a missing CSRF token); 404 for an unknown id in the path or a page
    past the end; 415 for a body in another media type; 429 when it is throttled.
    """

    def get_operation(self, path: str, path_regex: str, path_prefix: str, method: str,
                      registry: Any) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        if rules := self._business_rules():
            operation["x-business-rules"] = sorted(rules)
        self._empty_filters_mean_no_filter(operation)
        if "requestBody" in operation and self.method in ("POST", "PUT") and self._body_has_required_fields():
            operation["requestBody"]["required"] = True
        responses: dict[str, Any] = operation.setdefault("responses", {})
        for code, (description, body) in self._error_responses(operation).items():
            if code not in responses:
                response = self._get_response_for_code(body, code)
                response["description"] = description
                responses[code] = response
        return operation

    def _insert_field_validators(self, field: Any, schema: dict[str, Any]) -> None:
        super()._insert_field_validators(field, schema)
        if isinstance(field, serializers.DecimalField) and field.decimal_places is not None \
                and schema.get("type") == "number":
            schema["multipleOf"] = float(Decimal(1).scaleb(-field.decimal_places))  # at most N decimals
        if isinstance(field, serializers.CharField) and not field.read_only and not field.allow_blank \
                and field.trim_whitespace and schema.get("type") == "string" and "pattern" not in schema \
                and "enum" not in schema:
            schema["pattern"] = r"\S"  # DRF strips surrounding whitespace: a blank text is refused
        if isinstance(getattr(field, "allow_zero", None), bool) and schema.get("type") == "number":
            schema["minimum"] = 0  # the calculators' positive numbers (staging.apis.StrictPositiveDecimalField)
            if not field.allow_zero:
                schema["exclusiveMinimum"] = True
        patterns = _validator_patterns()
        for validator in getattr(field, "validators", []):
            if callable(validator) and getattr(validator, "__hash__", None) and schema.get("type") == "string" \
                    and any(validator is known for known in patterns):
                pattern, rule = patterns[validator]
                schema["pattern"] = pattern
                if rule:
                    schema["description"] = f"{schema.get('description', '')} {rule}".strip()

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        # A serializer that refuses unknown keys (the strict calculators) says so.
        if direction == "request" and getattr(serializer, "refuses_unknown_fields", False):
            schema["additionalProperties"] = False
        return schema

    def get_description(self) -> str:  # type: ignore[override]  # drf-spectacular's signature
        """The view's docstring, plus the business rules that refuse schema-valid input (view attribute
        `business_rules = {"POST": {"<field>": "<rule>"}}`): the answer is a 400 naming that field."""
        description: str = super().get_description() or ""
        rules = self._business_rules()
        if rules:
            lines = "\n".join(f"- `{name}`: {rule}" for name, rule in rules.items())
            description = f"{description}\n\nRefused with 400 by these business rules (field: rule):\n{lines}".strip()
        return description

    def _empty_filters_mean_no_filter(self, operation: dict[str, Any]) -> None:
        """`?born_before=` is no filter (django-filter skips empty values): the schema says so."""
        filterset = getattr(self.view, "filterset_class", None)
        names = set(getattr(filterset, "base_filters", {}))
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter.get("in") == "query" and parameter["name"] in names and (
                    schema.get("type") != "string" or {"format", "enum", "pattern"} & set(schema)):
                parameter["schema"] = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
                parameter["description"] = f"{parameter.get('description', '')} Empty: no filter.".strip()

    def _body_has_required_fields(self) -> bool:
        """A body is required when its serializer (every one of a polymorphic request) has a required field."""
        from drf_spectacular.utils import PolymorphicProxySerializer

        request = self.get_request_serializer()
        if isinstance(request, dict):  # per media type
            request = next(iter(request.values()), None)
        if isinstance(request, PolymorphicProxySerializer):
            serializers_ = list(request.serializers.values()) if isinstance(request.serializers, dict) \
                else list(request.serializers)
        else:
            serializers_ = [request]
        instances = [s() if isinstance(s, type) else s for s in serializers_ if s is not None]
        return bool(instances) and all(
            any(f.required and not f.read_only for f in getattr(s, "fields", {}).values()) for s in instances)

    def _business_rules(self) -> dict[str, str]:
        return dict(getattr(self.view, "business_rules", {}).get(self.method, {}))

    def _error_responses(self, operation: dict[str, Any]) -> dict[str, tuple[str, Any]]:
        view = self.view
        errors: dict[str, tuple[str, Any]] = {}
        has_body = self.method in BODY_METHODS and "requestBody" in operation
        has_query = any(p.get("in") == "query" for p in operation.get("parameters", []))
        if has_body or has_query:
            errors["400"] = ("Invalid input: field errors.", VALIDATION_ERRORS)
        authenticators = view.get_authenticators()
        needs_login = any(not isinstance(p, AllowAny) for p in view.get_permissions())
        if needs_login and authenticators and authenticators[0].authenticate_header(None):  # type: ignore[arg-type]
            errors["401"] = ("Not logged in, or the token is invalid.", ErrorDetailSerializer)
        if needs_login or (has_body and any(isinstance(a, SessionAuthentication) for a in authenticators)):
            errors["403"] = ("Not logged in, no permission for this role, or the CSRF check failed.",
                             ErrorDetailSerializer)
        paginated = self._is_list_view() and getattr(view, "pagination_class", None) is not None
        if "{" in self.path or paginated:
            errors["404"] = ("Not found: no such record (or a page past the end).", ErrorDetailSerializer)
        if has_body:
            errors["415"] = ("Unsupported media type of the request body.", ErrorDetailSerializer)
        if view.get_throttles():
            errors["429"] = ("Too many requests: wait and try again.", ErrorDetailSerializer)
        return errors
