"""The whole care path in real Chromium, each step done by the role that does it in the clinic:

referral (secretary, PDF letter) -> triage (clinician) -> tumour (clinician) -> stage (clinician) ->
MDO registration for the next open Friday session (clinician) -> attendance, quorum and decision on the meeting
day (MDO coordinator) -> follow-up plan (clinician) -> print run of the letters (secretary).

The story: a subcutaneous leiomyosarcoma excised elsewhere ~11 weeks ago (biopsy and resection taken
externally) is referred to the sarcoma centre; the database state is checked at every step, not only the UI.
"""

import datetime as dt
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader, PdfWriter

from followup import reminder_services
from followup.models import FollowUpPlan, Letter, PrintJob, PrintJobLetter
from mdo import agenda_selectors as mdo_agenda_selectors
from mdo import decision_services as mdo_decision_services
from mdo import selectors as mdo_selectors
from mdo import services as mdo_services
from mdo import session_services as mdo_session_services
from mdo import views as mdo_views
from mdo import views_session as mdo_views_session
from mdo.models import MdoCase, MdoDecision, MdoSession
from referrals.models import Referral
from staging.models import StageAssessment
from tests.browser.conftest import shot
from tests.followup.conftest import ensure_default_template, record_baseline_mri_window
from tests.mdo.factories import AMS, sarcoma_type
from zorgpad.accounts.roles import Role
from zorgpad.patients.models import Tumour

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUORUM = [("Dr. Verbeek", "surgical_oncology"), ("Dr. Haddou", "medical_oncology"),
          ("Dr. Smeets", "radiation_oncology"), ("Dr. Bakker", "radiology"), ("Dr. Kaya", "pathology")]


def _pdf_letter(path: Any) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())


def _meeting_day_clock(moment: dt.datetime) -> SimpleNamespace:
    """django.utils.timezone as seen by the MDO views/services on the meeting day: only now() is moved.

    A decision can only be finalised from the day of the meeting, while registration closed days before; the
    live server cannot wait for Friday. Only the MDO module's clock moves (logins, sessions and audit keep
    real time)."""
    clock = SimpleNamespace(**{name: getattr(timezone, name) for name in dir(timezone) if not name.startswith("_")})
    clock.now = lambda: moment
    clock.localdate = lambda value=None, timezone=None: (value or moment).astimezone(timezone or AMS).date()
    return clock


