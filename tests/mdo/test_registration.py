import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from mdo import services
from mdo.models import CaseStatus, Imaging, MdoCase, SessionStatus
from tests.factories import TumourFactory, UserFactory
from tests.mdo.conftest import NOW
from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory, MdoTypeFactory
from zorgpad.accounts.roles import Role
from zorgpad.audit.models import AuditEvent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

FRI = dt.date(2030, 1, 4)


@pytest.fixture
def session(sarcoma):
    return MdoSessionFactory(original_date=FRI)


def _presenter(user):
    """Only a clinician presents a case: the user when they are one, else a clinician of the team."""
    if user.groups.filter(name=Role.CLINICIAN.value).exists():
        return user
    return UserFactory(role=Role.CLINICIAN)


def _register(session, user, *, now=NOW, tumour=None, **kwargs):
    return services.mdo_case_register(
        session=session, tumour=tumour or TumourFactory(), question="Re-excisie of radiotherapie?",
        presenting_clinician=kwargs.pop("presenting_clinician", None) or _presenter(user), user=user, now=now,
        **kwargs)


def _fill(session, minutes: int) -> None:
    for _ in range(minutes // 10):
        MdoCaseFactory(session=session, minutes_needed=10)


def test_register_puts_the_case_at_the_end_with_the_default_minutes(session, clinician) -> None:
    first = _register(session, clinician)
    second = _register(session, clinician, minutes_needed=20, imaging=Imaging.AVAILABLE, referrer_name="dr. X")
    assert (first.position, first.minutes_needed, first.status, first.imaging) == (1, 10, "registered", "pending")
    assert (second.position, second.minutes_needed, second.imaging, second.referrer_name) == (
        2, 20, "available", "dr. X")
    assert second.patient == second.tumour.patient
    event = AuditEvent.objects.get(object_id=str(first.external_id))
    assert (event.action, event.patient_external_id, event.username) == (
        "create", first.patient.external_id, "clinician")


def test_deadline_boundary(session, clinician) -> None:
    deadline = dt.datetime(2030, 1, 2, 16, 0, tzinfo=NOW.tzinfo)
    assert _register(session, clinician, now=deadline).pk  # at the deadline: still open
    with pytest.raises(services.RegistrationRefused):
        _register(session, clinician, now=deadline + dt.timedelta(seconds=1))


def test_late_registration_is_refused_with_a_clear_message_and_a_proposal(session, clinician) -> None:
    nxt = MdoSessionFactory(original_date=FRI + dt.timedelta(weeks=1))
    late = dt.datetime(2030, 1, 3, 9, 0, tzinfo=NOW.tzinfo)
    with pytest.raises(services.RegistrationRefused) as refused:
        _register(session, clinician, now=late)
    assert refused.value.refusal_code == "deadline"
    assert refused.value.proposed_session == nxt
    assert refused.value.message_dict == {"session": [
        "Registration for the MDO sarcomen of Friday 4 January 2030 closed on Wednesday 2 January 2030, 16:00. "
        "The next session with room is the MDO sarcomen of Friday 11 January 2030."]}
    assert not MdoCase.objects.exists()


def test_full_session_is_refused_and_the_next_one_with_room_is_proposed(session, clinician) -> None:
    _fill(session, 60)
    full_next = MdoSessionFactory(original_date=FRI + dt.timedelta(weeks=1))
    _fill(full_next, 60)
    MdoSessionFactory(original_date=FRI + dt.timedelta(weeks=2), status=SessionStatus.CANCELLED)
    with_room = MdoSessionFactory(original_date=FRI + dt.timedelta(weeks=3))
    _fill(with_room, 50)
    with pytest.raises(services.RegistrationRefused) as refused:
        _register(session, clinician)
    assert refused.value.refusal_code == "capacity"
    assert refused.value.proposed_session == with_room
    assert refused.value.messages == [
        "The MDO sarcomen of Friday 4 January 2030 has 0 of 60 minutes free; this case needs 10. "
        "The next session with room is the MDO sarcomen of Friday 25 January 2030."]
    assert MdoCase.objects.filter(session=session).count() == 6


def test_capacity_boundary_and_withdrawn_cases_free_their_minutes(session, clinician) -> None:
    _fill(session, 40)
    assert _register(session, clinician, minutes_needed=20).pk  # exactly full
    with pytest.raises(services.RegistrationRefused):
        _register(session, clinician, minutes_needed=1)
    services.mdo_case_withdraw(case=MdoCase.objects.filter(session=session).first(), user=clinician,
                               reason="Patiënt wil geen bespreking")
    assert _register(session, clinician, minutes_needed=10).pk


def test_no_proposal_when_no_session_has_room(session, clinician) -> None:
    _fill(session, 60)
    with pytest.raises(services.RegistrationRefused) as refused:
        _register(session, clinician)
    assert refused.value.proposed_session is None
    assert refused.value.messages[0].endswith("No later session with room has been planned yet.")


def test_coordinator_may_override_with_a_reason_which_is_kept(session, coordinator, clinician) -> None:
    _fill(session, 60)
    late = dt.datetime(2030, 1, 4, 13, 0, tzinfo=NOW.tzinfo)
    case = _register(session, coordinator, now=late, presenting_clinician=clinician,
                     override_reason="  Spoed: start therapie volgende week  ")
    assert case.override_reason == "Spoed: start therapie volgende week"
    assert "override: Spoed" in AuditEvent.objects.get(object_id=str(case.external_id)).detail


def test_clinician_may_not_override(session, clinician) -> None:
    _fill(session, 60)
    with pytest.raises(ValidationError) as error:
        _register(session, clinician, override_reason="graag toch")
    assert error.value.message_dict == {
        "override_reason": ["Only an MDO coordinator may register past the deadline or beyond capacity."]}
    assert MdoCase.objects.filter(session=session).count() == 6


def test_cancelled_session_refuses_even_an_override(sarcoma, coordinator) -> None:
    session = MdoSessionFactory(status=SessionStatus.CANCELLED, note="Goede vrijdag")
    with pytest.raises(services.RegistrationRefused) as refused:
        _register(session, coordinator, override_reason="toch")
    assert refused.value.refusal_code == "cancelled"
    assert not MdoCase.objects.exists()


def test_a_tumour_is_on_a_session_once(session, clinician) -> None:
    tumour = TumourFactory()
    _register(session, clinician, tumour=tumour)
    with pytest.raises(ValidationError) as error:
        _register(session, clinician, tumour=tumour)
    assert error.value.message_dict == {"tumour": ["This tumour is already on the agenda of this session."]}
    assert MdoCase.objects.count() == 1


def test_question_and_active_presenter_required(session, clinician, make_user) -> None:
    with pytest.raises(ValidationError) as error:
        services.mdo_case_register(session=session, tumour=TumourFactory(), question="  ",
                                   presenting_clinician=clinician, user=clinician, now=NOW)
    assert error.value.message_dict == {"question": ["State the question for the MDO."]}
    gone = make_user(is_active=False)
    with pytest.raises(ValidationError) as error:
        _register(session, clinician, presenting_clinician=gone)
    assert list(error.value.message_dict) == ["presenting_clinician"]
    assert not MdoCase.objects.exists()


def test_more_minutes_must_still_fit(session, clinician) -> None:
    _fill(session, 40)
    case = _register(session, clinician)
    services.mdo_case_update(case=case, user=clinician, minutes_needed=20, now=NOW)
    with pytest.raises(services.RegistrationRefused):
        services.mdo_case_update(case=case, user=clinician, minutes_needed=21, now=NOW)
    case.refresh_from_db()
    assert case.minutes_needed == 20


def test_move_case_to_another_session(session, clinician, coordinator) -> None:
    case = _register(session, clinician)
    nxt = MdoSessionFactory(original_date=FRI + dt.timedelta(weeks=1))
    _fill(nxt, 60)
    with pytest.raises(services.RegistrationRefused):
        services.mdo_case_move(case=case, target=nxt, user=clinician, now=NOW)
    other_type = MdoSessionFactory(mdo_type=MdoTypeFactory(), original_date=FRI)
    with pytest.raises(ValidationError) as error:
        services.mdo_case_move(case=case, target=other_type, user=clinician, now=NOW)
    assert error.value.message_dict == {"target": ["A case can only move to a session of the same MDO."]}
    last = max(MdoCase.objects.filter(session=nxt).values_list("position", flat=True))
    services.mdo_case_move(case=case, target=nxt, user=coordinator, override_reason="extra tijd", now=NOW)
    case.refresh_from_db()
    assert (case.session, case.position, case.override_reason) == (nxt, last + 1, "extra tijd")


def test_reorder(session, coordinator) -> None:
    a, b, c = (MdoCaseFactory(session=session, position=n) for n in (1, 2, 3))
    services.mdo_case_reorder(case=c, direction="up", user=coordinator)
    assert list(MdoCase.objects.filter(session=session).order_by("position").values_list("pk", flat=True)) == [
        a.pk, c.pk, b.pk]
    services.mdo_case_reorder(case=a, direction="up", user=coordinator)  # already first: unchanged
    services.mdo_case_reorder(case=a, direction="down", user=coordinator)
    assert list(MdoCase.objects.filter(session=session).order_by("position").values_list("pk", flat=True)) == [
        c.pk, a.pk, b.pk]
    with pytest.raises(ValidationError):
        services.mdo_case_reorder(case=a, direction="sideways", user=coordinator)


def test_withdraw_needs_a_reason_and_a_registered_case(session, clinician) -> None:
    case = _register(session, clinician)
    with pytest.raises(ValidationError):
        services.mdo_case_withdraw(case=case, user=clinician, reason=" ")
    services.mdo_case_withdraw(case=case, user=clinician, reason="dubbel")
    case.refresh_from_db()
    assert (case.status, case.withdrawn_reason) == (CaseStatus.WITHDRAWN, "dubbel")
    with pytest.raises(ValidationError):
        services.mdo_case_withdraw(case=case, user=clinician, reason="nogmaals")


# --- API ---


def test_api_register_and_refusal_with_proposal(session, clinician_api, clinician, monkeypatch) -> None:
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: NOW)
    tumour = TumourFactory()
    url = f"/api/v1/mdo/sessions/{session.external_id}/cases/"
    body = {"tumour": str(tumour.external_id), "question": "Beleid?", "presenting_clinician": "clinician"}
    response = clinician_api.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["position"] == 1 and response.json()["minutes_needed"] == 10
    _fill(session, 50)
    nxt = MdoSessionFactory(original_date=FRI + dt.timedelta(weeks=1))
    response = clinician_api.post(url, {**body, "tumour": str(TumourFactory().external_id)}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "capacity"
    assert response.json()["proposed_session"]["id"] == str(nxt.external_id)
    assert MdoCase.objects.filter(session=session).count() == 6


def test_api_bad_input_gives_field_errors(session, clinician_api) -> None:
    response = clinician_api.post(f"/api/v1/mdo/sessions/{session.external_id}/cases/", {"question": ""},
                                  format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"tumour", "question", "presenting_clinician"}
    assert not MdoCase.objects.exists()


def test_api_secretary_may_not_register(session, secretary_api) -> None:
    response = secretary_api.post(f"/api/v1/mdo/sessions/{session.external_id}/cases/",
                                  {"tumour": str(TumourFactory().external_id), "question": "x",
                                   "presenting_clinician": "secretary"}, format="json")
    assert response.status_code == 403
    assert not MdoCase.objects.exists()
