import datetime as dt

import pytest
from django.urls import reverse

from referrals.models import Destination, FirstVisitChecklist, Phase, Referral, ReferralStatus, TriageOverride
from tests.factories import PatientFactory
from tests.referrals.factories import ChecklistFactory, ReferralFactory
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.patients.models import Patient

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 11, 23)  # a Monday


@pytest.fixture(autouse=True)
def _today(freeze_today) -> None:
    freeze_today(TODAY)


def _grow(n: int) -> None:
    """n referrals in every open state and n biopsy results waiting, each for another patient."""
    for i in range(n):
        ReferralFactory(received_on=TODAY - dt.timedelta(days=i % 9))
        ReferralFactory(status=ReferralStatus.TRIAGED, destination=Destination.DERMATOLOGY_CLINIC)
        ReferralFactory(status=ReferralStatus.APPOINTMENT_PLANNED, destination=Destination.DERMATOLOGY_CLINIC,
                        appointment_on=TODAY)
        ReferralFactory(status=ReferralStatus.CLOSED, destination=Destination.DERMATOLOGY_CLINIC)
        ChecklistFactory(biopsy_needed=True, biopsy_taken_on=TODAY - dt.timedelta(days=20 - i % 15),
                         result_due_on=TODAY - dt.timedelta(days=6 - i % 12))


def test_acceptance_worklist_query_count_stays_constant(clinician_client, django_assert_max_num_queries) -> None:
    _grow(2)
    url = reverse("referrals:worklist")
    with django_assert_max_num_queries(12) as small:
        response = clinician_client.get(url)
    assert response.status_code == 200
    assert len(response.context["worklist"].awaiting_triage) == 2
    _grow(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = clinician_client.get(url)
    worklist = response.context["worklist"]
    # Paginated (25 a section): the totals are all there, the rows shown are one page.
    assert (len(worklist.awaiting_triage), len(worklist.in_progress), len(worklist.biopsy_results)) == (25, 25, 25)
    pages = (worklist.triage_page, worklist.in_progress_page, worklist.biopsy_page)
    assert tuple(page.paginator.count for page in pages) == (32, 64, 32)
    second = clinician_client.get(url, {"progress_page": "2"}).context["worklist"]
    assert len(second.in_progress) == 25 and len(second.awaiting_triage) == 25
    assert not {r.pk for r in second.in_progress} & {r.pk for r in worklist.in_progress}


def test_worklist_shows_overdue_first_and_urgent_first_within_a_day(clinician_client) -> None:
    fresh = ReferralFactory(received_on=TODAY)  # due Wed 25
    overdue = ReferralFactory(received_on=D(2026, 11, 16))  # due Wed 18: 3 working days overdue
    due_today_routine = ReferralFactory(received_on=D(2026, 11, 19))  # due Mon 23
    due_today_urgent = ReferralFactory(received_on=D(2026, 11, 19), urgency="urgent")
    ReferralFactory(status=ReferralStatus.REJECTED, received_on=D(2026, 1, 5))  # not waiting
    response = clinician_client.get(reverse("referrals:worklist"))
    rows = response.context["worklist"].awaiting_triage
    assert [row.item for row in rows] == [overdue, due_today_urgent, due_today_routine, fresh]
    assert [(row.overdue, row.working_days_overdue) for row in rows] == [
        (True, 3), (False, 0), (False, 0), (False, 0)]
    page = response.content.decode()
    assert "3 werkdagen te laat" in page
    assert "vandaag" in page
    assert page.index(overdue.patient.display_name) < page.index(fresh.patient.display_name)


def test_worklist_lists_biopsy_results_to_discuss(clinician_client) -> None:
    late = ChecklistFactory(biopsy_needed=True, biopsy_taken_on=D(2026, 11, 2), result_due_on=D(2026, 11, 16))
    soon = ChecklistFactory(biopsy_needed=True, biopsy_taken_on=D(2026, 11, 20), result_due_on=D(2026, 12, 4))
    ChecklistFactory(biopsy_needed=True, biopsy_taken_on=D(2026, 11, 2), result_due_on=D(2026, 11, 16),
                     result_discussed_on=D(2026, 11, 16))
    ChecklistFactory(biopsy_needed=False)
    rows = clinician_client.get(reverse("referrals:worklist")).context["worklist"].biopsy_results
    assert [(row.item, row.overdue) for row in rows] == [(late, True), (soon, False)]


def test_in_progress_lists_unplanned_referrals_first(clinician_client) -> None:
    planned = ReferralFactory(status=ReferralStatus.APPOINTMENT_PLANNED, destination=Destination.DERMATOLOGY_CLINIC,
                              appointment_on=D(2026, 11, 30))
    unplanned = ReferralFactory(status=ReferralStatus.TRIAGED, destination=Destination.DERMATOLOGY_CLINIC,
                                received_on=D(2026, 11, 20))
    rows = clinician_client.get(reverse("referrals:worklist")).context["worklist"].in_progress
    assert rows == [unplanned, planned]


@pytest.mark.parametrize("who", ["clinician_client", "secretary_client", "coordinator_client"])
def test_every_role_reads_the_worklist(request, who) -> None:
    assert request.getfixturevalue(who).get(reverse("referrals:worklist")).status_code == 200


def test_worklist_and_navigation_speak_dutch(clinician_client) -> None:
    page = clinician_client.get(reverse("referrals:worklist")).content.decode()
    assert "Wacht op triage" in page
    assert 'href="/referrals/"' in page  # the top navigation links the worklist


NEW = {
    "hospital_number": "7300001", "bsn": "111222333", "family_name": "Kraai", "initials": "K.",
    "date_of_birth": "1955-05-05", "sex": "M", "received_on": "2026-11-20", "urgency": "routine",
    "referrer_kind": "gp", "referrer_name": "dr. H. Huisarts", "referrer_agb": "01234567", "phase": "sarcoma",
    "external_biopsy": "true", "reason": "Zwelling bovenbeen, 6 cm",
}


def test_register_referral_with_a_new_patient(secretary_client) -> None:
    response = secretary_client.post(reverse("referrals:create"), NEW)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.external_id])
    assert (referral.patient.hospital_number, referral.phase, referral.external_biopsy, referral.triage_due_on) == (
        "7300001", "sarcoma", True, D(2026, 11, 24))


