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
# A decimal digit of any script, except 0-9: "not a non-digit, and not 0-9" (\d is Unicode-aware). One character
# class, checked in C per character; a look-ahead such as (?![0-9])\d is ten times slower on long texts.
_OTHER_DIGIT = re.compile(r"[^\D0-9]")


class TooDeep(ValueError):
    pass


def json_walk(value: Any, *, max_depth: int) -> Iterator[tuple[str, str]]:
    """(field path, text) for every string and key in parsed JSON, without recursion; TooDeep beyond max_depth."""
    stack: list[tuple[Any, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            yield path or "body", item
        elif isinstance(item, dict | list):
            if depth + 1 > max_depth:
                raise TooDeep(path)
            pairs = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in pairs:
                child_path = f"{path}.{key}" if path else str(key)
                if isinstance(key, str):
                    yield child_path, key
                stack.append((child, child_path, depth + 1))


def problem(value: str, *, digits: bool = True) -> str | None:
    """What is wrong with one submitted text, or None."""
    if _NUL in value:
        return _("The text contains a NUL character; that is not allowed.")
    if value.isascii():  # the common case: no control or digit beyond ASCII can be in it
        return None
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
        too_deep = None, _("The JSON is nested too deeply (more than %(limit)d levels).") % {"limit": limit}
        try:
            data = json.loads(text)
        except RecursionError:  # json's decoder recurses per level; it stops cleanly at the interpreter's limit
            return too_deep
        except ValueError:
            return None  # malformed JSON: the parser answers 400 for that
        try:
            for field, value in json_walk(data, max_depth=limit):
                if (message := problem(value, digits=_digits_checked(field))) is not None:
                    return field, message
        except TooDeep:
            return too_deep
        return None

    def _refuse(self, request: HttpRequest, field: str | None, message: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            return JsonResponse({field: [message]} if field else {"detail": message}, status=400)
        where = f"{field}: {message}" if field else message
        if request.path.startswith("/fhir/"):  # the FHIR API answers with an OperationOutcome (interop)
            outcome = {"resourceType": "OperationOutcome",
                       "issue": [{"severity": "error", "code": "invalid", "diagnostics": where}]}
            return JsonResponse(outcome, status=400, content_type="application/fhir+json; charset=utf-8")
        if request.path.startswith("/cds-services"):  # CDS Hooks: JSON with a message (interop)
            return JsonResponse({"error": where}, status=400)
        return render(request, "input_refused.html", {"field": field, "message": message}, status=400)
