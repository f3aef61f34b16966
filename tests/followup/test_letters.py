import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader

from followup import letter_services, pdf, reminder_services, services
from followup.models import GeneratedDocument, Letter
from tests.followup.factories import PatientFactory, cutaneous_tumour, lms_tumour
from zorgpad.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

EMERGENCY_NUMBERS = ("010-7040110", "010-7040251", "010-7040704")


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _invitation(clinician, **patient):  # type: ignore[no-untyped-def]
    tumour = lms_tumour(patient=PatientFactory(**patient))
    services.followup_plan_build(tumour=tumour, user=clinician)
    reminder_services.reminder_scan(today=dt.date(2026, 6, 5))
    return Letter.objects.get(kind="invitation", patient=tumour.patient)


def test_invitation_letter_content(clinician) -> None:
    letter = _invitation(clinician, family_name="Zonneveld", initials="M.", sex="F")
    content, pages = pdf.render_letters([letter], today=dt.date(2026, 6, 5))
    text = _text(content)
    assert pages == 1
    assert "Huidkankercentrum Erasmus MC" in text
    assert "Geachte mevrouw Zonneveld" in text
    # Visit 2: due 2026-07-15, window 2026-06-17 .. 2026-08-12, in Dutch.
    assert "tussen 17 juni 2026 en 12 augustus 2026" in text
    assert "klinisch onderzoek en X-thorax" in text
    for number in EMERGENCY_NUMBERS:
        assert number in text
    assert "Spoedeisende Hulp" in text


def test_gp_letter_lists_the_schedule_and_no_routine_reason(clinician) -> None:
    plan = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    text = _text(pdf.render_letters([Letter.objects.get(plan=plan)])[0])
    assert "Geachte collega" in text
    assert "15-04-2026" in text and "15-01-2031" in text  # baseline MRI and the last visit
    assert "op indicatie" in text
    for number in EMERGENCY_NUMBERS:
        assert number in text
    no_routine = services.followup_plan_build(tumour=cutaneous_tumour(), user=clinician)
    text = _text(pdf.render_letters([Letter.objects.get(plan=no_routine)])[0])
    assert "geen routinematige controles" in text
    assert "geen routinematige follow-up" in text  # the reason, in Dutch


def test_letter_render_stores_the_pdf_with_its_sha256_and_audits(clinician, secretary) -> None:
    letter = _invitation(clinician, family_name="Bakker")
    doc = letter_services.letter_render(letter=letter, user=secretary)
    data = doc.file.open("rb").read()
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.size == len(data) and doc.pages == 1
    assert AuditEvent.objects.filter(action="export", patient_external_id=letter.patient.external_id).count() == 1


def test_a_print_run_is_one_pdf_with_every_letter_once(clinician) -> None:
    letters = [_invitation(clinician, family_name=f"Persoon{i}") for i in range(5)]
    seen: list[tuple[int, int]] = []
    content, pages = pdf.render_letters(letters, progress=lambda d, t: seen.append((d, t)), chunk=2)
    reader = PdfReader(io.BytesIO(content))
    assert pages == len(reader.pages) == 5
    for i, page in enumerate(reader.pages):
        assert f"Persoon{i}" in page.extract_text()
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_patient_summary_shows_the_recorded_stage_and_the_final_mdo_decision(clinician) -> None:
    from decimal import Decimal

    from mdo import decision_services as mdo_decision_services
    from staging import services as staging_services
    from tests.mdo.factories import MdoCaseFactory, MdoSessionFactory, full_quorum

    tumour = lms_tumour(largest_diameter_cm=Decimal("6.0"), grade="G2", n_category="N0", m_category="M0")
    staging_services.stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                                             size_cm=Decimal("6.0"), grade="G2", n="N0", m="M0")
    session = MdoSessionFactory(original_date=dt.date(2026, 2, 6))
    full_quorum(session)
    case = MdoCaseFactory(session=session, tumour=tumour)
    mdo_decision_services.mdo_decision_finalise(
        case=case, user=clinician, now=dt.datetime(2026, 2, 6, 15, 0, tzinfo=dt.UTC),
        intent="curative", next_steps=["follow_up"], text="Geen adjuvante therapie; follow-up volgens zorgpad",
    )
    services.followup_plan_build(tumour=tumour, user=clinician)
    doc = letter_services.patient_summary_render(patient=tumour.patient, user=clinician, today=dt.date(2026, 11, 1))
    text = _text(doc.file.open("rb").read())
    assert GeneratedDocument.objects.filter(kind="patient_summary").count() == 1
    assert tumour.patient.family_name in text
    assert "IIIA" in text
    assert "CT-thorax" in text or "CT thorax" in text  # the pathway advisor's recommendation, in Dutch
    assert "06-02-2026" in text and "curatief" in text and "Geen adjuvante therapie" in text
    assert "15-01-2031" in text  # the last follow-up visit of the plan
