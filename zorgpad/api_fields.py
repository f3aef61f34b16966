"""API input fields that take what the OpenAPI schema says, and nothing else (issue 14: schemathesis found
schema-violating requests accepted: `"active": 1`, `"minutes_needed": "20"`, `"value": "0.5"`).

DRF's own fields coerce: a BooleanField takes 1, "yes" and "on", an IntegerField "20" and 20.0, a
DecimalField "0.5". In a JSON body these fields now take the JSON type only (a boolean, an integer, a
number). A form-encoded body (multipart, for the referral letter upload) carries only strings, so there the
strings a form sends are still read: "true"/"false", digits, a decimal number.

`install()` makes them the fields ModelSerializer builds for model fields (called once at start-up).
"""

from decimal import Decimal
from typing import Any

from django.db import models
from django.http import QueryDict
from rest_framework import serializers


def _form_encoded(field: serializers.Field) -> bool:
    """The body came from a form (a QueryDict), not from JSON."""
    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


class FormNullMixin:
    """A form has no null: a form-encoded "null" (or "") of a nullable field means null."""

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if isinstance(data, str) and data in ("null", "") and getattr(self, "allow_null", False) \
                and _form_encoded(self):  # type: ignore[arg-type]
            data = None
        return super().validate_empty_values(data)  # type: ignore[misc]


class FormNullDateField(FormNullMixin, serializers.DateField):
    pass


class FormNullUUIDField(FormNullMixin, serializers.UUIDField):
    pass


class JsonBooleanField(FormNullMixin, serializers.BooleanField):
    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        if isinstance(data, str) and _form_encoded(self) and data in self.TRUE_VALUES | self.FALSE_VALUES:
            return data in self.TRUE_VALUES
        self.fail("invalid", input=data)
        raise AssertionError  # unreachable: fail() raises


class JsonIntegerField(serializers.IntegerField):
    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not (isinstance(data, int) or (isinstance(data, str) and _form_encoded(self))):
            self.fail("invalid")
        return super().to_internal_value(data)


class JsonDecimalField(serializers.DecimalField):
    """A JSON number (compared exactly as written: 4.05 stays 4.05); a decimal string only from a form."""

    def to_internal_value(self, data: Any) -> Decimal:
        if isinstance(data, bool) or not (isinstance(data, int | float | Decimal)
                                          or (isinstance(data, str) and _form_encoded(self))):
            self.fail("invalid")
        return super().to_internal_value(data)


class JsonCharField(serializers.CharField):
    """A JSON string (not a number), whose bound holds for the text as sent: DRF trims surrounding whitespace
    first, so a 5,001-character note that starts with a space passed a 5,000-character maxLength."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if self.max_length is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length)
        return super().to_internal_value(data)


def install() -> None:
    mapping = serializers.ModelSerializer.serializer_field_mapping
    mapping[models.CharField] = JsonCharField
    mapping[models.TextField] = JsonCharField
    mapping[models.BooleanField] = JsonBooleanField
    for integer in (models.IntegerField, models.SmallIntegerField, models.BigIntegerField,
                    models.PositiveIntegerField, models.PositiveSmallIntegerField, models.PositiveBigIntegerField):
        mapping[integer] = JsonIntegerField
    mapping[models.DecimalField] = JsonDecimalField