def test_register_form_refuses_two_different_patients_and_saves_nothing(clinician_client) -> None:
    PatientFactory(hospital_number="7300001", bsn="")
    other = PatientFactory(hospital_number="7300002", bsn="111222333", family_name="Anderspatiënt")
    response = clinician_client.post(reverse("referrals:create"), NEW)
    assert response.status_code == 200
    page = response.content.decode()
    assert "en BSN 111222333 horen bij twee verschillende patiënten" in page
    assert "Anderspatiënt" not in page and other.date_of_birth.strftime("%d-%m-%Y") not in page
    assert (Referral.objects.count(), Patient.objects.count()) == (0, 2)


def test_register_for_a_known_patient_from_the_patient_page(clinician_client) -> None:
    patient = PatientFactory()
    url = f"{reverse('referrals:create')}?patient={patient.external_id}"
    page = clinician_client.get(url).content.decode()
    assert 'name="hospital_number"' not in page
    body = {k: v for k, v in NEW.items() if k not in ("hospital_number", "bsn", "family_name", "initials",
                                                      "date_of_birth", "sex")}
    response = clinician_client.post(url, body)
    assert response.status_code == 302
    assert Referral.objects.get().patient == patient


def test_coordinator_may_not_register(coordinator_client) -> None:
    assert coordinator_client.get(reverse("referrals:create")).status_code == 403
    assert coordinator_client.post(reverse("referrals:create"), NEW).status_code == 403
    assert Referral.objects.count() == 0


def test_acceptance_detail_shows_advice_with_pathway_sections(clinician_client) -> None:
    referral = ReferralFactory(phase=Phase.SARCOMA, external_biopsy=True)
    response = clinician_client.get(reverse("referrals:detail", args=[referral.external_id]))
    page = response.content.decode()
    assert "Verwijs naar de polikliniek oncologische chirurgie." in page
    assert "Patiënten met een (verdenking) sarcoom worden verwezen naar de polikliniek oncologische chirurgie." in page
    assert "Vraag de coupes van het elders afgenomen biopt op ter revisie" in page
    assert ("Indien elders een (huid)biopsie is afgenomen zal deze opgevraagd worden ter revisie in het Erasmus MC."
            in page)
    assert "“Verwijzing en triage”" in page
    assert "“Subcutaan leiomyosarcoom › Diagnostiek”" in page  # noqa: RUF001
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(referral.external_id)).count() == 1


def test_detail_shows_only_the_buttons_the_role_may_use(clinician_client, secretary_client) -> None:
    referral = ReferralFactory()
    url = reverse("referrals:detail", args=[referral.external_id])
    assert [a["status"] for a in clinician_client.get(url).context["actions"]] == [
        "triaged", "rejected", "redirected"]
    assert secretary_client.get(url).context["actions"] == []
    assert clinician_client.get(url).context["can_override"] is True
    assert secretary_client.get(url).context["can_override"] is False


