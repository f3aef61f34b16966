import datetime as dt
import hashlib
import re

import pytest
from icalendar import Calendar
from rest_framework.test import APIClient

from mdo import session_services
from mdo.models import MdoSession
from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def feed(sarcoma):
    today = dt.date.today()
    session_services.mdo_sessions_generate(start=today, until=today + dt.timedelta(weeks=8))
    holiday = MdoSessionFactory(original_date=dt.date(today.year + 1, 1, 1) if dt.date(today.year + 1, 1, 1)
                                .weekday() != 4 else dt.date(today.year + 2, 1, 1), status="cancelled",
                                note="Nieuwjaarsdag", is_holiday=True)
    manual = MdoSessionFactory(original_date=today + dt.timedelta(days=60), status="cancelled",
                               note="Patiënt Jansen overleden")  # free text: must never reach the feed
    case = MdoCaseFactory(session=MdoSession.objects.filter(mdo_type=sarcoma, status="planned").first())
    return {"holiday": holiday, "manual": manual, "case": case}


def _events(content: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(content)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_feed_with_the_personal_token_has_times_and_location_only(feed, clinician, client) -> None:
    _token, secret = session_services.mdo_feed_token_create(user=clinician)
    response = client.get(f"/api/v1/mdo/calendar/sarcoma.ics?token={secret}")
    assert response.status_code == 200 and response["Content-Type"] == "text/calendar; charset=utf-8"
    content = response.content
    events = _events(content)
    case = feed["case"]
    event = events[f"mdo-session-{case.session.external_id}@zorgpad"]
    assert str(event["SUMMARY"]) == "MDO sarcomen" and str(event["LOCATION"]) == "Erasmus MC"
    assert event.decoded("DTSTART") == case.session.starts_at and event.decoded("DTSTART").tzinfo is not None
    assert b"TZID=Europe/Amsterdam" in content and b"BEGIN:VTIMEZONE" in content
    for secret in (case.patient.family_name, case.patient.hospital_number, case.question, "Jansen"):
        assert secret.encode() not in content
    holiday = events[f"mdo-session-{feed['holiday'].external_id}@zorgpad"]
    assert (str(holiday["STATUS"]), str(holiday["DESCRIPTION"])) == ("CANCELLED", "Nieuwjaarsdag")
    manual = events[f"mdo-session-{feed['manual'].external_id}@zorgpad"]
    assert str(manual["STATUS"]) == "CANCELLED" and "DESCRIPTION" not in manual


def test_feed_refuses_without_a_valid_token(feed, clinician, client) -> None:
    assert client.get("/api/v1/mdo/calendar/sarcoma.ics").status_code == 401
    assert client.get("/api/v1/mdo/calendar/sarcoma.ics?token=wrong").status_code == 401
    _token, old_key = session_services.mdo_feed_token_create(user=clinician)
    _token, new_key = session_services.mdo_feed_token_create(user=clinician)
    assert client.get(f"/api/v1/mdo/calendar/sarcoma.ics?token={old_key}").status_code == 401
    assert client.get(f"/api/v1/mdo/calendar/sarcoma.ics?token={new_key}").status_code == 200
    clinician.is_active = False
    clinician.save()
    assert client.get(f"/api/v1/mdo/calendar/sarcoma.ics?token={new_key}").status_code == 401


def test_feed_token_grants_the_feed_only(feed, clinician, client) -> None:
    _token, secret = session_services.mdo_feed_token_create(user=clinician)
    assert client.get(f"/api/v1/mdo/sessions/?token={secret}").status_code in (401, 403)
    assert client.get(f"/patients/?token={secret}").status_code == 302  # to the login page


def test_feed_also_with_a_session_login_and_the_calendar_page(feed, secretary_client) -> None:
    assert secretary_client.get("/api/v1/mdo/calendar/sarcoma.ics").status_code == 200
    page = secretary_client.get("/mdo/calendar/").content.decode()
    assert "?token=" not in page  # no links until the user makes them
    page = secretary_client.post("/mdo/calendar/", {"action": "create"}).content.decode()
    assert "/api/v1/mdo/calendar/sarcoma.ics?token=" in page


def test_feed_token_is_stored_as_a_digest_shown_once_and_revocable(feed, clinician, client) -> None:
    from mdo.models import MdoFeedToken

    client.force_login(clinician)
    response = client.post("/mdo/calendar/", {"action": "create"})
    assert "no-store" in response["Cache-Control"]
    secret = re.search(r"sarcoma\.ics\?token=([A-Za-z0-9_-]+)", response.content.decode()).group(1)  # type: ignore[union-attr]
    stored = MdoFeedToken.objects.get(user=clinician)
    assert stored.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(MdoFeedToken.objects.filter(user=clinician).values().get())
    # Shown once: the page afterwards names the date only.
    again = client.get("/mdo/calendar/").content.decode()
    assert secret not in again and "?token=" not in again
    client.logout()
    assert client.get(f"/api/v1/mdo/calendar/sarcoma.ics?token={secret}").status_code == 200
    client.force_login(clinician)
    assert client.post("/mdo/calendar/", {"action": "revoke"}).status_code == 302
    assert not MdoFeedToken.objects.filter(user=clinician).exists()
    client.logout()
    assert client.get(f"/api/v1/mdo/calendar/sarcoma.ics?token={secret}").status_code == 401


def test_token_api_auth_works_for_the_feed(feed, clinician) -> None:
    from knox.models import AuthToken

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=clinician)[1]}")
    assert api.get("/api/v1/mdo/calendar/sarcoma.ics").status_code == 200


