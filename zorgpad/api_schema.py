"""OpenAPI schema corrections for the whole API (drf-spectacular extensions), loaded at start-up.

Found by schemathesis (tests/api/test_schemathesis.py): DRF writes a TimeField as local wall-clock time
("14:00:00", Europe/Amsterdam), but OpenAPI's `format: time` means an RFC 3339 time with an offset
("14:00:00+01:00"), so every time in a response broke the schema. The schema now says what we send.
"""

from typing import Any

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework.fields import TimeField

LOCAL_TIME = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"


class LocalTimeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = TimeField
    match_subclasses = True

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {"type": "string", "pattern": LOCAL_TIME, "example": "14:00:00",
                "description": "Local time (Europe/Amsterdam), HH:MM[:SS]."}
