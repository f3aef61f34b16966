"""The referral letter: a real PDF (magic bytes, not only the name or content type), not larger than the setting."""

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, TextStringObject

from referrals import services
from referrals.models import Referral
from referrals.services import PatientIdentification
from tests.factories import PatientFactory
from zorgpad.audit.models import AuditEvent
from zorgpad.patients.models import Patient

pytestmark = pytest.mark.django_db


def pdf_bytes(padding: int = 0, activate: Callable[[PdfWriter], None] | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    if padding:
        writer.add_metadata({"/Subject": "x" * padding})
    if activate is not None:
        activate(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_of_size(size: int) -> bytes:
    """A readable PDF of exactly `size` bytes (padded in its metadata)."""
    padding = 1
    for _ in range(5):  # offsets in the trailer may gain a digit: correct and try again
        content = pdf_bytes(padding=padding)
        if len(content) == size:
            return content
        padding += size - len(content)
    raise AssertionError(size)


def upload(content: bytes, name: str = "verwijsbrief.pdf", content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _create(user, letter):
    return services.referral_create(
        user=user, identification=PatientIdentification(hospital_number="7200001", family_name="Mees",
                                                        date_of_birth=dt.date(1949, 9, 9)),
        referrer_kind="gp", referrer_name="dr. B", received_on=dt.date(2026, 11, 2), reason="x",
        phase="suspicious_lesion", external_biopsy=False, letter=letter,
    )


def _stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_real_pdf_is_stored_under_a_neutral_name_and_served_to_readers(clinician, clinician_client,
                                                                          settings) -> None:
    content = pdf_bytes()
    referral = _create(clinician, upload(content, name="Brief over mevr. Mees.pdf"))
    assert referral.letter.name == f"referrals/letters/{referral.external_id}.pdf"
    assert referral.letter_name == "Brief over mevr. Mees.pdf"
    assert _stored_files(settings) == [Path(settings.MEDIA_ROOT) / referral.letter.name]
    response = clinician_client.get(reverse("referrals:letter", args=[referral.external_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == f'attachment; filename="verwijzing-{referral.received_on:%Y%m%d}.pdf"'
    assert b"".join(response.streaming_content) == content
    assert AuditEvent.objects.filter(detail="referral letter", patient_external_id=referral.patient.external_id
                                     ).count() == 1


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        pytest.param(b"Geachte collega, ...", "brief.txt", "text/plain", id="wrong type: a text file"),
        pytest.param(b"<html><body>brief</body></html>", "brief.pdf", "application/pdf",
                     id="fake PDF: .pdf name and content type, HTML inside"),
        pytest.param(b"PK\x03\x04 word document", "brief.pdf", "application/pdf", id="fake PDF: a zip/docx"),
        pytest.param(b" %PDF-1.7 shifted", "brief.pdf", "application/pdf", id="signature not at the start"),
        pytest.param(None, "brief.docx", "application/pdf", id="a real PDF under another extension"),
        pytest.param(b"", "leeg.pdf", "application/pdf", id="empty file"),
        pytest.param(b"%PDF-1.7\n<html><script>alert(1)</script></html>", "brief.pdf", "application/pdf",
                     id="a %PDF- header followed by HTML"),
    ],
)
def test_not_a_pdf_is_refused_and_nothing_is_saved(clinician, settings, content, name, content_type) -> None:
    with pytest.raises(ValidationError) as exc:
        _create(clinician, upload(pdf_bytes() if content is None else content, name=name,
                                  content_type=content_type))
    assert set(exc.value.message_dict) == {"letter"}
    assert (Referral.objects.count(), Patient.objects.count(), _stored_files(settings)) == (0, 0, [])


def test_size_limit_is_a_setting_with_an_inclusive_bound(clinician, settings) -> None:
    settings.REFERRALS_LETTER_MAX_BYTES = 2048
    at_limit = pdf_of_size(2048)
    with pytest.raises(ValidationError) as exc:
        _create(clinician, upload(pdf_of_size(2049)))
    assert set(exc.value.message_dict) == {"letter"}
    with pytest.raises(ValidationError) as exc:
        _create(clinician, upload(pdf_of_size(4096)))
    assert exc.value.message_dict["letter"] == ["De brief is te groot (4,0\xa0KB); het maximum is 2,0\xa0KB."]
    assert (Referral.objects.count(), _stored_files(settings)) == (0, [])
    assert _create(clinician, upload(at_limit)).letter


def test_default_maximum_is_10_mb(settings) -> None:
    from zorgpad.settings import base

    assert base.REFERRALS_LETTER_MAX_BYTES == 10 * 1024 * 1024


def test_no_file_is_left_behind_when_the_transaction_fails_after_saving(clinician, settings, monkeypatch) -> None:
    def boom(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_record", boom)
    with pytest.raises(RuntimeError):
        _create(clinician, upload(pdf_bytes()))
    assert (Referral.objects.count(), _stored_files(settings)) == (0, [])


def test_form_upload_of_a_fake_pdf_shows_the_error(clinician_client, settings) -> None:
    patient = PatientFactory()
    response = clinician_client.post(f"{reverse('referrals:create')}?patient={patient.external_id}", {
        "received_on": "2026-11-02", "urgency": "routine", "referrer_kind": "gp", "referrer_name": "dr. B",
        "phase": "sarcoma", "external_biopsy": "false", "reason": "zwelling",
        "letter": upload(b"<html></html>", name="brief.pdf"),
    })
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"letter"}
    assert "geen PDF" in response.content.decode()
    assert (Referral.objects.count(), _stored_files(settings)) == (0, [])


def test_api_upload_multipart(clinician_api, settings) -> None:
    patient = PatientFactory()
    body = {"patient": str(patient.external_id), "referrer_kind": "hospital", "referrer_name": "dr. C",
            "received_on": "2026-11-02", "reason": "Mohs", "phase": "tertiary", "tertiary_route": "direct_surgery",
            "external_biopsy": "true"}
    response = clinician_api.post("/api/v1/referrals/", {**body, "letter": upload(b"GIF89a", name="x.pdf")},
                                  format="multipart")
    assert response.status_code == 400
    assert set(response.json()) == {"letter"}
    assert (Referral.objects.count(), _stored_files(settings)) == (0, [])
    response = clinician_api.post("/api/v1/referrals/", {**body, "letter": upload(pdf_bytes())}, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["has_letter"] is True
    letter = clinician_api.get(f"/api/v1/referrals/{response.json()['id']}/letter/")
    assert letter.status_code == 200
    assert b"".join(letter.streaming_content).startswith(b"%PDF-")


def _add_javascript(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('x');")})
    tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), writer._add_object(action)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})


def _open_action(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('x');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)


def _page_additional_action(writer: PdfWriter) -> None:
    action = DictionaryObject({NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject("x")})
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): writer._add_object(action)})


