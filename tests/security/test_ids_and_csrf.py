"""Nobody reaches a record by guessing ids, integer keys never appear in URLs, and CSRF guards every form/API write."""

import uuid

import pytest
from django.test import Client

from tests.security import matrix
from tests.security.routes import UNSAFE, Route, all_routes, methods
from tests.security.test_access_matrix import _writes

pytestmark = pytest.mark.django_db

ROUTES = all_routes()
OUR_ROUTES = [r for r in ROUTES if not r.is_admin]
OBJECT_ROUTES = [r for r in OUR_ROUTES if any(conv == "uuid" for conv, _ in r.params)]
# Path parameters other than UUIDs need a reason to exist (e.g. a calendar week); none so far.
NON_UUID_PARAMS: dict[str, str] = {
    "mdo-calendar-feed": "the code of an MDO series (e.g. a weekly tumour board): a name, not a record id",
    "followup:template-preview-render": "an admin's preview of a letter template by file name and format",
    "tumour-pathway-item": "the code of a recommendation of the tumour's pathway (e.g. lms.mdo), under its UUID",
    "pathway:item-set": "the code of a recommendation of the tumour's pathway (e.g. lms.mdo), under its UUID",
    "quality:indicator-rows": "the code of an indicator (e.g. wait_treatment): a name, not a record id",
    "quality:indicator-csv": "the code of an indicator (e.g. wait_treatment): a name, not a record id",
}


def test_no_route_of_ours_takes_an_integer_or_free_text_id() -> None:
    offenders = [f"{r.key}: <{conv}:{name}>" for r in OUR_ROUTES for conv, name in r.params
                 if conv != "uuid" and r.key not in NON_UUID_PARAMS]
    assert offenders == [], "public URLs use the UUID external_id (or add a reason to NON_UUID_PARAMS)"


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[r.key for r in OBJECT_ROUTES])
def test_a_guessed_uuid_finds_nothing(world, route: Route) -> None:
    admin = world.client("admin")  # every permission: only the id stands between the caller and the data
    patient = world.samples[next(m for m in world.samples if m._meta.label == "patients.Patient")]
    for attempt in range(3):
        url = route.url(**{name: str(uuid.uuid4()) for conv, name in route.params if conv == "uuid"})
        for method in methods(route):
            before = _writes()
            response = admin.generic(method, url)
            # 404; or the method is not offered at all (405, or 403 from the API's deny-by-default).
            assert response.status_code in (403, 404, 405), f"{method} {url} (try {attempt}): {response.status_code}"
            assert patient.family_name.encode() not in response.content
            assert _writes() == before
            if response.status_code != 404:
                real = world.client("admin").generic(method, world.url_for(route)).status_code
                assert real == response.status_code, f"{method} {url}: {response.status_code}, real id {real}"


@pytest.mark.parametrize("route", OBJECT_ROUTES, ids=[r.key for r in OBJECT_ROUTES])
def test_the_integer_primary_key_is_not_accepted(world, route: Route) -> None:
    obj = world.object_for(route)
    if obj is None and route.key in matrix.MAY_BE_ABSENT:
        pytest.skip(f"no demo object for {route.pattern}")
    assert obj is not None
    url = route.url(**{name: str(obj.pk) for conv, name in route.params if conv == "uuid"})
    for method in methods(route):
        assert world.client("admin").generic(method, url).status_code == 404, f"{method} {url}"


WRITE_ROUTES = [r for r in ROUTES if any(m in UNSAFE for m in methods(r))]
# Routes a session cannot use at all: only a bearer JWT of a registered EHR (no cookie, so no CSRF to ride); a
# session without the token is refused as unauthenticated (401). tests/interop checks their JWT handling.
BEARER_ONLY = {"cds-discovery", "cds-patient-view", "cds-feedback"}


@pytest.mark.parametrize("route", WRITE_ROUTES, ids=[r.key for r in WRITE_ROUTES])
def test_every_write_without_a_csrf_token_is_refused(world, route: Route) -> None:
    """A logged-in browser session (the admin: every permission) cannot be ridden by another site."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["admin"])
    url = world.url_for(route)
    for method in (m for m in methods(route) if m in UNSAFE):
        before = _writes()
        response = browser.generic(method, url, "{}", content_type="application/json")
        refusals = (401, 403) if route.key in BEARER_ONLY else (403,)
        assert response.status_code in refusals, f"{method} {url}: {response.status_code}"
        assert _writes() == before
        if matrix.allowed(route.key, method, "admin") and not matrix.view_decides(route.key):
            # ... and it is the missing token that refuses it: with the token check off it goes through.
            trusted = world.client("admin").generic(method, url, "{}", content_type="application/json")
            assert trusted.status_code != 403, f"{method} {url}"
