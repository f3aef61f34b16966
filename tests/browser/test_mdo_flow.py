"""A coordinator registers a case, records attendance (quorum updates live) and the draft advice; the
presenting clinician finalises the decision."""

import datetime as dt

import pytest
from django.utils import timezone

from mdo.models import LetterStatus, MdoCase, MdoDecision
from tests.browser.conftest import shot
from tests.factories import TumourFactory
from tests.mdo.factories import AMS, MdoSessionFactory, sarcoma_type
from zorgpad.accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_registers_records_attendance_and_the_draft_clinician_finalises(page, login_as, make_user) -> None:
    sarcoma_type()
    today = timezone.localdate()
    session = MdoSessionFactory(
        original_date=today, registration_deadline=dt.datetime.combine(today + dt.timedelta(days=1), dt.time(16),
                                                                       tzinfo=AMS))
    coordinator = make_user(Role.MDO_COORDINATOR, username="coordinator", first_name="Sanne", last_name="Jansen")
    presenter = make_user(Role.CLINICIAN, username="arts", first_name="Eva", last_name="de Vries")
    tumour = TumourFactory(patient__family_name="Reiger", body_site="bovenbeen")
    login_as(coordinator)

    # 1. Register the case from the tumour page.
    page.goto(f"/tumours/{tumour.external_id}/")
    page.click("text=Aanmelden voor MDO")
    page.select_option("#id_session", str(session.pk))
    page.fill("#id_question", "R1-resectie: re-excisie of postoperatieve radiotherapie?")
    page.select_option("#id_presenting_clinician", str(presenter.pk))
    page.select_option("#id_imaging", "available")
    page.click("button:has-text('Aanmelden')")
    page.wait_for_selector("text=Casus aangemeld")  # back on the tumour page it came from
    assert f"/tumours/{tumour.external_id}/" in page.url
    page.goto(f"/mdo/sessions/{session.external_id}/")
    page.wait_for_selector("h1:has-text('MDO sarcomen')")
    assert page.locator(".agenda tbody tr").count() == 1
    assert page.locator(".agenda td.time").first.inner_text().startswith("14:00\u201314:10")  # en dash
    case = MdoCase.objects.get(tumour=tumour)
    assert (case.session_id, case.presenting_clinician_id) == (session.pk, presenter.pk)
    shot(page, "mdo-agenda")

    # 2. Attendance: the quorum block says what is missing until a pathologist is recorded.
    for name, specialty in [("Dr. Verbeek", "surgical_oncology"), ("Dr. Haddou", "medical_oncology"),
                            ("Dr. Smeets", "radiation_oncology"), ("Dr. de Lange", "nuclear_medicine")]:
        page.fill("#id_att_name", name)
        page.select_option("#id_att_specialty", specialty)
        page.click("button:has-text('Gast toevoegen')")
        page.wait_for_selector(f"#quorum >> text={name}")
    assert page.locator("[data-quorum='missing']").inner_text() == "Nog geen quorum — ontbreekt: patholoog"
    page.fill("#id_att_name", "Dr. Kaya")
    page.select_option("#id_att_specialty", "pathology")
    page.click("button:has-text('Gast toevoegen')")
    page.wait_for_selector("[data-quorum='met']")
    assert page.locator("#quorum").inner_text().count("✓") == 5
    shot(page, "mdo-quorum")

    # 3. The decision: the coordinator records the structured advice as a draft; the clinician finalises it
    # (after the confirmation dialog).
    page.click(".agenda a:has-text('Reiger')")
    page.select_option("#id_intent", "curative")
    page.check("input[name=next_steps][value=re_excision]")
    page.fill("#id_text", "Re-excisie met 2 cm marge; daarna follow-up volgens zorgpad.")
    assert page.locator("button:has-text('Vaststellen')").count() == 0
    page.click("button:has-text('Concept opslaan')")
    page.wait_for_selector("text=Concept opgeslagen")
    page.context.clear_cookies()
    login_as(presenter)
    page.goto(f"/mdo/cases/{case.external_id}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Vaststellen')")
    page.wait_for_selector("[data-field='next_steps']:has-text('Re-excisie')")
    page.wait_for_selector("a:has-text('Adviesbrief (PDF)')")
    shot(page, "mdo-decision")
    decision = MdoDecision.objects.get(case=case)
    assert (decision.status, decision.quorum_met, decision.finalised_by_id) == ("final", True, presenter.pk)
    assert len(decision.attendees) == 5
    assert decision.letters.get().status == LetterStatus.DONE
