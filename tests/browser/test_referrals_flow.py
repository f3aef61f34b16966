"""A secretary registers a referral (new patient, letter attached) and a clinician triages it, in real Chromium."""

import datetime as dt
import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfWriter

from referrals.models import Referral
from tests.browser.conftest import shot
from zorgpad.patients.models import Patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pdf(path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


def test_secretary_registers_and_clinician_triages_a_referral(page, login_as, secretary, clinician, tmp_path,
                                                             settings) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    letter = tmp_path / "verwijsbrief.pdf"
    _pdf(letter)
    fake = tmp_path / "nep.pdf"
    fake.write_bytes(b"<html>geen pdf</html>")

    login_as(secretary)
    page.goto("/referrals/")
    page.click("text=Nieuwe verwijzing")
    # The requested route only shows for a tertiary referral.
    route = page.locator("#field-tertiary_route")
    expect(route).to_be_hidden()
    page.select_option("#id_phase", "tertiary")
    expect(route).to_be_visible()
    page.select_option("#id_phase", "sarcoma")
    expect(route).to_be_hidden()

    page.fill("#id_hospital_number", "7500001")
    page.fill("#id_bsn", "111222333")
    page.fill("#id_family_name", "Lepelaar")
    page.fill("#id_initials", "J.")
    page.fill("#id_date_of_birth", "1951-03-04")
    page.select_option("#id_referrer_kind", "gp")
    page.fill("#id_referrer_name", "dr. H. Huisarts")
    page.fill("#id_referrer_agb", "0101234")  # 7 digits: refused
    page.select_option("#id_external_biopsy", "true")
    page.fill("#id_reason", "Subcutane zwelling bovenbeen, 6 cm, biopt elders")
    page.set_input_files("#id_letter", str(fake))
    page.click("button:has-text('Verwijzing registreren')")
    assert page.locator("#field-referrer_agb .error").inner_text() == "Een AGB-code bestaat uit precies 8 cijfers."
    assert "geen PDF" in page.locator("#field-letter .error").inner_text()
    assert (Referral.objects.count(), Patient.objects.count()) == (0, 0)

    page.fill("#id_referrer_agb", "01012345")
    page.set_input_files("#id_letter", str(letter))
    page.click("button:has-text('Verwijzing registreren')")
    page.wait_for_selector("#triage-advice")
    shot(page, "referral-registered")
    advice = page.locator("#triage-advice").inner_text()
    assert "Verwijs naar de polikliniek oncologische chirurgie." in advice
    assert "Vraag de coupes van het elders afgenomen biopt op ter revisie" in advice
    assert "Verwijzing en triage" in advice and "Diagnostiek" in advice
    assert page.locator("#referral-status").inner_text() == "ontvangen"
    assert page.locator("#referral-actions button").count() == 0  # a secretary does not triage
    referral = Referral.objects.get()
    assert (referral.patient.hospital_number, referral.letter.name) == (
        "7500001", f"referrals/letters/{referral.external_id}.pdf")

    page.context.clear_cookies()
    login_as(clinician)
    page.goto(f"/referrals/{referral.external_id}/")
    page.click("button:has-text('Trieer: advies overnemen')")
    page.wait_for_selector("#referral-status:has-text('getrieerd')")
    assert page.locator("#referral-destination").inner_text() == "polikliniek oncologische chirurgie"
    # A refused step says why and changes nothing.
    page.click("form.transition button:has-text('Afwijzen')")
    assert "Geef de reden waarom de verwijzing afgewezen wordt." in page.locator("#transition-errors").inner_text()
    page.fill("#appointment-appointment_planned", (dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.click("button:has-text('Afspraak gepland')")
    page.wait_for_selector("#referral-status:has-text('afspraak gepland')")
    shot(page, "referral-triaged")
    referral.refresh_from_db()
    assert referral.status == "appointment_planned"
    assert list(referral.transitions.values_list("to_status", flat=True)) == [
        "received", "triaged", "appointment_planned"]

    page.goto("/referrals/")
    assert page.locator("#in-progress").get_by_text("Lepelaar, J.").is_visible()
