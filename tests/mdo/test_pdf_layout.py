"""MDO documents print right: the agenda (A4 landscape, every column whole, three or more cases a page, the
attendance list) and the decision letter (running header with name, patient number and page x of y)."""

import re

import pytest
from django.utils import timezone

from mdo import agenda_selectors, decision_services, pdf
from mdo.models import MdoLetter
from tests.factories import PatientFactory, TumourFactory
from tests.mdo.factories import MdoAttendanceFactory, MdoCaseFactory, MdoSessionFactory, full_quorum
from tests.pdf_layout import pages, save_for_review

pytestmark = pytest.mark.django_db

LONG_QUESTION = ("Graag bespreken: re-excisie of radiotherapie na irradicale resectie, en is aanvullende "
                 "beeldvorming (MRI en CT-thorax) nodig voor de stadiëring? Patiënt wil liefst geen amputatie.")


def test_the_agenda_of_a_40_case_session_shows_every_column_whole_and_the_attendance_list(sarcoma, clinician) -> None:
    session = MdoSessionFactory(original_date=timezone.localdate())
    for i in range(40):
        tumour = TumourFactory(patient=PatientFactory(family_name_prefix="van der" if i % 2 else "",
                                                      family_name=f"Langenaam-Achternaam{i:02d}"),
                               body_site="rechter bovenbeen, mediaal, proximaal van de knie", grade="")
        MdoCaseFactory(session=session, tumour=tumour, question=LONG_QUESTION, minutes_needed=10, position=i + 1)
    full_quorum(session)
    MdoAttendanceFactory(session=session, name="Dr. Gast van Buiten", specialty="dermatology")
    agenda = agenda_selectors.mdo_agenda_get(external_id=session.external_id, user=clinician, printed=True)
    content = pdf.agenda_pdf(agenda=agenda)
    save_for_review("mdo-agenda-40", content)
    printed = pages(content)
    assert {(round(p.width), round(p.height)) for p in printed} == {(842, 595)}  # A4 landscape
    for page in printed:
        assert page.outside == [], page.outside
        assert re.search(rf"pagina {page.number} van {len(printed)}", page.text), page.number
        assert "Agenda" in page.text.split("\n", 1)[0] or "Agenda" in page.text
    numbers = {row.case.patient.hospital_number for row in agenda.rows}
    case_pages = [len(set(re.findall(r"\b\d{7}\b", p.text)) & numbers) for p in printed]
    assert sum(case_pages) == 40
    # Three or more cases on every page that has cases, but the last page of the agenda.
    with_cases = [n for n in case_pages if n]
    assert min(with_cases[:-1]) >= 3, case_pages
    text = "\n".join(p.text for p in printed)
    # Every column whole: each header on the page, and the readiness column says what is missing, unclipped.
    for header in ("Tijd", "Patiënt", "Tumor", "Stadium", "Vraag", "Presenteert", "Gereed?"):
        assert header in text, header
    assert "Presentielijst" in text
    for name in ("Dr. Chirurg", "Dr. Patholoog", "Dr. Gast van Buiten"):
        assert name in text


def test_the_decision_letter_has_the_running_header_on_every_page(sarcoma, clinician) -> None:
    session = MdoSessionFactory(original_date=timezone.localdate())
    patient = PatientFactory(family_name_prefix="van", family_name="Dam", initials="G.", sex="M")
    case = MdoCaseFactory(session=session, tumour=TumourFactory(patient=patient), question=LONG_QUESTION * 6)
    full_quorum(session)
    decision_services.mdo_decision_finalise(case=case, user=clinician, intent="curative", next_steps=["re_excision"],
                                   text="Re-excisie met 2 cm marge. " * 60)
    letter = MdoLetter.objects.get()
    content = pdf.decision_letter_pdf(letter=letter)
    save_for_review("mdo-decision-letter", content)
    printed = pages(content)
    assert len(printed) >= 2  # long enough to test the header of a second page
    for page in printed:
        assert page.outside == [], page.outside
        assert "G. van Dam" in page.text and f"patiëntnummer {patient.hospital_number}" in page.text
        assert f"pagina {page.number} van {len(printed)}" in page.text
