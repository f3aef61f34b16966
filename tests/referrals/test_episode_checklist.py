"""Issue 15 item 2 / issue 17 item 1: the first-visit checklist belongs to a referral episode; the patient route
answers for the latest referral; the first visit that took place is recorded when a referral is seen."""

import datetime as dt

import pytest

from referrals import services
from referrals.models import FirstVisitChecklist, ReferralStatus
from tests.factories import PatientFactory
from tests.referrals.factories import ChecklistFactory, ReferralFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today(freeze_today) -> None:
    freeze_today(D(2026, 11, 23))


def test_checklist_per_referral_episode_and_patient_route_answers_for_the_latest(clinician_api, secretary_api):
    patient = PatientFactory()
    old = ReferralFactory(patient=patient, received_on=D(2014, 3, 1))
    # An episode of 2014 with an open biopsy result: it must not be the checklist of today's episode.
    ChecklistFactory(patient=patient, referral=old, biopsy_needed=True, biopsy_taken_on=D(2014, 3, 5))
    new = ReferralFactory(patient=patient, received_on=D(2026, 11, 16))
    episode_url = f"/api/v1/referrals/{new.external_id}/first-visit-checklist/"
    patient_url = f"/api/v1/patients/{patient.external_id}/first-visit-checklist/"
    assert clinician_api.get(patient_url).status_code == 404  # the current episode has no checklist yet
    assert secretary_api.put(episode_url, {"risk_profile_taken": True}, format="json").status_code == 403
    response = clinician_api.put(episode_url, {"biopsy_needed": True, "biopsy_taken_on": "2026-11-20"},
                                 format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["referral"] == str(new.external_id)
    assert response.json()["result_due_on"] == "2026-12-04"
    shown = secretary_api.get(patient_url).json()
    assert shown["referral"] == str(new.external_id) and shown["biopsy_taken_on"] == "2026-11-20"
    old_shown = clinician_api.get(f"/api/v1/referrals/{old.external_id}/first-visit-checklist/").json()
    assert old_shown["biopsy_taken_on"] == "2014-03-05"
    # A PUT on the patient route writes the latest episode, not the old one.
    clinician_api.put(patient_url, {"photos_stored": True}, format="json")
    assert FirstVisitChecklist.objects.get(referral=new).photos_stored is True
    assert FirstVisitChecklist.objects.get(referral=old).photos_stored is False
    bad = clinician_api.put(episode_url, {"result_discussed_on": "2026-11-19"}, format="json")
    assert bad.status_code == 400 and set(bad.json()) == {"result_discussed_on"}


def test_unknown_referral_is_404(clinician_api):
    url = "/api/v1/referrals/00000000-0000-0000-0000-000000000000/first-visit-checklist/"
    assert clinician_api.get(url).status_code == 404


def test_seen_records_the_day_the_first_visit_took_place(clinician):
    referral = ReferralFactory(status=ReferralStatus.APPOINTMENT_PLANNED, received_on=D(2026, 11, 2),
                               appointment_on=D(2026, 11, 10))
    services.referral_transition(referral=referral, to_status="seen", user=clinician)
    referral.refresh_from_db()
    assert referral.first_visit_on == D(2026, 11, 10)  # the planned day, which has passed


def test_seen_with_an_explicit_first_visit_date(clinician):
    referral = ReferralFactory(status=ReferralStatus.APPOINTMENT_PLANNED, received_on=D(2026, 11, 2),
                               appointment_on=D(2026, 11, 30))
    services.referral_transition(referral=referral, to_status="seen", user=clinician,
                                 first_visit_on=D(2026, 11, 12))
    referral.refresh_from_db()
    assert referral.first_visit_on == D(2026, 11, 12)
