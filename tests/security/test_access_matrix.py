"""Every role x every route x every method, against the one table in tests/security/matrix.py.

Routes are discovered from the URL resolver (pages) and the OpenAPI schema (API methods), so a route
that a later app adds is tested, and fails until it is classified in the matrix.
"""

import pytest
from django.db import connection
from django.http import HttpResponse

from tests.security import matrix
from tests.security.routes import Route, all_routes, api_methods, methods, openapi_schema

pytestmark = pytest.mark.django_db

ROUTES = all_routes()
# Tables a refused request may still touch: the session (saved on every request), login throttling.
BOOKKEEPING = {"django_session", "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog"}


def test_every_route_is_in_the_access_matrix() -> None:
    missing = [f"{r.key}  ({r.pattern})" for r in ROUTES if matrix.entry(r.key) is None]
    assert missing == [], "add these routes to the access matrix in tests/security/matrix.py"


def test_the_matrix_names_no_route_that_does_not_exist() -> None:
    keys = {r.key for r in ROUTES}
    stale = [k for k in matrix.MATRIX if not any(c in k for c in "*?[") and k not in keys]
    assert stale == []


def test_every_api_route_is_in_the_openapi_schema() -> None:
    documented = set(openapi_schema()["paths"])
    undocumented = [r.key for r in ROUTES if r.is_api and r.name != "api-token" and r.openapi_path not in documented]
    assert undocumented == []


def _writes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables")
        return {name: n for name, n in cursor.fetchall() if name not in BOOKKEEPING and n}


def _refused(response: HttpResponse) -> bool:
    if response.status_code in (401, 403, 405):
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return "login" in location and "next=" in location


@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_access_matrix(world, route: Route) -> None:
    url = world.url_for(route)
    if any(conv == "uuid" for conv, _ in route.params) and route.key not in matrix.MAY_BE_ABSENT:
        assert world.object_for(route) is not None, f"no demo object reaches {route.pattern}: add demo data"
    problems = []
    for method in methods(route):
        for role in matrix.ROLES:
            client = world.client(role)
            before = _writes()
            response = client.generic(method, url)
            expected = matrix.allowed(route.key, method, role)
            outcome = f"{method} {url} as {role}: {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"{outcome} (server error)")
            elif expected and _refused(response) and not matrix.view_decides(route.key):
                problems.append(f"{outcome}, but the matrix allows it")
            elif expected and response.status_code == 404 and not (route.is_admin or route.key in matrix.MAY_BE_ABSENT):
                problems.append(f"{outcome}: the demo object was not found")
            elif not expected and not _refused(response):
                problems.append(f"{outcome}, but the matrix refuses it")
            elif not expected and (written := _writes()) != before:
                problems.append(f"{outcome}: refused, yet it wrote {written}")
    assert problems == []


API_ROUTES = [r for r in ROUTES if r.is_api]


@pytest.mark.parametrize("route", API_ROUTES, ids=[r.key for r in API_ROUTES])
def test_undocumented_api_methods_are_refused(world, route: Route) -> None:
    """Deny by default: a method the schema does not document is refused even to an admin."""
    client = world.client("admin")
    documented = set(api_methods(route)) or {"GET", "POST"}
    for method in sorted({"GET", "POST", "PUT", "PATCH", "DELETE"} - documented):
        assert client.generic(method, world.url_for(route)).status_code in (403, 405), method
