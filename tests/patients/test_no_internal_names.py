"""No internal field names or reviewer notes reach the clinical pages (issue 15: "Stadiumgroep onbekend:
breslow_mm", a note "voor beoordelaars"): the text people read on the tumour, staging and patient pages is scanned
for the model's snake_case field names."""

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from mdo.models import MdoCase
from staging.models import StageAssessment
from staging.services import stage_assessment_record
from tests.factories import MelanomaFactory, TumourFactory
from zorgpad.patients.models import Diagnosis, Patient, Tumour

pytestmark = pytest.mark.django_db

FIELD_NAMES = {f.name for model in (Tumour, Patient, StageAssessment, MdoCase) for f in model._meta.get_fields()
               if "_" in f.name} | {"size_cm", "breslow_mm", "body_site_region"}
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")


class _Text(HTMLParser):
    """The text a person reads: no attribute values, no script or style."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def internal_names(html: str) -> set[str]:
    return {word for word in SNAKE.findall(visible_text(html)) if word in FIELD_NAMES or "_" in word}


def test_the_scanner_finds_a_field_code() -> None:
    assert internal_names("<p>Stadiumgroep onbekend: breslow_mm</p><input name=\"breslow_mm\">") == {"breslow_mm"}


@pytest.mark.parametrize("language", ["nl", "en"])
def test_tumour_staging_and_patient_pages_show_no_field_codes_or_reviewer_notes(clinician, clinician_client,
                                                                                  language) -> None:
    clinician_client.cookies["django_language"] = language
    # A melanoma without Breslow thickness (stage unknown: the missing inputs are named), a kept value (depth),
    # a leiomyosarcoma with GX (the pathway-table note), and one without body-site region or depth.
    mel = MelanomaFactory(breslow_mm=None, n_category="", m_category="", depth="dermis")
    stage_assessment_record(tumour=mel, user=clinician, classification="pathological")
    lms = TumourFactory(patient=mel.patient, grade="GX", largest_diameter_cm=Decimal("7"))
    stage_assessment_record(tumour=lms, user=clinician, classification="clinical", size_cm=Decimal("7"), grade="GX",
                            n="N0", m="M0")
    bare = TumourFactory(patient=mel.patient, diagnosis=Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM,
                         depth="", body_site_region="", largest_diameter_cm=None, grade="")
    urls = [reverse("patients:detail", args=[mel.patient.external_id]),
            reverse("patients:tumour-create", args=[mel.patient.external_id])]
    for tumour in (mel, lms, bare):
        urls += [reverse("patients:tumour-detail", args=[tumour.external_id]),
                 reverse("patients:tumour-edit", args=[tumour.external_id]),
                 f"/tumours/{tumour.external_id}/stage/"]
    for url in urls:
        response = clinician_client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert internal_names(page) == set(), url
        assert "beoordelaar" not in page and "reviewer" not in page.lower(), url
        assert "->" not in visible_text(page) and "<=" not in visible_text(page), url
    # The pages did carry the lines that once showed the codes, now with their names.
    page = clinician_client.get(reverse("patients:tumour-detail", args=[mel.external_id])).content.decode()
    expected = {"nl": "Stadiumgroep onbekend: Breslow-dikte", "en": "Stage group unknown: Breslow thickness"}
    assert expected[language] in page
