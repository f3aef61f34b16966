"""Staging form and explanations for people (issue 15, item 4): the categories of the chosen system only, numbers
in the notation of the language, "≤" and "→", and no field codes or reviewer notes."""

from decimal import Decimal

import pytest
from django.utils import translation

from staging import calculators
from staging.forms import StageForm
from staging.models import StageAssessment
from staging.rules import melanoma, sts
from tests.factories import MelanomaFactory, TumourFactory
from tests.staging.factories import StageAssessmentFactory
from zorgpad.pathways.text import Msg

pytestmark = pytest.mark.django_db

STS = "ajcc8-sts-trunk-extremities"
HEAD_NECK = "ajcc8-sts-head-neck"
MEL = "ajcc8-melanoma"


def _offered(form: StageForm, name: str) -> list[str]:
    return [value for value, _label in form.fields[name].choices if value]


@pytest.mark.parametrize(("system", "n", "m"), [
    pytest.param(STS, sts.N_CATEGORIES, sts.M_CATEGORIES, id="AJCC 8 ch. 41: N0 N1 NX, M0 M1"),
    pytest.param(HEAD_NECK, sts.N_CATEGORIES, sts.M_CATEGORIES, id="AJCC 8 ch. 40: N0 N1 NX, M0 M1"),
    pytest.param(MEL, melanoma.N_CATEGORIES, melanoma.M_CATEGORIES, id="AJCC 8 ch. 47: subcategories, LDH suffix"),
])
def test_staging_form_offers_only_the_categories_of_the_chosen_system(system, n, m) -> None:
    for form in (StageForm({"system": system}), StageForm(initial={"system": system})):
        assert _offered(form, "n") == list(n)
        assert _offered(form, "m") == list(m)
    if system != MEL:
        assert "N2b" not in _offered(StageForm({"system": system}), "n")


def test_choosing_another_system_redraws_the_form_with_its_categories_and_records_nothing(clinician_client) -> None:
    tumour = MelanomaFactory(n_category="N2b", m_category="M0")
    url = f"/tumours/{tumour.external_id}/stage/"
    page = clinician_client.get(url).content.decode()
    assert '<option value="N2b" selected>' in page
    response = clinician_client.post(url, {"system": STS, "classification": "clinical", "breslow_mm": "2,6",
                                           "n": "N2b", "m": "M0", "refresh": "1"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "geen beschikbare keuze" not in page and "geen geldige categorie" not in page
    assert _offered(response.context["form"], "n") == list(sts.N_CATEGORIES)
    assert response.context["form"]["m"].value() == "M0"  # a category both systems have stays chosen
    assert 'hx-select="form.staging-form"' in page  # the script-driven redraw; the button works without script
    assert StageAssessment.objects.count() == 0


def test_decimal_comma_accepted_and_shown_in_dutch_and_the_limit_in_dutch_notation(clinician_client) -> None:
    fragment = clinician_client.post("/staging/preview/", {
        "system": STS, "classification": "clinical", "size_cm": "6,5", "grade": "G2", "n": "N0", "m": "M0"},
    ).content.decode()
    assert 'data-stage="IIIA"' in fragment
    assert "6,5 cm &gt; 5 cm en ≤ 10 cm → T2" in fragment
    fragment = clinician_client.post("/staging/preview/", {
        "system": STS, "classification": "clinical", "size_cm": "0,001"}).content.decode()
    assert "0,01" in fragment and "0.01" not in fragment
    tumour = TumourFactory(largest_diameter_cm=Decimal("6.50"))
    page = clinician_client.get(f"/tumours/{tumour.external_id}/stage/").content.decode()
    assert 'value="6,50"' in page and "6,50 cm &gt; 5 cm" in page


def test_decimal_point_in_english(clinician_client) -> None:
    clinician_client.cookies["django_language"] = "en"
    fragment = clinician_client.post("/staging/preview/", {
        "system": STS, "classification": "clinical", "size_cm": "6.5", "grade": "G2", "n": "N0", "m": "M0"},
    ).content.decode()
    assert "6.5 cm &gt; 5 cm and ≤ 10 cm → T2" in fragment
    fragment = clinician_client.post("/staging/preview/", {
        "system": STS, "classification": "clinical", "size_cm": "6,5"}).content.decode()
    assert "Check the input" in fragment
    fragment = clinician_client.post("/staging/preview/", {
        "system": STS, "classification": "clinical", "size_cm": "0.001"}).content.decode()
    assert "0.01" in fragment


def test_explanation_signs_in_both_languages_and_stored_ascii_arrows_read_as_signs() -> None:
    stored = [{"template": "%(size)s cm > 5 cm and <= 10 cm -> T2", "params": {"size": "6.0"}},
              {"template": "%(t)s N0 M0 %(grade)s -> stage %(stage)s", "params": {"t": "T2", "grade": "G2",
                                                                             "stage": "IIIA"}}]
    with translation.override("nl"):
        assert calculators.explanation_from_json(stored) == ["6,0 cm > 5 cm en ≤ 10 cm → T2",
                                                             "T2 N0 M0 G2 → stadium IIIA"]
    with translation.override("en"):
        assert calculators.explanation_from_json(stored) == ["6.0 cm > 5 cm and ≤ 10 cm → T2",
                                                             "T2 N0 M0 G2 → stage IIIA"]
    for template in (*(row[2] for row in sts.T_BY_SIZE), sts._STAGE, melanoma._T1B):
        assert "->" not in template and "<=" not in template and ">=" not in template


def test_unknown_stage_names_the_missing_inputs_not_their_field_codes() -> None:
    result = calculators.stage_compute(system=MEL, classification="pathological")
    with translation.override("nl"):
        lines = calculators.stage_result_dict(result)["explanation"]
    assert lines[-1] == "Stadiumgroep onbekend: Breslow-dikte, N-categorie (of de subcategorie), M-categorie"
    assert "breslow_mm" not in " ".join(lines)
    # And a stored line (template + the codes as parameter) reads the same.
    stored = [Msg(melanoma.UNKNOWN_LINE, {"reason": "breslow_mm, n, m"}).to_json()]
    with translation.override("nl"):
        assert calculators.explanation_from_json(stored) == [lines[-1]]


def test_the_stored_reviewer_note_reads_as_a_plain_note(clinician_client) -> None:
    tumour = TumourFactory()
    StageAssessmentFactory(tumour=tumour, explanation=[{"template": (
        "Note for reviewers: the care pathway's table lists only G1 for stage IB; AJCC 8 (NCI PDQ Table 7) stages GX "
        "with G1 in IA and IB, which is followed here."), "params": {}}])
    page = clinician_client.get(f"/tumours/{tumour.external_id}/").content.decode()
    assert "Let op: de tabel in het zorgpad noemt bij stadium IB alleen G1" in page
    assert "beoordelaar" not in page and "reviewer" not in page.lower()
