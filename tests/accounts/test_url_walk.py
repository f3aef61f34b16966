"""Walk every URL pattern and API route anonymously: everything is refused except the open allowlist."""

import re
import uuid
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

# The only routes an anonymous visitor may use.
OPEN = {
    "login", "health", "set_language", "api-token", "admin:login", "javascript-catalog",
}

CONVERTER_VALUES = {"uuid": str(uuid.uuid4()), "int": "1", "slug": "x", "str": "x", "path": "x",
                    "date": "2027-01-01"}


def _walk(resolvers: list, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            yield name, prefix + str(entry.pattern)


def _concrete(pattern: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: CONVERTER_VALUES[m.group(1) or "str"], pattern)
    # Regex patterns (admin): strip anchors and fill groups.
    # (Only a trailing "$" is an anchor: FHIR operations such as "$everything" keep theirs.)
    path = re.sub(r"\$$", "", path.replace("^", "").replace("\\Z", ""))
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    return "/" + path.lstrip("/")


ROUTES = sorted(set(_walk(get_resolver().url_patterns)))


def test_walker_finds_the_routes() -> None:
    names = {name for name, _ in ROUTES}
    assert {"patients:list", "patients:detail", "patient-list", "api-schema", "audit-log"} <= names


@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[f"{n or '?'} {p}" for n, p in ROUTES])
def test_anonymous_is_refused(client, name: str, pattern: str) -> None:
    if name in OPEN:
        pytest.skip("open by design")
    url = _concrete(pattern)
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        refused = response.status_code in (401, 403) or (
            response.status_code == 302 and "login" in response["Location"]
        )
        # A static-less 404 for a concrete admin id is not a leak only if it is behind the login redirect.
        assert refused, f"{method.upper()} {url} ({name}) answered {response.status_code} to an anonymous visitor"
