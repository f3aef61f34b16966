"""Letters print right: a running header (name, patient number, page x of y) on every page, no text outside the
page, never a proposed date in the past, the secretariat's number, Dutch words, a salutation by sex."""

import datetime as dt
import re

import pytest
from django.conf import settings

from followup import pdf, reminder_services, services
from followup.models import Letter
from tests.followup.factories import PatientFactory, lms_tumour
from tests.pdf_layout import pages, save_for_review

pytestmark = pytest.mark.django_db

QUEUED = dt.date(2026, 6, 5)  # visit 2 (target 15 July 2026, window 17 June .. 12 August) is invited
PRINTED = dt.date(2026, 11, 30)  # the print run: target and window passed long before
LONG_STREET = "Burgemeester van Walsum-Hoogstraatweg 1234 bis, tweede verdieping achterzijde"


def _text(content: bytes) -> str:
    return " ".join(" ".join(page.text for page in pages(content)).split())


def _plan(clinician, **patient):  # type: ignore[no-untyped-def]
    return services.followup_plan_build(tumour=lms_tumour(patient=PatientFactory(**patient)), user=clinician)


def _invitations(clinician, count: int, today: dt.date) -> list[Letter]:
    for i in range(count):
        _plan(clinician, family_name_prefix="van der" if i % 2 else "", family_name=f"Persoon{i:02d}",
              initials="A.B.C.", sex="MFXU"[i % 4], street=LONG_STREET if i % 3 == 0 else "Kerkstraat 1")
    reminder_services.reminder_scan(today=today)
    return list(Letter.objects.filter(kind="invitation").select_related("patient", "visit", "plan__tumour")
                .order_by("patient__family_name", "due_date"))


def _header_checked(content: bytes, letters: list[Letter]) -> int:
    """Every page carries the name and number of the patient of its letter and "pagina x van y" of that letter."""
    printed = pages(content)
    for page in printed:
        assert page.outside == [], page.outside
        found = re.search(r"pagina (\d+) van (\d+)", page.text)
        assert found, f"page {page.number} has no page number"
        assert "patiëntnummer" in page.text and "geboren" in page.text, f"page {page.number} has no header"
    numbers = [letter.patient.hospital_number for letter in letters]
    index = 0
    for page in printed:
        x, y = (int(n) for n in re.search(r"pagina (\d+) van (\d+)", page.text).groups())  # type: ignore[union-attr]
        assert f"patiëntnummer {numbers[index]}" in page.text, (page.number, numbers[index])
        if x == y:
            index += 1
    assert index == len(letters)
    return len(printed)


def test_a_20_letter_print_run_has_the_running_header_on_every_page(clinician) -> None:
    letters = _invitations(clinician, 20, today=QUEUED)
    gp_letters = list(Letter.objects.filter(kind="gp_plan_summary").select_related("patient", "plan__tumour"))
    run = letters + gp_letters[:4]
    content, page_count = pdf.render_letters(run, today=PRINTED)
    save_for_review("print-run", content)
    assert _header_checked(content, run) == page_count


@pytest.mark.parametrize(
    ("printed", "proposal"),
    [
        pytest.param(dt.date(2026, 7, 30), "tussen 30 juli 2026 en 12 augustus 2026", id="after the target, in window"),
        pytest.param(PRINTED, "vanaf 30 november 2026", id="after the window: the issue's print run"),
    ],
)
def test_a_late_invitation_proposes_no_past_date_and_says_it_is_overdue(clinician, printed, proposal) -> None:
    letters = _invitations(clinician, 1, today=QUEUED)
    assert letters[0].visit.due_date < printed  # the target passed before the letter was printed
    content, _ = pdf.render_letters(letters, today=printed)
    save_for_review(f"late-invitation-{printed}", content)
    text = _text(content)
    assert "over tijd" in text
    assert proposal in text
    assert "(streefdatum" not in text  # no target date is proposed
    proposed = re.findall(r"(\d{1,2}) (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                          r"november|december) (\d{4})", text)
    months = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
              "november", "december"]
    dates = [dt.date(int(y), months.index(m) + 1, int(d)) for d, m, y in proposed]
    assert dates and min(dates) >= printed, dates
    assert settings.ZORGPAD_SECRETARIAT_PHONE in text


def test_an_invitation_in_time_proposes_the_window_and_gives_the_secretariat_number(clinician) -> None:
    letters = _invitations(clinician, 1, today=QUEUED)
    content, _ = pdf.render_letters(letters, today=QUEUED)
    text = _text(content)
    assert "over tijd" not in text
    assert "tussen 17 juni 2026 en 12 augustus 2026" in text
    assert "streefdatum 15 juli 2026" in text
    assert f"secretariaat, telefoon {settings.ZORGPAD_SECRETARIAT_PHONE}" in text


@pytest.mark.parametrize(
    ("sex", "salutation", "gp_words"),
    [
        pytest.param("M", "Geachte heer Van der Meer", "Uw patiënt is", id="man"),
        pytest.param("F", "Geachte mevrouw Van der Meer", "Uw patiënte is", id="woman"),
        pytest.param("X", "Geachte A. van der Meer", "A. van der Meer is", id="other"),
        pytest.param("U", "Geachte A. van der Meer", "A. van der Meer is", id="unknown"),
    ],
)
def test_letters_address_the_patient_by_sex_in_dutch(clinician, sex, salutation, gp_words) -> None:
    plan = _plan(clinician, family_name_prefix="van der", family_name="Meer", initials="A.", sex=sex)
    reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
    invitation = Letter.objects.get(plan=plan, kind="invitation")
    gp_letter = Letter.objects.get(plan=plan, kind="gp_plan_summary")
    text = _text(pdf.render_letters([invitation], today=dt.date(2026, 6, 5))[0])
    assert f"{salutation}," in text
    gp_text = _text(pdf.render_letters([gp_letter])[0])
    assert gp_words in gp_text
    assert "patiënt(e)" not in gp_text
    assert "Subcutaan leiomyosarcoom" in gp_text  # the diagnosis in Dutch
    assert "Subcutaneous" not in gp_text


def test_the_patient_summary_has_the_running_header_on_every_page(clinician) -> None:
    plan = _plan(clinician, family_name="Samenvatting")
    content, _ = pdf.render_patient_summary(patient=plan.patient, today=PRINTED)
    save_for_review("patient-summary", content)
    for page in pages(content):
        assert page.outside == [], page.outside
        assert f"patiëntnummer {plan.patient.hospital_number}" in page.text
        assert re.search(r"pagina \d+ van \d+", page.text)
