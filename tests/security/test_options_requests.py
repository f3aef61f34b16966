"""OPTIONS on every API route, for every role, answers without a server error (issue 14: the first-visit
checklist's OPTIONS raised an AssertionError in DRF's metadata, a 500)."""

import pytest

from tests.security import matrix
from tests.security.routes import Route, all_routes

pytestmark = pytest.mark.django_db

API_ROUTES = [r for r in all_routes() if r.is_api]


@pytest.mark.parametrize("route", API_ROUTES, ids=[r.key for r in API_ROUTES])
def test_options_never_gives_a_server_error(world, route: Route) -> None:
    url = world.url_for(route)
    statuses = {role: world.client(role).options(url).status_code for role in matrix.ROLES}
    assert [role for role, code in statuses.items() if code >= 500] == [], statuses


def test_options_on_the_first_visit_checklist_describes_the_put(world) -> None:
    route = next(r for r in API_ROUTES if r.name == "patient-first-visit-checklist")
    response = world.client("clinician").options(world.url_for(route))
    assert response.status_code == 200
    assert "PUT" in response.json()["actions"]
