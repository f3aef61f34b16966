"""Finding (issue 14): patient pages, PDFs and API JSON carried no Cache-Control, so a shared ward PC kept
them after logout. Every response of every route (the URL resolver's whole table) now says no-store."""

import html
import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.security.routes import Route, all_routes

pytestmark = pytest.mark.django_db

ROUTES = list(all_routes())


def _no_store(response) -> bool:  # type: ignore[no-untyped-def]
    return "no-store" in {part.strip() for part in response.get("Cache-Control", "").split(",")}


@pytest.mark.parametrize("route", ROUTES, ids=[r.pattern for r in ROUTES])
def test_every_route_answers_with_no_store(world, route: Route) -> None:
    url = world.url_for(route)
    for role in ("admin", "secretary", "anonymous"):
        response = world.client(role).get(url)
        assert _no_store(response), f"{role} GET {url} -> {response.status_code}: {response.get('Cache-Control')}"


def test_token_authenticated_api_and_pdf_and_ical_answer_with_no_store(world) -> None:
    from mdo.models import MdoSession
    from zorgpad.patients.models import Patient

    admin = world.users["admin"]
    api = APIClient()
    api.force_authenticate(admin)
    patient = Patient.objects.first()
    assert _no_store(api.get("/api/v1/patients/"))
    assert _no_store(api.get(f"/api/v1/patients/{patient.external_id}/"))
    session = MdoSession.objects.filter(cases__isnull=False).first()
    pdf = world.client("admin").get(f"/mdo/sessions/{session.external_id}/agenda.pdf")
    assert pdf["Content-Type"] == "application/pdf" and _no_store(pdf)
    # The personal subscription link, as the calendar page gives it (times and place only, but still no-store).
    page = world.client("admin").post("/mdo/calendar/", {"action": "create"}).content.decode()  # shown once
    link = re.search(r"http://testserver(/api/v1/mdo/calendar/[^\"]+)", page)
    assert link is not None
    feed = Client().get(html.unescape(link.group(1)))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar") and _no_store(feed)
