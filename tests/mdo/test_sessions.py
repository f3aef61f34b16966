import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mdo import session_services
from mdo.models import MdoSession, SessionStatus
from mdo.session_services import mdo_sessions_generate
from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def good_friday(sarcoma) -> MdoSession:
    mdo_sessions_generate(start=dt.date(2027, 3, 1), until=dt.date(2027, 4, 30))
    return MdoSession.objects.get(mdo_type=sarcoma, original_date=dt.date(2027, 3, 26))


def test_holiday_session_is_created_cancelled_and_can_be_moved(good_friday, coordinator) -> None:
    assert (good_friday.status, good_friday.note, good_friday.is_holiday) == ("cancelled", "Goede vrijdag", True)
    session_services.mdo_session_move(session=good_friday, user=coordinator, new_date=dt.date(2027, 3, 25),
                              start_time=dt.time(16, 0), end_time=dt.time(17, 0), reason="Goede vrijdag",
                              today=TODAY)
    good_friday.refresh_from_db()
    assert (good_friday.status, good_friday.date, good_friday.original_date) == (
        "planned", dt.date(2027, 3, 25), dt.date(2027, 3, 26))
    assert (good_friday.start_time, good_friday.end_time, good_friday.note) == (
        dt.time(16, 0), dt.time(17, 0), "Goede vrijdag")
    assert timezone.localtime(good_friday.registration_deadline).isoformat() == "2027-03-23T16:00:00+01:00"
    assert mdo_sessions_generate(start=dt.date(2027, 3, 1), until=dt.date(2027, 4, 30)).created == 0


@pytest.mark.parametrize(("new_date", "message"), [
    pytest.param(dt.date(2026, 11, 20), "A session cannot be moved into the past.", id="into the past"),
    pytest.param(dt.date(2027, 3, 29), "March 29, 2027 is a holiday (Tweede paasdag).", id="onto a holiday"),
    pytest.param(dt.date(2027, 4, 2), "There already is a MDO sarcomen on that day.", id="onto another session"),
    pytest.param(dt.date(2031, 11, 24), "A session cannot be moved more than 5 years ahead.", id="5 years + 1 day"),
    pytest.param(dt.date(9999, 12, 31), "A session cannot be moved more than 5 years ahead.", id="9999-12-31"),
])
def test_move_refusals(good_friday, coordinator, new_date: dt.date, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        session_services.mdo_session_move(session=good_friday, user=coordinator, new_date=new_date, reason="x",
                                  today=TODAY)
    assert error.value.message_dict == {"new_date": [message]}
    good_friday.refresh_from_db()
    assert (good_friday.status, good_friday.date) == ("cancelled", dt.date(2027, 3, 26))


def test_a_move_to_exactly_five_years_ahead_is_allowed(good_friday, coordinator) -> None:
    session_services.mdo_session_move(session=good_friday, user=coordinator, new_date=dt.date(2031, 11, 23), reason="x",
                              today=TODAY)
    good_friday.refresh_from_db()
    assert good_friday.date == dt.date(2031, 11, 23)


def test_api_move_to_9999_is_a_400_and_the_session_stays(sarcoma, coordinator_api) -> None:
    session = MdoSessionFactory(original_date=timezone.localdate() + dt.timedelta(weeks=2))
    response = coordinator_api.post(f"/api/v1/mdo/sessions/{session.external_id}/move/",
                                    {"new_date": "9999-12-31", "reason": "x"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"new_date": ["Een overleg kan niet meer dan 5 jaar vooruit worden verplaatst."]}
    session.refresh_from_db()
    assert session.date == session.original_date


def test_sessions_are_generated_at_most_five_years_ahead(sarcoma) -> None:
    too_far = timezone.localdate() + dt.timedelta(days=5 * 366)
    with pytest.raises(ValidationError) as error:
        mdo_sessions_generate(until=too_far)
    assert error.value.message_dict == {"until": ["Sessions are planned at most 5 years ahead."]}
    assert not MdoSession.objects.exists()


def test_move_needs_a_reason_and_a_held_session_stays(sarcoma, coordinator) -> None:
    session = MdoSessionFactory(status=SessionStatus.HELD)
    with pytest.raises(ValidationError):
        session_services.mdo_session_move(session=session, user=coordinator, new_date=dt.date(2031, 1, 1), reason=" ")
    with pytest.raises(ValidationError) as error:
        session_services.mdo_session_move(session=session, user=coordinator, new_date=dt.date(2031, 1, 1), reason="x")
    assert error.value.messages == ["A session that has been held cannot be moved."]


def test_cancel_with_reason(sarcoma, coordinator) -> None:
    session = MdoSessionFactory()
    session_services.mdo_session_cancel(session=session, user=coordinator, reason="Congres")
    session.refresh_from_db()
    assert (session.status, session.note, session.changed_by) == ("cancelled", "Congres", coordinator)
    with pytest.raises(ValidationError):
        session_services.mdo_session_cancel(session=session, user=coordinator, reason="nogmaals")


def test_cancel_refused_while_cases_are_on_the_agenda(sarcoma, coordinator) -> None:
    session = MdoSessionFactory()
    MdoCaseFactory(session=session)
    with pytest.raises(ValidationError) as error:
        session_services.mdo_session_cancel(session=session, user=coordinator, reason="Congres")
    assert error.value.messages == [
        "1 case(s) are on this agenda: move or withdraw them before cancelling the session."]
    session.refresh_from_db()
    assert session.status == "planned"


def test_mark_held_from_the_day_of_the_meeting(sarcoma, coordinator) -> None:
    session = MdoSessionFactory(original_date=dt.date(2030, 1, 4))
    with pytest.raises(ValidationError):
        session_services.mdo_session_mark_held(session=session, user=coordinator, today=dt.date(2030, 1, 3))
    session_services.mdo_session_mark_held(session=session, user=coordinator, today=dt.date(2030, 1, 4))
    session.refresh_from_db()
    assert session.status == "held"


def test_api_cancel_and_move_need_the_coordinator(good_friday, secretary_api, coordinator_api) -> None:
    url = f"/api/v1/mdo/sessions/{good_friday.external_id}/move/"
    assert secretary_api.post(url, {"new_date": "2027-03-25", "reason": "x"}, format="json").status_code == 403
    good_friday.refresh_from_db()
    assert good_friday.date == dt.date(2027, 3, 26)
    response = coordinator_api.post(url, {"new_date": "2027-03-25", "reason": "Goede vrijdag"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["date"], response.json()["status"], response.json()["original_date"]) == (
        "2027-03-25", "planned", "2027-03-26")
    response = coordinator_api.post(url, {"new_date": "2020-01-01", "reason": "x"}, format="json")
    assert response.status_code == 400 and "new_date" in response.json()
    response = coordinator_api.post(f"/api/v1/mdo/sessions/{good_friday.external_id}/cancel/", {}, format="json")
    assert response.status_code == 400 and "reason" in response.json()


def test_api_session_list_filters_and_secretary_reads(good_friday, secretary_api) -> None:
    response = secretary_api.get("/api/v1/mdo/sessions/", {"mdo_type": "sarcoma", "status": "cancelled"})
    assert response.status_code == 200
    assert [r["date"] for r in response.json()["results"]] == ["2027-03-26"]
    response = secretary_api.get(f"/api/v1/mdo/sessions/{good_friday.external_id}/")
    assert response.json()["note"] == "Goede vrijdag"
    assert secretary_api.get("/api/v1/mdo/types/").json()["results"][0]["required_slots"][3] == [
        "radiology", "nuclear_medicine"]
