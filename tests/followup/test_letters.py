import datetime as dt
import hashlib
import io
import sys
import types
from dataclasses import dataclass

import pytest
from pypdf import PdfReader

from followup import pdf, services
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
    services.reminder_scan(today=dt.date(2026, 6, 5))
    return Letter.objects.get(kind="invitation", patient=tumour.patient)


def test_invitation_letter_content(clinician) -> None:
    letter = _invitation(clinician, family_name="Zonneveld", initials="M.", sex="F")
    content, pages = pdf.render_letters([letter])
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
    doc = services.letter_render(letter=letter, user=secretary)
    data = doc.file.open("rb").read()
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.size == len(data) and doc.pages == 1
    assert AuditEvent.objects.filter(action="export", patient_external_id=letter.patient.external_id).count() == 1


def test_patient_summary_without_staging_and_mdo_says_not_available(clinician, monkeypatch) -> None:
    # Either capability missing (not installed): the import fails and the summary says so.
    monkeypatch.setitem(sys.modules, "staging.selectors", None)
    monkeypatch.setitem(sys.modules, "mdo.selectors", None)
    tumour = lms_tumour()
    services.followup_plan_build(tumour=tumour, user=clinician)
    doc = services.patient_summary_render(patient=tumour.patient, user=clinician, today=dt.date(2026, 11, 1))
    text = _text(doc.file.open("rb").read())
    assert tumour.patient.family_name in text
    assert "Stadiëring is niet beschikbaar" in text
    assert "MDO-besluiten zijn niet beschikbaar" in text
    assert "15-01-2031" in text
    assert GeneratedDocument.objects.filter(kind="patient_summary").count() == 1


@dataclass
class _Stage:
    label: str


@dataclass
class _Rec:
    code: str
    kind: str
    severity: str
    text: str
    source: str


@dataclass
class _Advice:
    stage: _Stage | None
    recommendations: list[_Rec]


@dataclass
class _Decision:
    session_date: dt.date
    mdo_type_name: str
    tumour: str
    intent: str
    next_step: str
    text: str
    finalised_at: dt.datetime | None


def test_patient_summary_uses_the_staging_and_mdo_contracts(clinician, monkeypatch) -> None:
    tumour = lms_tumour()
    calls: dict[str, object] = {}

    def tumour_advice_map(*, tumour_ids, today):  # type: ignore[no-untyped-def]
        calls["staging"] = (tuple(tumour_ids), today)
        advice = _Advice(_Stage("IIIA"), [_Rec("x", "advice", "info", "CT thorax ter stadiëring", "zorgpad")])
        return {tumour.pk: advice}

    def patient_decisions(*, patient):  # type: ignore[no-untyped-def]
        calls["mdo"] = patient.pk
        return [_Decision(dt.date(2026, 2, 6), "MDO Sarcomen", "bovenbeen", "curatief", "follow-up",
                          "Geen adjuvante therapie", None)]

    monkeypatch.setitem(sys.modules, "staging.selectors",
                        types.SimpleNamespace(tumour_advice_map=tumour_advice_map))
    monkeypatch.setitem(sys.modules, "mdo.selectors", types.SimpleNamespace(patient_decisions=patient_decisions))
    content, _ = pdf.render_patient_summary(patient=tumour.patient, today=dt.date(2026, 11, 1))
    text = _text(content)
    assert calls == {"staging": ((tumour.pk,), dt.date(2026, 11, 1)), "mdo": tumour.patient.pk}
    assert "IIIA" in text and "CT thorax ter stadiëring" in text
    assert "MDO Sarcomen" in text and "Geen adjuvante therapie" in text
    assert "niet beschikbaar" not in text


def test_a_print_run_is_one_pdf_with_every_letter_once(clinician) -> None:
    letters = [_invitation(clinician, family_name=f"Persoon{i}") for i in range(5)]
    seen: list[tuple[int, int]] = []
    content, pages = pdf.render_letters(letters, progress=lambda d, t: seen.append((d, t)), chunk=2)
    reader = PdfReader(io.BytesIO(content))
    assert pages == len(reader.pages) == 5
    for i, page in enumerate(reader.pages):
        assert f"Persoon{i}" in page.extract_text()
    assert seen == [(2, 5), (4, 5), (5, 5)]


def test_patient_summary_shows_the_stage_recorded_by_the_staging_app(clinician, monkeypatch) -> None:
    from decimal import Decimal

    from staging import services as staging_services

    monkeypatch.setitem(sys.modules, "mdo.selectors", None)
    tumour = lms_tumour(largest_diameter_cm=Decimal("6.0"), grade="G2", n_category="N0", m_category="M0")
    staging_services.stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                                             size_cm=Decimal("6.0"), grade="G2", n="N0", m="M0")
    services.followup_plan_build(tumour=tumour, user=clinician)
    content, _ = pdf.render_patient_summary(patient=tumour.patient, today=dt.date(2026, 11, 1))
    text = _text(content)
    assert "IIIA" in text
    assert "CT-thorax" in text or "CT thorax" in text  # the pathway advisor's recommendation, in Dutch
    assert "Stadiëring is niet beschikbaar" not in text
    assert "MDO-besluiten zijn niet beschikbaar" in text
