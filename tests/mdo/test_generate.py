import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from mdo.models import MdoSession, SessionStatus
from mdo.session_services import mdo_sessions_generate
from mdo.tasks import mdo_sessions_generate_task
from tests.mdo.factories import MdoTypeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_2026_11_23(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    today = dt.date(2026, 11, 23)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    return today


def test_sarcoma_type_ships_with_the_pathway_values(sarcoma) -> None:
    assert (sarcoma.name, sarcoma.weekday, sarcoma.start_time, sarcoma.end_time, sarcoma.timezone) == (
        "MDO sarcomen", 4, dt.time(14, 0), dt.time(15, 0), "Europe/Amsterdam")
    assert (sarcoma.default_minutes_per_case, sarcoma.deadline_days_before, sarcoma.deadline_time) == (
        10, 2, dt.time(16, 0))
    assert [s.specialties for s in sarcoma.required_slots.all()] == [
        ["surgical_oncology"], ["medical_oncology"], ["radiation_oncology"], ["radiology", "nuclear_medicine"],
        ["pathology"],
    ]
    assert sarcoma.optional_specialties == ["dermatology", "other"]


def test_acceptance_every_friday_of_2027_via_command_and_api(sarcoma, today_2026_11_23, coordinator_api,
                                                            capsys) -> None:
    call_command("mdo_generate_sessions", "--until", "2027-12-31")
    assert "already present" in capsys.readouterr().out
    response = coordinator_api.get("/api/v1/mdo/sessions/", {
        "mdo_type": "sarcoma", "date_after": "2027-01-01", "date_before": "2027-12-31"})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 53 and body["next"] is None
    results = body["results"]
    fridays = [dt.date(2027, 1, 1) + dt.timedelta(weeks=n) for n in range(53)]
    assert [r["date"] for r in results] == [d.isoformat() for d in fridays]
    cancelled = {r["date"]: r["note"] for r in results if r["status"] == "cancelled"}
    assert cancelled == {"2027-01-01": "Nieuwjaarsdag", "2027-03-26": "Goede vrijdag"}
    assert {r["status"] for r in results if r["date"] not in cancelled} == {"planned"}
    good_friday = next(r for r in results if r["date"] == "2027-03-26")
    assert good_friday["holiday"] == {"date": "2027-03-26", "nl": "Goede vrijdag", "en": "Good Friday"}
    first_planned = results[1]
    assert (first_planned["start"], first_planned["end"], first_planned["mdo_type"], first_planned["note"]) == (
        "2027-01-08T14:00:00+01:00", "2027-01-08T15:00:00+01:00", "sarcoma", "")
    summer = next(r for r in results if r["date"] == "2027-07-02")
    assert summer["start"] == "2027-07-02T14:00:00+02:00"  # CEST
    assert first_planned["registration_deadline"] == "2027-01-06T16:00:00+01:00"
    # Christmas Friday 2026 was generated too (from today on).
    christmas = MdoSession.objects.get(mdo_type=sarcoma, original_date=dt.date(2026, 12, 25))
    assert (christmas.status, christmas.note, christmas.is_holiday) == ("cancelled", "Eerste kerstdag", True)


def test_generation_is_idempotent_also_after_a_move(sarcoma) -> None:
    first = mdo_sessions_generate(start=dt.date(2027, 1, 1), until=dt.date(2027, 3, 31))
    assert (first.created, first.cancelled_for_holiday, first.already_present) == (13, 2, 0)
    holiday = MdoSession.objects.get(mdo_type=sarcoma, original_date=dt.date(2027, 3, 26))
    holiday.date = dt.date(2027, 3, 25)
    holiday.status = SessionStatus.PLANNED
    holiday.save()
    second = mdo_sessions_generate(start=dt.date(2027, 1, 1), until=dt.date(2027, 3, 31))
    assert (second.created, second.already_present) == (0, 13)
    assert MdoSession.objects.filter(mdo_type=sarcoma).count() == 13
    assert not MdoSession.objects.filter(mdo_type=sarcoma, date=dt.date(2027, 3, 26)).exists()


def test_inactive_types_are_not_generated(sarcoma) -> None:
    MdoTypeFactory(active=False)
    mdo_sessions_generate(start=dt.date(2027, 1, 1), until=dt.date(2027, 1, 31))
    assert set(MdoSession.objects.values_list("mdo_type__code", flat=True)) == {"sarcoma"}


def test_every_other_week_type(sarcoma) -> None:
    kind = MdoTypeFactory(weekday=1, interval_weeks=2, anchor_date=dt.date(2027, 1, 5))
    mdo_sessions_generate(start=dt.date(2027, 1, 1), until=dt.date(2027, 2, 28), mdo_type=kind)
    assert list(MdoSession.objects.filter(mdo_type=kind).values_list("date", flat=True)) == [
        dt.date(2027, 1, 5), dt.date(2027, 1, 19), dt.date(2027, 2, 2), dt.date(2027, 2, 16)]


def test_beat_task_generates_ahead(sarcoma, today_2026_11_23, settings) -> None:
    settings.MDO_GENERATE_WEEKS_AHEAD = 4
    assert mdo_sessions_generate_task() == 4  # Fridays 27 Nov - 18 Dec 2026
    assert mdo_sessions_generate_task() == 0
    assert "mdo-generate-sessions" in settings.CELERY_BEAT_SCHEDULE


@pytest.mark.parametrize(("args", "message"), [
    pytest.param(["--until", "31-12-2027"], "not a date", id="bad date"),
    pytest.param(["--until", "2027-01-01", "--type", "nope"], "no MDO type", id="unknown type"),
    pytest.param(["--until", "2026-01-01", "--from", "2027-01-01"], "before the start", id="until before from"),
])
def test_command_errors(sarcoma, args: list[str], message: str, english) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("mdo_generate_sessions", *args)
    assert not MdoSession.objects.exists()
