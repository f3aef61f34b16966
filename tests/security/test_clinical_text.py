"""No internal field names in the clinical UI (issue 15): every screen of the URL table, with the demo data (as the
admin, who may see every page), is scanned for the snake_case names of the models' fields in the text people read."""

import pytest
from django.apps import apps

from tests.patients.test_no_internal_names import SNAKE, visible_text
from tests.security.routes import Route, all_routes

pytestmark = pytest.mark.django_db

OUR_APPS = ("patients", "staging", "mdo", "referrals", "followup", "pathway", "audit", "accounts")
FIELD_NAMES = {f.name for app in OUR_APPS if app in {c.label for c in apps.get_app_configs()}
               for model in apps.get_app_config(app).get_models() for f in model._meta.get_fields() if "_" in f.name}
# The screens (letters, PDFs and print runs are documents, checked by their own tests; actions are POST only).
_NOT_SCREENS = ("pdf", "letter", "print", "document", "requeue", "remove", "move", "ical")
PAGES = [r for r in all_routes() if not r.is_api and not r.is_admin and not r.pattern.startswith(("api", "static"))
         and not any(word in r.pattern for word in _NOT_SCREENS)]


@pytest.mark.parametrize("route", PAGES, ids=[r.pattern for r in PAGES])
def test_pages_show_no_field_names(world, route: Route) -> None:
    url = world.url_for(route)
    for role in ("admin",):  # every permission: every page renders in full
        response = world.client(role).get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        text = visible_text(response.content.decode())
        found = {word for word in SNAKE.findall(text) if word in FIELD_NAMES}
        assert not found, f"{role} GET {url}: {sorted(found)}"
