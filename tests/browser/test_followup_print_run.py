import datetime as dt

import pytest

from followup import letter_services, reminder_services, services
from followup.models import Letter, PrintJob
from tests.browser.conftest import shot
from tests.followup.conftest import ensure_default_template, record_baseline_mri_window
from tests.followup.factories import PatientFactory, lms_tumour
from zorgpad.accounts.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_prints_the_weeks_letters(page, login_as, make_user, tmp_path, settings, monkeypatch) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ensure_default_template()
    record_baseline_mri_window("3")  # the centre has recorded the window the pathway leaves open
    clinician, secretary = make_user(Role.CLINICIAN), make_user(Role.SECRETARY, first_name="Fatima",
                                                                last_name="El Amrani")
    for name in ("Aalbers", "Bosman", "Claassen"):
        services.followup_plan_build(tumour=lms_tumour(patient=PatientFactory(family_name=name)), user=clinician)
    reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
    login_as(secretary)

    page.goto("/followup/letters/")
    page.wait_for_selector("#letter-queue >> text=Aalbers")
    assert page.locator("#letter-queue tbody tr").count() == 6  # 3 invitations + 3 GP letters
    shot(page, "followup-letters-queue")
    # Select the two invitations of Aalbers and Bosman and print them.
    page.locator("#letter-queue tr:has-text('Aalbers'):has-text('uitnodiging') input[type=checkbox]").check()
    page.locator("#letter-queue tr:has-text('Bosman'):has-text('uitnodiging') input[type=checkbox]").check()
    page.click("#print-selected")
    page.wait_for_selector("#job-status[data-status='done']")
    assert "PDF downloaden" in page.locator("#job-status").inner_text()
    shot(page, "followup-print-run-done")
    with page.expect_download() as download_info:
        page.click("#download")
    pdf_path = tmp_path / "run.pdf"
    download_info.value.save_as(pdf_path)
    from pypdf import PdfReader

    text = "\n".join(p.extract_text() for p in PdfReader(str(pdf_path)).pages)
    assert "Aalbers" in text and "Bosman" in text and "Claassen" not in text
    page.click("#mark-printed")
    page.wait_for_selector("#printed")
    assert "Fatima El Amrani" in page.locator("#printed").inner_text()
    job = PrintJob.objects.get()
    assert job.printed_by == secretary
    assert Letter.objects.filter(status="printed").count() == 2
    # Back on the worklist the printed letters are gone; "all due this week" prints the rest.
    # The print worker is busy elsewhere: the run waits as "queued" and the page polls (htmx) until it is done.
    monkeypatch.setattr(letter_services, "print_job_publish", lambda *, job_id: False)
    page.goto("/followup/letters/")
    assert page.locator("#letter-queue tbody tr").count() == 4
    page.click("#print-week")
    page.wait_for_selector("#job-status[data-status='queued']")
    shot(page, "followup-print-run-queued")
    job = PrintJob.objects.get(status="queued")
    assert letter_services.print_job_render(job_id=job.pk) is True
    page.wait_for_selector("#job-status[data-status='done']")  # picked up by polling, no reload
    assert PrintJob.objects.get(pk=job.pk).total == 4
    shot(page, "followup-print-run-week")
