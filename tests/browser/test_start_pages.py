"""Each role logs in through the login form, lands on its start page ("Vandaag"), and reaches every listed item
in one click; screenshots of every start page at 1440 and 390 px (test-artifacts/screenshots/today-*.png).

One browser session (context) per role, on the demo data; no sleeps: Playwright waits for each navigation.
"""

import datetime as dt

import pytest

from mdo.models import CaseStatus, MdoCase, SessionStatus
from tests.browser.conftest import shot
from tests.security.routes import build_world
from zorgpad.demo_data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# role -> (demo user name, start page, the lists on it whose first row is clicked)
ROLES = {
    "clinician": ("arts", "/today/clinician/", ["p_items", "p_triage", "p_biopsy", "p_overdue", "p_mdo"]),
    "mdo_coordinator": ("coordinator", "/today/coordinator/", ["p_sessions", "p_late", "p_close"]),
    "secretary": ("secretaresse", "/today/secretary/", ["p_letters", "p_invitations", "p_referrals", "p_phone"]),
    "admin": ("beheer", "/today/admin/", ["p_decisions"]),
}
ERROR_TITLES = ("Pagina niet gevonden", "Geen toegang", "Er ging iets mis")


def _late_registration() -> None:
    """The demo registers every case in time: one coming case is made late, so that list has a row to click."""
    from django.utils import timezone

    case = (MdoCase.objects.filter(status=CaseStatus.REGISTERED, session__status=SessionStatus.PLANNED,
                                   session__date__gte=timezone.localdate())
            .order_by("session__date", "id").first())
    assert case is not None, "the demo data has no case on a coming MDO"
    late = case.session.registration_deadline + dt.timedelta(minutes=5)
    MdoCase.objects.filter(pk=case.pk).update(registered_at=late)


def test_each_role_lands_on_its_start_page_and_reaches_every_list_item_in_one_click(browser, live_server) -> None:
    build_world()
    _late_registration()
    for role, (username, start, lists) in ROLES.items():
        context = browser.new_context(base_url=live_server.url, locale="nl-NL",
                                      viewport={"width": 1440, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            page.goto("/accounts/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("main form button[type=submit]")
            page.wait_for_url(f"**{start}")
            assert page.locator("h1").first.inner_text().startswith("Vandaag"), role
            for width in (1440, 390):
                page.set_viewport_size({"width": width, "height": 900})
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (role, width)
                shot(page, f"today-{role}-{width}")
            page.set_viewport_size({"width": 1440, "height": 900})
            for section in lists:
                link = page.locator(f"#{section} tbody tr td a, #{section} li a").first
                assert link.count() == 1, f"{role}: the list {section} has no row to click"
                href = link.get_attribute("href") or ""
                link.click()
                page.wait_for_load_state()
                assert page.url.split("#")[0].endswith(href.split("#")[0]), (role, section, page.url, href)
                title = page.title()
                assert not any(t in title for t in ERROR_TITLES), (role, section, title)
                page.goto(start)
            if role == "admin":
                # The audit search goes straight to the audit log, filtered.
                page.fill("#audit-search input[name=user]", "arts")
                page.click("#audit-search button[type=submit]")
                page.wait_for_url("**/audit/?*")
                assert "Auditlog" in page.locator("h1").first.inner_text()
        finally:
            context.close()
