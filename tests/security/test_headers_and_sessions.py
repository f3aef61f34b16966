"""Content-Security-Policy, CSP-clean templates, idle session expiry and production cookie/HSTS settings."""

import datetime as dt
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

ROOT = Path(settings.BASE_DIR)
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def _directives(header: str) -> dict[str, str]:
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] for part in (p.strip() for p in header.split(";")) if part}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "patients:list", "api-docs"])
def test_pages_send_the_strict_policy(admin_client_, url_name: str) -> None:
    response = admin_client_.get(reverse(url_name))
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == _directives(POLICY)


def _ours(path: str) -> bool:
    """Code of this repository (a virtualenv inside the checkout is not ours)."""
    return Path(path).is_relative_to(ROOT) and "site-packages" not in Path(path).parts


def _our_template_files() -> list[Path]:
    """Every template in this repository: the project's templates/ and each local app's templates/."""
    dirs = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    dirs += [Path(app.path) / "templates" for app in apps.get_app_configs() if _ours(app.path)]
    # Templates under a pdf/ folder are WeasyPrint input, never served to a browser: no CSP applies there.
    return sorted(f for d in dirs if d.is_dir() for f in d.rglob("*.html") if "pdf" not in f.relative_to(d).parts)


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script> (use a static file)"),
    (re.compile(r"<style\b", re.I), "inline <style> (use a static CSS file)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "inline event handler (use addEventListener in a static file)"),
    (re.compile(r"\sstyle\s*=", re.I), "inline style attribute (use a CSS class)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
    (re.compile(r"\shx-on[:-]", re.I), "hx-on handler (evaluated script)"),
]


def test_templates_need_no_unsafe_inline() -> None:
    files = _our_template_files()
    assert any(f.name == "base.html" for f in files)
    problems = [
        f"{f.relative_to(ROOT)}:{text[: m.start()].count(chr(10)) + 1}: {why}"
        for f in files
        for text in [f.read_text()]
        for pattern, why in INLINE
        for m in pattern.finditer(text)
    ]
    assert problems == []


@pytest.mark.django_db
def test_htmx_inline_indicator_style_is_switched_off(clinician_client) -> None:
    page = clinician_client.get(reverse("patients:list")).content.decode()
    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", page)
    assert config is not None
    assert json.loads(config.group(1)) == {"includeIndicatorStyles": False}


# Idle session expiry: activity pushes the expiry SESSION_COOKIE_AGE ahead (at most one session write a
# minute, SlidingSessionMiddleware); idle that long -> logged out.


def _session(client) -> Session:  # type: ignore[no-untyped-def]
    return Session.objects.get(session_key=client.session.session_key)


@pytest.mark.django_db
def test_idle_session_expires(clinician_client) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert clinician_client.get(reverse("patients:list")).status_code == 200
    session = _session(clinician_client)
    # 31 minutes of inactivity: the stored expiry lies in the past.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - dt.timedelta(minutes=1))
    response = clinician_client.get(reverse("patients:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_activity_keeps_the_session_alive(clinician_client) -> None:
    clinician_client.get(reverse("patients:list"))
    # 29 minutes idle: last touched 29 minutes ago, one minute left.
    session = clinician_client.session
    session["_zorgpad_touched"] = int(timezone.now().timestamp()) - 29 * 60
    session.save()
    Session.objects.filter(pk=session.session_key).update(expire_date=timezone.now() + dt.timedelta(minutes=1))
    assert clinician_client.get(reverse("patients:list")).status_code == 200
    remaining = _session(clinician_client).expire_date - timezone.now()
    assert dt.timedelta(minutes=29) < remaining <= dt.timedelta(minutes=30)


@pytest.mark.django_db
def test_a_busy_session_is_not_written_on_every_request(clinician_client, django_assert_num_queries) -> None:
    clinician_client.get(reverse("patients:list"))  # touches the session
    stored = _session(clinician_client).expire_date
    for _ in range(3):
        assert clinician_client.get(reverse("patients:list")).status_code == 200
    assert _session(clinician_client).expire_date == stored  # no write within the minute


PRODUCTION_PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client, override_settings
c = Client()
# No collectstatic here: plain static storage instead of the manifest (which only changes file names).
plain = {**settings.STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
with override_settings(STORAGES=plain):
    insecure = c.get("/accounts/login/")
    secure = c.get("/accounts/login/", secure=True)
print(json.dumps({
    "insecure_status": insecure.status_code, "insecure_location": insecure.get("Location", ""),
    "status": secure.status_code, "hsts": secure.get("Strict-Transport-Security", ""),
    "csp": secure.get("Content-Security-Policy", ""),
    "csrf_cookie_secure": bool(secure.cookies["csrftoken"]["secure"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE, "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_age": settings.SESSION_COOKIE_AGE, "debug": settings.DEBUG,
    "x_frame": secure.get("X-Frame-Options", ""), "nosniff": secure.get("X-Content-Type-Options", ""),
}))
"""


def test_production_serves_https_only_with_hsts_and_secure_cookies() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="zorgpad.settings.production", DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
               DJANGO_ALLOWED_HOSTS="testserver")
    result = subprocess.run([sys.executable, "-c", PRODUCTION_PROBE], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts == {
        "insecure_status": 301, "insecure_location": "https://testserver/accounts/login/",
        "status": 200, "hsts": "max-age=31536000; includeSubDomains; preload", "csp": facts["csp"],
        "csrf_cookie_secure": True, "session_cookie_secure": True, "session_httponly": True,
        "session_age": 1800, "debug": False, "x_frame": "DENY", "nosniff": "nosniff",
    }
    assert _directives(facts["csp"]) == _directives(POLICY)
