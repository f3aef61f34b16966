"""Every page of the demo data, for every role, in real Chromium: no Content-Security-Policy violation, and no
page that scrolls sideways at 390 or 1440 px (tests/browser/test_responsive.py).

Pages are found, not listed: every page route of the URL resolver (with demo objects for its ids) plus
the links found on the pages visited (a bounded, same-origin crawl, one page per route pattern), so the
pages later apps add are checked too. A violation is caught both ways Chromium reports it: the
`securitypolicyviolation` DOM event and the console error.
"""

from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from tests.browser.conftest import shot
from tests.browser.test_responsive import sideways
from tests.security import matrix
from tests.security.routes import all_routes, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every page route the role may open (the seeds), plus this many pages found only through links.
EXTRA_CRAWLED_PAGES = 20
SKIP_PREFIXES = ("/static/", "/media/", "/accounts/logout/", "/admin/logout/", "/api/v1/", "/api/schema/")
# A few pages of the Django admin are visited (admin role); the rest of the admin is the same templates.
MAX_ADMIN_PAGES = 6
COLLECT = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
});
"""


def _route_key(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name or match.route


def _seeds(world, role: str) -> list[str]:  # type: ignore[no-untyped-def]
    urls = []
    for route in all_routes():
        if route.is_api or route.is_admin or route.key in ("logout", "api-schema", "health"):
            continue
        if matrix.allowed(route.key, "GET", role):
            urls.append(world.url_for(route))
    if role == "admin":  # the Django admin is not linked from our pages: its index, a list and a form
        patient = next(obj for model, obj in world.samples.items() if model._meta.label == "patients.Patient")
        urls += [reverse("admin:index"), reverse("admin:patients_patient_changelist"),
                 reverse("admin:patients_tumour_add"), reverse("admin:patients_patient_change", args=[patient.pk])]
    return urls


# Up to 60 pages a role, each also re-laid out at two widths: more than the default timeout on a loaded machine.
@pytest.mark.timeout(600)
@pytest.mark.parametrize("role", ["secretary", "mdo_coordinator", "clinician", "admin"])
def test_no_page_violates_the_content_security_policy_or_scrolls_sideways(page, live_server, login_as,
                                                                           role: str) -> None:
    world = build_world()
    login_as(world.users[role])
    page.context.add_init_script(COLLECT)
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)

    queue = _seeds(world, role)
    max_pages = len(queue) + EXTRA_CRAWLED_PAGES
    seen_routes: set[str] = set()
    visited: list[str] = []
    admin_pages = 0
    violations: list[str] = []
    too_wide: list[str] = []
    while queue and len(visited) < max_pages:
        path = queue.pop(0)
        key = _route_key(path)
        if key is None or key in seen_routes or path.startswith(SKIP_PREFIXES):
            continue
        if path.startswith("/admin/"):
            if admin_pages >= MAX_ADMIN_PAGES:
                continue
            admin_pages += 1
        seen_routes.add(key)
        console.clear()
        response = page.goto(live_server.url + path, wait_until="load")
        assert response is not None and response.status < 500, f"{path}: {response and response.status}"
        if key == "api-docs":
            page.wait_for_selector("#swagger-ui .info")  # the Swagger UI's own scripts ran under our CSP
        visited.append(path)
        if not path.startswith("/admin/") and key != "api-docs":  # Django's admin and Swagger UI: not our layout
            too_wide += [f"{role} {found}" for found in sideways(page, path)]
        found = page.evaluate("window.__csp") + console
        violations += [f"{role} {path}: {v}" for v in found]
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urlsplit(urljoin(path, href))
            if not target.netloc and target.path.startswith("/"):
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    shot(page, f"csp-crawl-{role}")
    assert violations == []
    assert too_wide == []
    # The crawl really went round: the record pages of the demo data were among the pages.
    assert {"patients:list", "patients:detail", "patients:tumour-detail", "api-docs"} <= seen_routes
    assert len(visited) >= 6
    if role == "admin":
        assert {"admin:index", "admin:patients_patient_changelist", "admin:patients_patient_change"} <= seen_routes