def test_a_series_name_with_a_newline_and_separators_is_escaped_not_a_broken_feed(feed, sarcoma, clinician) -> None:
    sarcoma.name = "MDO sarcomen\r\nBEGIN:VEVENT;x,y"
    sarcoma.save()
    sarcoma.sessions.update(location="Kamer 1\nVleugel; B")
    _token, secret = session_services.mdo_feed_token_create(user=clinician)
    response = APIClient().get(f"/api/v1/mdo/calendar/sarcoma.ics?token={secret}")
    assert response.status_code == 200
    content = response.content
    assert content.split(b"\r\n").count(b"BEGIN:VEVENT") == len(_events(content))  # no line injected
    cal = Calendar.from_ical(content)
    assert b"\r\nX-WR-CALNAME:MDO: MDO sarcomen\\nBEGIN:VEVENT\\;x\\,y\r\n" in content  # escaped, one line
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["SUMMARY"]) == "MDO sarcomen\nBEGIN:VEVENT;x,y"  # the library writes CRLF as \n
    assert str(event["LOCATION"]) == "Kamer 1\nVleugel; B"


def test_the_migration_hashes_existing_keys_so_existing_subscription_urls_keep_working() -> None:
    import importlib
    from types import SimpleNamespace

    from mdo.models import MdoFeedToken

    migration = importlib.import_module("mdo.migrations.0004_feed_token_digest")
    saved: list[tuple[str, list[str]]] = []
    rows = [SimpleNamespace(key=key, digest=None) for key in ("old-key-1", "Zx_9-abc")]
    for row in rows:
        row.save = lambda update_fields, row=row: saved.append((row.digest, update_fields))
    manager = SimpleNamespace(only=lambda *fields: SimpleNamespace(iterator=lambda: iter(rows)))
    apps = SimpleNamespace(get_model=lambda app, name: SimpleNamespace(objects=manager))
    migration.hash_existing_keys(apps, None)
    # The feed looks a key up by MdoFeedToken.digest_of(key): the same digest as the migration stored.
    assert saved == [(MdoFeedToken.digest_of(key), ["digest"]) for key in ("old-key-1", "Zx_9-abc")]
