"""Responsive layout: the menu at 390 px, and the check that no page scrolls sideways at 390 or 1440 px.

The sideways check runs inside the crawl of tests/browser/test_security_csp.py, which already loads every page
of every role from the route table the access-matrix test uses (tests/security/routes.py) plus the pages they
link to: each loaded page is re-laid out at 1440 and at 390 px and measured
(`document.documentElement.scrollWidth <= innerWidth`), so the check costs no page loads of its own.
"""

import pytest

from tests.browser.conftest import shot
from tests.security.routes import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1440, 390)
# What sticks out past the right edge, to say which element makes a page scroll sideways.
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const clipped = (e) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const wide = [...document.querySelectorAll('body *')].filter(
    e => e.getBoundingClientRect().right > width + 1 && !clipped(e));
  const leaf = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  return `${document.documentElement.scrollWidth} > ${width}: ` +
    leaf.slice(0, 3).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`).join(', ');
}"""


def sideways(page, path: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The widths at which the loaded page scrolls sideways, and what sticks out (empty: none)."""
    found = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        if (overflow := page.evaluate(OVERFLOW)) is not None:
            found.append(f"{width}px {path}: {overflow}")
    return found


def test_the_menu_opens_at_390_pixels_and_reaches_every_link(page, live_server, login_as) -> None:
    world = build_world()
    login_as(world.users["admin"])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/patients/")
    assert not page.locator(".mainnav").is_visible()
    menu = page.locator("details.navmenu")
    assert not menu.locator(".menunav").is_visible()
    menu.locator("summary").click()
    for label in ("Patiënten", "Verwijzingen", "MDO", "Follow-up", "Brieven", "Auditlog", "Uitloggen"):
        assert menu.get_by_text(label, exact=True).is_visible(), label
    shot(page, "responsive-menu-390")
    page.set_viewport_size({"width": 1440, "height": 900})
    assert page.locator(".mainnav").is_visible() and not menu.is_visible()
    # Screenshots of the main pages at both widths, to look at (test-artifacts/screenshots/).
    patient = next(obj for model, obj in world.samples.items() if model._meta.label == "patients.Patient")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in (("patients", "/patients/"), ("patient", f"/patients/{patient.external_id}/"),
                           ("referrals", "/referrals/"), ("mdo", "/mdo/"), ("waiting", "/quality/waiting/"),
                           ("indicators", "/quality/indicators/"),
                           ("milestones", f"/patients/{patient.external_id}/milestones/"),
                           *_issue15_pages(world, patient)):
            page.goto(live_server.url + path)
            shot(page, f"responsive-{name}-{width}")


def _issue15_pages(world, patient) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Meeting mode (a demo session with cases) and the audit pages: screenshots at both widths."""
    from tests.security.routes import all_routes

    meeting = next(r for r in all_routes() if r.key == "mdo:meeting")
    return [("mdo-meeting", world.url_for(meeting)), ("audit", "/audit/?q=Dam"),
            ("audit-patient", f"/audit/?patient={patient.external_id}")]
