"""Input hygiene in one place: every request's query string, form fields and JSON body are checked before any
view, form or serializer sees them.

Refused, with a 400 that names the field (JSON for the API, a page for the browser):
- a NUL character anywhere (PostgreSQL cannot store it in text: it was a 500 in several places);
- the bidirectional control characters U+202A-U+202E and U+2066-U+2069 (a right-to-left override in a name
  makes the screen show something else than what is stored);
- a decimal digit other than 0-9 (full-width U+FF15, Arabic-Indic U+0665, ...): Python's int() and Decimal(),
  and so Django's and DRF's number fields, read them as 5, and no identifier (BSN, hospital number, AGB,
  postal code) or measurement is written with them. Password fields are exempt from this rule only.
- JSON nested deeper than JSON_MAX_DEPTH levels (Python's json module would recurse until a RecursionError).

Why a middleware and not a form mixin plus a DRF parser: it is the one place that sees every input of every
route (pages, htmx partials, the API, the unauthenticated token endpoint, query strings such as /audit/?user=),
so a new form or serializer cannot forget it. Form fields are read in process_view, once the view is known, so
that a JSON-only API view still answers 415 to a form. It reads the JSON body once more than DRF does;
bodies are small (DATA_UPLOAD_MAX_MEMORY_SIZE bounds them).
"""

import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

_NUL = "\x00"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # \d is Unicode-aware: every decimal digit of every script
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in a JSON text, without parsing it (strings skipped)."""
    depth = deepest = 0
    for match in _BRACKET.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def problem(value: str, *, digits: bool = True) -> str | None:
    """What is wrong with one submitted text, or None."""
    if _NUL in value:
        return _("The text contains a NUL character; that is not allowed.")
    if _BIDI.search(value):
        return _("The text contains a text-direction control character (U+202A-U+202E, U+2066-U+2069); "
                 "that is not allowed.")
    if digits and _OTHER_DIGIT.search(value):
        return _("The text contains a digit other than 0-9 (for example a full-width digit); type the digits 0-9.")
    return None


def _digits_checked(field: str) -> bool:
    return "password" not in field.lower()


def _pairs(data: QueryDict) -> Iterator[tuple[str, str]]:
    for key, values in data.lists():
        yield key, key
        for value in values:
            yield key, value


def _json_strings(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path or "body", value
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            yield child, str(key)
            yield from _json_strings(item, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, f"{path}.{index}" if path else str(index))


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _accepts(view_func: Any, content_type: str) -> bool:
    """Whether the view reads a body of this type: a DRF view only through its parsers (a JSON-only endpoint
    answers 415 to a form, and must still do so), any other view always."""
    view_class = getattr(view_func, "cls", None)
    parsers = getattr(view_class, "parser_classes", None)
    if parsers is None:
        return True
    return any(parser.media_type == content_type for parser in parsers)


class InputHygieneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """The query string and a JSON body, before anything else (also where no view resolves)."""
        refusal = self._check(request)
        if refusal is not None:
            return self._refuse(request, *refusal)
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        """Form fields, once the view is known: reading them consumes the body, which a view that does not take
        forms must not see consumed (it answers 415)."""
        content_type = request.content_type or ""
        if content_type not in _FORM_TYPES or not _accepts(view_func, content_type):
            return None
        form = None
        if request.method == "POST":
            form = request.POST
        elif request.method in ("PUT", "PATCH") and content_type == "application/x-www-form-urlencoded":
            form = QueryDict(request.body, encoding=request.encoding)
        for field, value in _pairs(form) if form is not None else ():
            if (message := problem(value, digits=_digits_checked(field))) is not None:
                return self._refuse(request, field, message)
        return None

    def _check(self, request: HttpRequest) -> tuple[str | None, str] | None:
        for field, value in _pairs(request.GET):
            if (message := problem(value, digits=_digits_checked(field))) is not None:
                return field, message
        content_type = request.content_type or ""
        if content_type == "application/json" or content_type.endswith("+json"):
            return self._check_json(request)
        return None

    def _check_json(self, request: HttpRequest) -> tuple[str | None, str] | None:
        try:
            text = request.body.decode(request.encoding or "utf-8")
        except UnicodeDecodeError:
            return None  # the parser answers 400 for that
        limit = settings.JSON_MAX_DEPTH
        if json_depth(text) > limit:
            return None, _("The JSON is nested too deeply (more than %(limit)d levels).") % {"limit": limit}
        try:
            data = json.loads(text)
        except ValueError:
            return None  # malformed JSON: the parser answers 400 for that
        for field, value in _json_strings(data):
            if (message := problem(value, digits=_digits_checked(field))) is not None:
                return field, message
        return None

    def _refuse(self, request: HttpRequest, field: str | None, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({field: [message]} if field else {"detail": message}, status=400)
        return render(request, "input_refused.html", {"field": field, "message": message}, status=400)