def test_triage_button_moves_the_referral(clinician_client) -> None:
    referral = ReferralFactory(phase=Phase.SARCOMA)
    response = clinician_client.post(reverse("referrals:transition", args=[referral.external_id]),
                                     {"to_status": "triaged", "expected_status": "received"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.destination) == ("triaged", Destination.SURGICAL_ONCOLOGY_CLINIC)


def test_illegal_transition_from_the_page_is_refused_in_dutch(clinician_client) -> None:
    referral = ReferralFactory(status=ReferralStatus.CLOSED, destination=Destination.DERMATOLOGY_CLINIC)
    response = clinician_client.post(reverse("referrals:transition", args=[referral.external_id]),
                                     {"to_status": "triaged"})
    assert response.status_code == 400
    assert "Een verwijzing met status “afgesloten” kan niet naar “getrieerd”." in response.content.decode()
    referral.refresh_from_db()
    assert (referral.status, referral.transitions.count()) == ("closed", 0)


def test_reject_without_reason_shows_the_error(clinician_client) -> None:
    referral = ReferralFactory()
    response = clinician_client.post(reverse("referrals:transition", args=[referral.external_id]),
                                     {"to_status": "rejected", "reason": ""})
    assert response.status_code == 400
    assert "Geef de reden" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "received"


def test_secretary_cannot_triage_by_posting(secretary_client) -> None:
    referral = ReferralFactory()
    response = secretary_client.post(reverse("referrals:transition", args=[referral.external_id]),
                                     {"to_status": "triaged"})
    assert response.status_code == 403
    referral.refresh_from_db()
    assert referral.status == "received"


def test_override_page(clinician_client, secretary_client) -> None:
    referral = ReferralFactory(phase=Phase.SUSPICIOUS_LESION)
    url = reverse("referrals:override", args=[referral.external_id])
    assert secretary_client.get(url).status_code == 403
    assert secretary_client.post(url, {"destination": "surgical_oncology_clinic", "reason": "x"}).status_code == 403
    response = clinician_client.post(url, {"destination": "surgical_oncology_clinic", "reason": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"reason"}
    assert TriageOverride.objects.count() == 0
    response = clinician_client.post(url, {"destination": "surgical_oncology_clinic", "reason": "Diep gelegen"})
    assert response.status_code == 302
    page = clinician_client.get(reverse("referrals:detail", args=[referral.external_id])).content.decode()
    assert "Advies overschreven" in page
    assert "Diep gelegen" in page


def test_patient_page_panel_and_its_constant_query_count(clinician_client, django_assert_max_num_queries) -> None:
    patient = PatientFactory()
    referral = ReferralFactory(patient=patient)
    ChecklistFactory(patient=patient, referral=referral, risk_profile_taken=True, high_risk=True,
                     biopsy_needed=True, biopsy_taken_on=D(2026, 11, 2), result_due_on=D(2026, 11, 16))
    url = reverse("patients:detail", args=[patient.external_id])
    with django_assert_max_num_queries(40) as small:
        page = clinician_client.get(url).content.decode()
    assert "Verwijzingen en eerste polibezoek" in page
    assert "Hoog risico op huidmaligniteiten" in page
    assert reverse("referrals:checklist-edit", args=[patient.external_id]) in page
    for _ in range(8):
        ReferralFactory(patient=patient)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = clinician_client.get(url).content.decode()
    assert page.count("/referrals/") >= 9


def test_panel_is_read_only_for_secretaries(secretary_client) -> None:
    patient = PatientFactory()
    page = secretary_client.get(reverse("patients:detail", args=[patient.external_id])).content.decode()
    assert "Verwijzingen en eerste polibezoek" in page
    assert reverse("referrals:checklist-edit", args=[patient.external_id]) not in page
    assert secretary_client.get(reverse("referrals:checklist-edit", args=[patient.external_id])).status_code == 403


def test_checklist_edit_page(clinician_client) -> None:
    patient = PatientFactory()
    url = reverse("referrals:checklist-edit", args=[patient.external_id])
    response = clinician_client.post(url, {"risk_profile_taken": "on", "biopsy_needed": "true",
                                           "biopsy_taken_on": "2026-11-20", "high_risk": "unknown"})
    assert response.status_code == 302
    checklist = FirstVisitChecklist.objects.get()
    assert (checklist.risk_profile_taken, checklist.biopsy_taken_on, checklist.result_due_on, checklist.high_risk) \
        == (True, D(2026, 11, 20), D(2026, 12, 4), None)
    response = clinician_client.post(url, {"biopsy_needed": "false", "biopsy_taken_on": "2026-11-20"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"biopsy_taken_on"}
    checklist.refresh_from_db()
    assert checklist.biopsy_needed is True


def test_all_referrals_list_filters(clinician_client) -> None:
    a = ReferralFactory(phase=Phase.SARCOMA)
    ReferralFactory(status=ReferralStatus.CLOSED, destination=Destination.DERMATOLOGY_CLINIC)
    response = clinician_client.get(reverse("referrals:list"), {"status": "received", "phase": "sarcoma"})
    assert list(response.context["page"]) == [a]