def test_referral_to_print_run_through_every_role(page, login_as, make_user, tmp_path, settings,
                                                  monkeypatch) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    ensure_default_template()  # transactional tests flush data migrations: the shipped rows come back
    record_baseline_mri_window("3")  # the centre has recorded the window the pathway leaves open
    sarcoma_type()
    secretary = make_user(Role.SECRETARY, username="secretaris", first_name="Fatima", last_name="El Amrani")
    clinician = make_user(Role.CLINICIAN, username="chirurg", first_name="Eva", last_name="de Vries")
    coordinator = make_user(Role.MDO_COORDINATOR, username="coordinator", first_name="Sanne", last_name="Jansen")
    today = timezone.localdate()
    surgery = today - dt.timedelta(days=80)  # the baseline MRI (3 months) is inside its invitation window
    letter = tmp_path / "verwijsbrief.pdf"
    _pdf_letter(letter)

    # 01. The secretary registers the referral: suspected sarcoma, biopsy taken elsewhere, PDF letter.
    login_as(secretary)
    page.goto("/referrals/")
    page.click("text=Nieuwe verwijzing")
    page.select_option("#id_phase", "sarcoma")
    page.fill("#id_hospital_number", "7600001")
    page.fill("#id_bsn", "111222333")
    page.fill("#id_family_name", "Kwartel")
    page.fill("#id_initials", "M.")
    page.fill("#id_date_of_birth", "1958-06-12")
    page.select_option("#id_referrer_kind", "gp")
    page.fill("#id_referrer_name", "dr. H. Huisarts")
    page.fill("#id_referrer_agb", "01012345")
    page.select_option("#id_external_biopsy", "true")
    page.fill("#id_reason", "Subcutane zwelling bovenbeen, elders geëxcideerd, verdenking sarcoom")
    page.set_input_files("#id_letter", str(letter))
    page.click("button:has-text('Verwijzing registreren')")
    page.wait_for_selector("#triage-advice")
    expect(page.locator("#referral-status")).to_have_text("ontvangen")
    shot(page, "e2e-01-referral-registered")
    referral = Referral.objects.select_related("patient").get()
    patient = referral.patient
    assert (referral.status, patient.hospital_number, patient.family_name) == ("received", "7600001", "Kwartel")
    assert referral.letter.name == f"referrals/letters/{referral.external_id}.pdf"

    # 02. A clinician triages it: surgical oncology, and the external slides are requested for revision.
    page.context.clear_cookies()
    login_as(clinician)
    page.goto(f"/referrals/{referral.external_id}/")
    advice = page.locator("#triage-advice").inner_text()
    assert "Verwijs naar de polikliniek oncologische chirurgie." in advice
    assert "Vraag de coupes van het elders afgenomen biopt op ter revisie" in advice
    page.click("button:has-text('Trieer: advies overnemen')")
    expect(page.locator("#referral-status")).to_have_text("getrieerd")
    expect(page.locator("#referral-destination")).to_have_text("polikliniek oncologische chirurgie")
    shot(page, "e2e-02-referral-triaged")
    referral.refresh_from_db()
    assert referral.status == "triaged"
    assert list(referral.transitions.values_list("to_status", flat=True)) == ["received", "triaged"]

    # 03. The clinician adds the tumour to the referral's patient.
    page.click(f"a[href='/patients/{patient.external_id}/']")
    page.wait_for_selector("h1:has-text('Kwartel')")
    page.click(f"a[href='/patients/{patient.external_id}/tumours/new/']")
    page.select_option("#id_diagnosis", "subcutaneous_leiomyosarcoma")
    page.fill("#id_body_site", "bovenbeen")
    page.select_option("#id_body_site_region", "lower_extremity")  # picks the AJCC chapter (trunk/extremity)
    page.select_option("#id_laterality", "left")
    page.select_option("#id_depth", "subcutis")
    page.fill("#id_largest_diameter_cm", "7")
    page.select_option("#id_grade", "G2")
    page.select_option("#id_n_category", "N0")
    page.select_option("#id_m_category", "M0")
    page.fill("#id_date_of_diagnosis", (surgery - dt.timedelta(days=14)).isoformat())
    page.fill("#id_date_of_surgery", surgery.isoformat())
    page.select_option("#id_pathology_source", "external")
    page.select_option("#id_revision_status", "requested")
    page.select_option("#id_margin", "R0")
    page.select_option("#id_status", "follow_up")
    page.click("button.primary")
    page.wait_for_selector("#staging-panel")
    shot(page, "e2e-03-tumour-added")
    tumour = Tumour.objects.get(patient=patient)
    assert (tumour.diagnosis, tumour.body_site_region, tumour.depth, str(tumour.largest_diameter_cm), tumour.grade,
            tumour.n_category, tumour.m_category, tumour.date_of_surgery, tumour.margin) == (
        "subcutaneous_leiomyosarcoma", "lower_extremity", "subcutis", "7.00", "G2", "N0", "M0", surgery, "R0")

    # 04. Staged on the tumour page: 7 cm (T2) G2 N0 M0 -> IIIA (AJCC 8 soft-tissue sarcoma, trunk/extremity).
    preview = page.locator("#stage-preview")
    expect(preview.locator("[data-stage='IIIA']")).to_be_visible()
    page.select_option("#id_classification", "pathological")
    expect(preview.locator("[data-stage='IIIA']")).to_be_visible()
    page.click("#staging-panel button.primary")
    expect(page.locator("#staging-panel .stage-current")).to_have_attribute("data-stage", "IIIA")
    expect(page.locator("#staging-panel .stage-current")).to_contain_text("IIIA")
    shot(page, "e2e-04-staged")
    assessment = StageAssessment.objects.get(tumour=tumour)
    assert (assessment.stage, assessment.classification, assessment.grade, assessment.assessed_by_id) == (
        "IIIA", "pathological", "G2", clinician.pk)

    # 05. Friday's sarcoma MDO: the sessions of the coming weeks come from the real command; the clinician
    # registers the case for the first Friday whose registration deadline has not passed.
    call_command("mdo_generate_sessions", f"--until={today + dt.timedelta(weeks=3)}", stdout=io.StringIO())
    session = (MdoSession.objects.filter(mdo_type__code="sarcoma", status="planned",
                                         registration_deadline__gt=timezone.now()).order_by("date").first())
    assert session is not None and session.date.weekday() == 4  # a Friday
    page.click("text=Aanmelden voor MDO")
    page.select_option("#id_session", str(session.pk))
    page.fill("#id_question", "Elders geëxcideerd LMS bovenbeen, R0: follow-up volgens zorgpad?")
    page.select_option("#id_imaging", "available")
    page.click("button:has-text('Aanmelden')")
    page.wait_for_selector("text=Casus aangemeld")  # back on the tumour page it came from
    assert f"/tumours/{tumour.external_id}/" in page.url
    page.goto(f"/mdo/sessions/{session.external_id}/")
    page.wait_for_selector("h1:has-text('MDO sarcomen')")
    expect(page.locator(".agenda tbody tr")).to_have_count(1)
    shot(page, "e2e-05-mdo-registered")
    case = MdoCase.objects.get(tumour=tumour)
    assert (case.session_id, case.presenting_clinician_id, case.registered_by_id) == (
        session.pk, clinician.pk, clinician.pk)

    # 06. The meeting (Friday 14:30): the coordinator records the five required specialties.
    meeting = dt.datetime.combine(session.date, dt.time(14, 30), tzinfo=AMS)
    monkeypatch.setattr(mdo_services, "timezone", _meeting_day_clock(meeting))
    monkeypatch.setattr(mdo_session_services, "timezone", _meeting_day_clock(meeting))
    monkeypatch.setattr(mdo_decision_services, "timezone", _meeting_day_clock(meeting))
    monkeypatch.setattr(mdo_views, "timezone", _meeting_day_clock(meeting))
    monkeypatch.setattr(mdo_views_session, "timezone", _meeting_day_clock(meeting))
    monkeypatch.setattr(mdo_selectors, "timezone", _meeting_day_clock(meeting))  # quorum is judged on the day
    monkeypatch.setattr(mdo_agenda_selectors, "timezone", _meeting_day_clock(meeting))
    page.context.clear_cookies()
    login_as(coordinator)
    page.goto(f"/mdo/sessions/{session.external_id}/")
    for name, specialty in QUORUM:
        page.fill("#id_att_name", name)
        page.select_option("#id_att_specialty", specialty)
        page.click("button:has-text('Gast toevoegen')")
        page.wait_for_selector(f"#quorum >> text={name}")
    expect(page.locator("[data-quorum='met']")).to_have_text("Quorum bereikt")
    assert page.locator("#quorum").inner_text().count("✓") == 5
    shot(page, "e2e-06-mdo-quorum")
    assert session.attendances.count() == 5

    # 07. The decision: the coordinator records the draft (no "finalise" for coordinators), a clinician
    # finalises it.
    page.click(".agenda a:has-text('Kwartel')")
    page.select_option("#id_intent", "curative")
    page.check("input[name=next_steps][value=follow_up]")
    page.fill("#id_text", "R0-resectie elders; revisie aangevraagd. Follow-up volgens zorgpad.")
    expect(page.locator("button:has-text('Vaststellen')")).to_have_count(0)
    page.click("button:has-text('Concept opslaan')")
    page.wait_for_selector("text=Concept opgeslagen")
    page.context.clear_cookies()
    login_as(clinician)
    page.goto(f"/mdo/cases/{case.external_id}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Vaststellen')")
    page.wait_for_selector("a:has-text('Adviesbrief (PDF)')")
    shot(page, "e2e-07-mdo-decision")
    decision = MdoDecision.objects.get(case=case)
    assert (decision.status, decision.quorum_met, decision.next_steps, decision.finalised_by_id) == (
        "final", True, ["follow_up"], clinician.pk)
    assert decision.finalised_at == meeting
    assert sorted(a["specialty"] for a in decision.attendees) == sorted(s for _, s in QUORUM)
    monkeypatch.undo()  # back to the real clock

    # 08. The clinician builds the follow-up plan from the tumour: baseline MRI + 10 routine visits.
    page.context.clear_cookies()
    login_as(clinician)
    page.goto(f"/patients/{patient.external_id}/")
    page.click("#followup-panel button:has-text('Plan maken')")
    page.wait_for_selector("table.fu-visits")
    expect(page.locator("table.fu-visits tbody tr")).to_have_count(11)
    shot(page, "e2e-08-followup-plan")
    plan = FollowUpPlan.objects.get(tumour=tumour)
    kinds = list(plan.visits.order_by("sequence").values_list("kind", flat=True))
    assert (plan.status, plan.anchor_date, kinds) == ("active", surgery, ["baseline"] + ["routine"] * 10)

    # 09. The nightly reminder scan (beat) queues the baseline invitation next to the GP letter; the secretary
    # selects the patient's letters, prints them, waits for the run and downloads one PDF.
    reminder_services.reminder_scan(today=today)
    queued = Letter.objects.filter(patient=patient, status="queued")
    assert sorted(queued.values_list("kind", flat=True)) == ["gp_plan_summary", "invitation"]
    page.context.clear_cookies()
    login_as(secretary)
    page.goto("/followup/letters/")
    rows = page.locator("#letter-queue tbody tr:has-text('Kwartel')")
    expect(rows).to_have_count(2)
    shot(page, "e2e-09-letters-queue")
    for i in range(2):
        rows.nth(i).locator("input[type=checkbox]").check()
    page.click("#print-selected")
    page.wait_for_selector("#job-status[data-status='done']")
    shot(page, "e2e-10-print-run-done")
    job = PrintJob.objects.get()
    assert (job.status, job.total, job.requested_by_id) == ("done", 2, secretary.pk)
    assert sorted(PrintJobLetter.objects.filter(job=job).values_list("letter__kind", flat=True)) == [
        "gp_plan_summary", "invitation"]
    with page.expect_download() as download_info:
        page.click("#download")
    pdf_path = tmp_path / "printrun.pdf"
    download_info.value.save_as(pdf_path)
    reader = PdfReader(str(pdf_path))
    assert len(reader.pages) == job.result.pages >= 2
    assert "Kwartel" in "\n".join(p.extract_text() for p in reader.pages)
    page.click("#mark-printed")
    page.wait_for_selector("#printed")
    shot(page, "e2e-11-printed")
    assert Letter.objects.filter(patient=patient, status="printed").count() == 2
    assert plan.visits.get(sequence=1).status == "invited"