def _launch_link(writer: PdfWriter) -> None:
    launch = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd")})
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(10), FloatObject(10)]),
        NameObject("/A"): launch,
    })
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


@pytest.mark.parametrize("activate", [
    pytest.param(_add_javascript, id="document JavaScript (/Names /JavaScript)"),
    pytest.param(_open_action, id="/OpenAction running /JS"),
    pytest.param(_page_additional_action, id="a page's /AA"),
    pytest.param(_launch_link, id="a link that /Launches a program"),
])
def test_a_pdf_with_javascript_or_automatic_actions_is_refused(clinician, settings, activate) -> None:
    with pytest.raises(ValidationError) as exc:
        _create(clinician, upload(pdf_bytes(activate=activate)))
    assert exc.value.message_dict == {"letter": [
        "Deze PDF bevat JavaScript of acties die vanzelf starten; zo'n bestand wordt niet aangenomen. "
        "Druk hem af naar een nieuwe PDF en upload die."]}
    assert (Referral.objects.count(), Patient.objects.count(), _stored_files(settings)) == (0, 0, [])


def test_a_pdf_with_an_ordinary_link_is_accepted(clinician) -> None:
    def link(writer: PdfWriter) -> None:
        writer.add_uri(0, "https://www.erasmusmc.nl/", [0, 0, 10, 10])

    assert _create(clinician, upload(pdf_bytes(activate=link))).letter


def test_the_api_serves_the_letter_as_an_attachment(clinician, clinician_api) -> None:
    referral = _create(clinician, upload(pdf_bytes()))
    response = clinician_api.get(f"/api/v1/referrals/{referral.external_id}/letter/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
