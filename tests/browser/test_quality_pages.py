"""Issue 17: the waiting-time worklist, the indicators page with its charts and a patient's milestones render in
Chromium at 1440 and 390 px, in Dutch, without sideways scrolling (screenshots in test-artifacts/screenshots/)."""

import pytest
from django.utils import timezone

from tests.browser.conftest import shot
from tests.browser.test_responsive import OVERFLOW
from tests.quality.dataset import START, TODAY, build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_quality_pages_with_charts(page, live_server, login_as, clinician, monkeypatch) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    data = build()
    login_as(clinician)
    query = f"?period=range&from_={START:%Y-%m-%d}&to={TODAY:%Y-%m-%d}&pathway=lms"
    pages = (("waiting", "/quality/waiting/"), ("indicators", f"/quality/indicators/{query}"),
             ("milestones", f"/patients/{data.patients[1].external_id}/milestones/"))
    for width in (1440, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages:
            page.goto(live_server.url + path)
            assert page.evaluate(NO_SIDEWAYS), f"{path} at {width}px: {page.evaluate(OVERFLOW)}"
            shot(page, f"quality-{name}-{width}")
    page.goto(live_server.url + f"/quality/indicators/{query}")
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 10
    assert charts.first.is_visible()
    assert page.get_by_text("Eerste bezoek tot start behandeling binnen de norm").first.is_visible()
    page.goto(live_server.url + "/quality/waiting/")
    assert page.get_by_text("te laat").first.is_visible()
