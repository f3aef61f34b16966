"""Forms that fit the tumour (issue 15, item 4): the fields by diagnosis, stored values the diagnosis does not ask
kept read-only, decimals in the notation of the language."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories import MelanomaFactory, PatientFactory, TumourFactory
from zorgpad.patients import services, tumour_fields
from zorgpad.patients.models import Depth, Diagnosis, Laterality, Margin, Tumour

pytestmark = pytest.mark.django_db

RECORD = {"diagnosis", "body_site", "laterality", "date_of_diagnosis", "date_of_surgery", "pathology_source",
          "revision_status", "status", "notes", "n_category", "m_category", "margin"}
SARCOMA = {"body_site_region", "depth", "largest_diameter_cm", "invasion_adjoining_structures", "grade", "operable"}
MELANOMA = {"breslow_mm", "ulceration", "sentinel_node", "sentinel_deposit_mm", "braf_v600", "kit", "melanoma_events",
            "adjuvant", "adjuvant_start", "adjuvant_end", "adjuvant_reason_code", "adjuvant_reason"}


def test_the_table_names_every_field_the_service_and_api_take_and_only_those() -> None:
    """One table: a field added to the record (services.TUMOUR_FIELDS) without a row here fails, and vice versa."""
    assert sorted(tumour_fields.FIELD_NAMES) == sorted(services.TUMOUR_FIELDS)
    model_fields = {f.name for f in Tumour._meta.get_fields()}
    assert set(tumour_fields.FIELD_NAMES) <= model_fields
    assert len(set(tumour_fields.FIELD_NAMES)) == len(tumour_fields.FIELD_NAMES)


@pytest.mark.parametrize(("diagnosis", "expected"), [
    pytest.param(Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, RECORD | SARCOMA,
                 id="leiomyosarcoma: branch, AJCC 8 ch. 40/41 inputs, margin and operability (lms pathway)"),
    pytest.param(Diagnosis.ATYPICAL_INTRADERMAL_SMOOTH_MUSCLE_NEOPLASM, RECORD | SARCOMA,
                 id="atypical intradermal smooth muscle neoplasm: same pathway, same fields"),
    pytest.param(Diagnosis.CUTANEOUS_MELANOMA, RECORD | MELANOMA,
                 id="melanoma: AJCC 8 ch. 47 Breslow, ulceration, N, M; margin (adjuvant after resection)"),
    pytest.param(Diagnosis.OTHER, RECORD | SARCOMA | {"diagnosis_other"},
                 id="other: all the record accepts (chapter chosen by a clinician), Breslow/ulceration excepted"),
    pytest.param("", RECORD, id="no diagnosis yet: the fields every diagnosis asks"),
])
def test_fields_by_diagnosis(diagnosis, expected) -> None:
    assert set(tumour_fields.fields_for(diagnosis)) == expected


@pytest.mark.parametrize("diagnosis", list(Diagnosis))
def test_the_edit_form_asks_the_fields_of_the_diagnosis(clinician_client, diagnosis) -> None:
    tumour = TumourFactory(diagnosis=diagnosis, diagnosis_other="angiosarcoom" if diagnosis == Diagnosis.OTHER else "",
                           depth="", largest_diameter_cm=None, grade="", margin="", n_category="", m_category="",
                           body_site_region="")
    response = clinician_client.get(reverse("patients:tumour-edit", args=[tumour.external_id]))
    form = response.context["form"]
    assert {f.name for f in form.asked_fields} == set(tumour_fields.fields_for(diagnosis))
    assert form.kept_fields == []
    page = response.content.decode()
    for name in tumour_fields.FIELD_NAMES:
        assert (f'data-field="{name}"' in page) == (name in tumour_fields.fields_for(diagnosis)), name


def _post(tumour: Tumour, **changes: str) -> dict[str, str]:
    data = {
        "diagnosis": tumour.diagnosis, "body_site": tumour.body_site, "laterality": tumour.laterality,
        "date_of_diagnosis": tumour.date_of_diagnosis.isoformat(), "pathology_source": tumour.pathology_source,
        "revision_status": tumour.revision_status, "status": tumour.status, "n_category": tumour.n_category,
        "m_category": tumour.m_category, "breslow_mm": str(tumour.breslow_mm or "").replace(".", ","),
        "ulceration": "unknown", "margin": tumour.margin, "shown_for": tumour.diagnosis, "notes": "",
    }
    data.update(changes)
    return data


def test_a_stored_value_the_diagnosis_does_not_ask_is_shown_read_only_and_kept_on_save(clinician_client) -> None:
    """The case-report melanoma was recorded with a depth (dermis) and a body-site region: melanoma asks neither."""
    tumour = MelanomaFactory(depth=Depth.DERMIS, body_site_region="upper_extremity", margin=Margin.R0)
    url = reverse("patients:tumour-edit", args=[tumour.external_id])
    response = clinician_client.get(url)
    form = response.context["form"]
    kept = {field.name for field, _remove in form.kept_fields}
    assert kept == {"depth", "body_site_region"}
    assert all(field.field.disabled for field, _remove in form.kept_fields)
    page = response.content.decode()
    assert "Eerder vastgelegd, niet gevraagd bij deze diagnose" in page
    assert re.search(r'<select name="depth"[^>]*\bdisabled\b', page)
    assert 'name="remove_depth"' in page
    # Saved with a forged depth in the POST: a disabled field takes the stored value, never the posted one.
    response = clinician_client.post(url, _post(tumour, notes="gecontroleerd", depth="deep"))
    assert response.status_code == 302, response.content.decode()[:2000]
    tumour.refresh_from_db()
    assert (tumour.notes, tumour.depth, tumour.body_site_region) == ("gecontroleerd", Depth.DERMIS, "upper_extremity")


def test_a_kept_value_goes_only_when_the_user_ticks_remove(clinician_client) -> None:
    tumour = MelanomaFactory(depth=Depth.DERMIS, margin=Margin.R0)
    url = reverse("patients:tumour-edit", args=[tumour.external_id])
    response = clinician_client.post(url, _post(tumour, remove_depth="on"))
    assert response.status_code == 302
    tumour.refresh_from_db()
    assert tumour.depth == ""


def test_a_changed_diagnosis_first_shows_its_fields_and_saves_nothing(clinician_client) -> None:
    tumour = MelanomaFactory(depth="", body_site_region="", margin=Margin.R0)
    url = reverse("patients:tumour-edit", args=[tumour.external_id])
    response = clinician_client.post(url, _post(tumour, diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA))
    assert response.status_code == 200
    assert response.context["refreshed"] is True
    form = response.context["form"]
    assert "grade" in {f.name for f in form.asked_fields}
    # The melanoma's Breslow thickness is kept, read-only, under the leiomyosarcoma's fields.
    assert [field.name for field, _remove in form.kept_fields] == ["breslow_mm", "ulceration"]
    assert "Er is nog niets opgeslagen" in response.content.decode()
    tumour.refresh_from_db()
    assert tumour.diagnosis == Diagnosis.CUTANEOUS_MELANOMA


def test_saving_another_diagnosis_asks_to_remove_what_it_forbids_and_never_drops_it_silently(clinician_client) -> None:
    tumour = MelanomaFactory(depth="", body_site_region="", margin=Margin.R0, ulceration=None)
    url = reverse("patients:tumour-edit", args=[tumour.external_id])
    lms_value = Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA
    lms = _post(tumour, diagnosis=lms_value, shown_for=lms_value)
    response = clinician_client.post(url, lms)
    assert response.status_code == 200
    assert "breslow_mm" in response.context["form"].errors
    tumour.refresh_from_db()
    assert (tumour.diagnosis, tumour.breslow_mm) == (Diagnosis.CUTANEOUS_MELANOMA, Decimal("2.6"))
    response = clinician_client.post(url, {**lms, "remove_breslow_mm": "on"})
    assert response.status_code == 302
    tumour.refresh_from_db()
    assert (tumour.diagnosis, tumour.breslow_mm) == (Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, None)


def _new_tumour(**changes: str) -> dict[str, str]:
    data = {"diagnosis": Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, "body_site": "bovenbeen", "laterality": Laterality.LEFT,
            "body_site_region": "lower_extremity", "depth": Depth.SUBCUTIS, "largest_diameter_cm": "6,50",
            "grade": "G2", "n_category": "N0", "m_category": "M0", "date_of_diagnosis": "2026-01-05",
            "pathology_source": "own", "revision_status": "not_needed", "status": "diagnosed", "margin": "",
            "operable": "unknown", "invasion_adjoining_structures": "unknown", "notes": "",
            "shown_for": Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA}
    data.update(changes)
    return data


def test_a_new_tumour_asks_the_diagnosis_first_and_the_button_shows_its_fields(clinician_client) -> None:
    patient = PatientFactory()
    url = reverse("patients:tumour-create", args=[patient.external_id])
    response = clinician_client.get(url)
    assert {f.name for f in response.context["form"].asked_fields} == set(tumour_fields.fields_for(""))
    response = clinician_client.post(url, {"diagnosis": Diagnosis.CUTANEOUS_MELANOMA, "body_site": "rug",
                                           "shown_for": "", "refresh": "1"})
    assert response.status_code == 200
    assert "breslow_mm" in {f.name for f in response.context["form"].asked_fields}
    assert response.context["form"]["body_site"].value() == "rug"  # what was typed stays
    assert not Tumour.objects.filter(patient=patient).exists()


def test_decimal_comma_is_accepted_and_shown_in_dutch(clinician_client) -> None:
    patient = PatientFactory(date_of_birth=dt.date(1950, 1, 1))
    response = clinician_client.post(reverse("patients:tumour-create", args=[patient.external_id]), _new_tumour())
    assert response.status_code == 302, response.context["form"].errors
    tumour = Tumour.objects.get(patient=patient)
    assert tumour.largest_diameter_cm == Decimal("6.50")
    page = clinician_client.get(reverse("patients:tumour-edit", args=[tumour.external_id])).content.decode()
    assert 'value="6,50"' in page and 'inputmode="decimal"' in page
    detail = clinician_client.get(reverse("patients:tumour-detail", args=[tumour.external_id])).content.decode()
    assert "6,50 cm" in detail
    # A point typed in the Dutch UI is still a decimal point (no thousands separator), never 650.
    response = clinician_client.post(reverse("patients:tumour-edit", args=[tumour.external_id]),
                                     _new_tumour(largest_diameter_cm="7.5"))
    assert response.status_code == 302
    tumour.refresh_from_db()
    assert tumour.largest_diameter_cm == Decimal("7.50")


def test_decimal_point_in_english_and_the_comma_refused_there(clinician_client) -> None:
    clinician_client.cookies["django_language"] = "en"
    patient = PatientFactory(date_of_birth=dt.date(1950, 1, 1))
    url = reverse("patients:tumour-create", args=[patient.external_id])
    response = clinician_client.post(url, _new_tumour(largest_diameter_cm="6,50"))
    assert response.status_code == 200 and "largest_diameter_cm" in response.context["form"].errors
    response = clinician_client.post(url, _new_tumour(largest_diameter_cm="6.50"))
    assert response.status_code == 302
    tumour = Tumour.objects.get(patient=patient)
    page = clinician_client.get(reverse("patients:tumour-edit", args=[tumour.external_id])).content.decode()
    assert 'value="6.50"' in page


def test_the_api_keeps_json_numbers(clinician_api) -> None:
    tumour = TumourFactory(largest_diameter_cm=Decimal("6.50"))
    data = clinician_api.get(f"/api/v1/tumours/{tumour.external_id}/").json()
    assert data["largest_diameter_cm"] in ("6.50", 6.5)


@pytest.mark.parametrize(("diagnosis", "n_offered", "m_offered"), [
    pytest.param(Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA, ["N0", "N1", "NX"], ["M0", "M1"], id="AJCC 8 ch. 40/41"),
    pytest.param(Diagnosis.CUTANEOUS_MELANOMA, ["N0", "N1a", "N1b", "N1c", "N2a", "N2b", "N2c", "N3a", "N3b", "N3c",
                                                "NX"], None, id="AJCC 8 ch. 47: N with subcategory"),
])
def test_the_tumour_form_offers_the_tnm_categories_of_the_diagnosis(clinician_client, diagnosis, n_offered,
                                                                    m_offered) -> None:
    tumour = TumourFactory(diagnosis=diagnosis, n_category="", m_category="", depth="", body_site_region="",
                           largest_diameter_cm=None, grade="")
    form = clinician_client.get(reverse("patients:tumour-edit", args=[tumour.external_id])).context["form"]
    assert [v for v, _label in form.fields["n_category"].choices if v] == n_offered
    m_values = [v for v, _label in form.fields["m_category"].choices if v]
    if m_offered is not None:
        assert m_values == m_offered
    else:
        assert "M1c(1)" in m_values and "M1" in m_values


def test_a_stored_category_of_another_chapter_stays_offered_and_chosen(clinician_client) -> None:
    tumour = MelanomaFactory(n_category="N2b", depth="", body_site_region="")
    url = reverse("patients:tumour-edit", args=[tumour.external_id])
    response = clinician_client.post(url, _post(tumour, diagnosis=Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA))
    form = response.context["form"]  # redrawn for the leiomyosarcoma, the melanoma's N2b still there
    assert [v for v, _label in form.fields["n_category"].choices if v] == ["N0", "N1", "NX", "N2b"]
    assert '<option value="N2b" selected>' in response.content.decode()


def test_melanoma_events_are_typed_as_words_and_dates_as_the_language_writes_them() -> None:
    """The dated events field takes "dd-mm-jjjj in-transit [bij diagnose]" (no internal codes to learn) and names
    the line it cannot read."""
    from django import forms as django_forms
    from django.utils import translation

    from zorgpad.patients.forms import MelanomaEventsField

    field = MelanomaEventsField(required=False)
    with translation.override("nl"):
        events = field.clean("15-06-2016 in-transit bij diagnose\n\n20-08-2026 Lymfeklier")
        assert events == [{"date": "2016-06-15", "kind": "in_transit", "at_diagnosis": True},
                          {"date": "2026-08-20", "kind": "regional_node", "at_diagnosis": False}]
        assert field.prepare_value(events) == "15-06-2016 in-transit bij diagnose\n20-08-2026 lymfeklier"
        with pytest.raises(django_forms.ValidationError) as error:
            field.clean("15-06-2016 in-transit\n2017 ergens")
        assert "Regel 2" in str(error.value) and "satelliet" in str(error.value)
    with translation.override("en"):
        assert field.prepare_value(events) == "15-06-2016 in-transit at diagnosis\n20-08-2026 lymph-node"
