import pytest

from tests.browser.conftest import shot
from tests.factories import PatientFactory
from zorgpad.patients.models import Patient

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clinician_logs_in_searches_and_registers_a_patient(page, clinician) -> None:
    PatientFactory(family_name="Zwaan", hospital_number="7000001")
    page.goto("/patients/")
    assert "/accounts/login/" in page.url  # not logged in: sent to the login page
    page.fill("#id_username", "clinician")
    page.fill("#id_password", "pw")
    page.click("button.primary:has-text('Inloggen')")
    page.wait_for_url("**/patients/")
    page.fill("#id_q", "zwaan")
    page.wait_for_selector("#patient-rows >> text=Zwaan")
    shot(page, "patient-search")

    page.click("text=Nieuwe patiënt")
    page.fill("#id_hospital_number", "7000002")
    page.fill("#id_bsn", "123456789")
    page.fill("#id_family_name", "Reiger")
    page.fill("#id_date_of_birth", "1950-02-03")
    page.click("button:has-text('Opslaan')")
    assert page.locator("text=123456789 is geen geldig BSN").is_visible()
    assert not Patient.objects.filter(hospital_number="7000002").exists()

    page.fill("#id_bsn", "111222333")
    page.click("button:has-text('Opslaan')")
    page.wait_for_selector("h1:has-text('Reiger')")
    shot(page, "patient-page")
    assert Patient.objects.get(hospital_number="7000002").bsn == "111222333"
