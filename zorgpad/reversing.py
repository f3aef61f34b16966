"""reverse() for the many rows of one page."""

import uuid
from collections.abc import Callable
from typing import Any

from django.urls import reverse

_MARKER = uuid.UUID(int=0)


def url_for_each(route: str) -> Callable[[Any], str]:
    """`reverse(route, kwargs={"external_id": ...})` for every row of a page: reversed once, each row's id put in
    its place (reverse costs about 25 µs; a list of 50 rows, or an agenda of 40 cases with two links each, called
    it for every row)."""
    prefix, suffix = reverse(route, kwargs={"external_id": _MARKER}).split(str(_MARKER))
    return lambda external_id: f"{prefix}{external_id}{suffix}"
