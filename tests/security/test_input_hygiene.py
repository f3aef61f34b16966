"""Input hygiene (issue 14): NUL, text-direction controls, non-ASCII digits and deeply nested JSON are refused
with a 400 that names the field, in one place (zorgpad.input_hygiene), before any view runs; nothing is written.

The first tests are the server errors (500) that a hostile client found; each was a 500 before.
"""

import datetime as dt
import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from mdo.models import MdoCase
from tests.factories import ComorbidityFactory, PatientFactory, TumourFactory
from tests.mdo.factories import MdoSessionFactory
from zorgpad.audit.models import AuditEvent
from zorgpad.input_hygiene import TooDeep, json_walk
from zorgpad.patients.models import Comorbidity, Patient

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "De tekst bevat een NUL-teken; dat is niet toegestaan."


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# --- the 500s ---------------------------------------------------------------------------------------


def test_nul_in_a_cases_presenting_clinician_is_a_400_not_a_500(clinician_api) -> None:
    session = MdoSessionFactory(original_date=dt.date.today() + dt.timedelta(weeks=3))
    body = {"tumour": str(TumourFactory().external_id), "question": "Beleid?", "presenting_clinician": "clin\x00ician"}
    response = clinician_api.post(f"/api/v1/mdo/sessions/{session.external_id}/cases/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"presenting_clinician": [NUL_MESSAGE]}
    assert not MdoCase.objects.exists()


def test_nul_in_an_ssc_criteria_key_is_a_400_not_a_500(clinician_api) -> None:
    comorbidity = ComorbidityFactory(ssc_criteria={})
    response = clinician_api.patch(f"/api/v1/comorbidities/{comorbidity.external_id}/",
                                   {"ssc_criteria": {"a\x00b": True}}, format="json")
    assert response.status_code == 400
    assert response.json() == {"ssc_criteria.a\x00b": [NUL_MESSAGE]}
    assert Comorbidity.objects.get(pk=comorbidity.pk).ssc_criteria == {}


def test_nul_in_the_audit_logs_user_filter_is_a_400_not_a_500(admin_client_) -> None:
    before = AuditEvent.objects.count()
    response = admin_client_.get("/audit/", {"user": "beheer\x00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Invoer geweigerd" in page and NUL_MESSAGE in page and "user" in page
    assert AuditEvent.objects.count() == before


def test_nul_in_the_letter_previews_hospital_number_is_a_400_not_a_500(admin_client_) -> None:
    response = admin_client_.get("/followup/templates/preview/invitation.html", {"hospital_number": "12\x0034"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/auth/token/", "/api/v1/patients/"])
def test_deeply_nested_json_is_a_400_not_a_500(url, clinician_api) -> None:
    client = APIClient() if "token" in url else clinician_api
    response = client.post(url, _nested(100_000), content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "De JSON is te diep genest (meer dan 20 niveaus)."}
    assert not Patient.objects.exists()


# --- the rules --------------------------------------------------------------------------------------


def test_json_walk_counts_levels_of_arrays_and_objects_not_brackets_in_strings() -> None:
    data = json.loads('{"a": [1, {"b": "[[[[{{{"}]}')
    assert sorted(json_walk(data, max_depth=3)) == [("a", "a"), ("a.1.b", "[[[[{{{"), ("a.1.b", "b")]
    with pytest.raises(TooDeep):
        list(json_walk(data, max_depth=2))
    assert list(json_walk(json.loads(_nested(20)), max_depth=20)) == []
    with pytest.raises(TooDeep):
        list(json_walk(json.loads(_nested(21)), max_depth=20))


def test_json_at_the_depth_limit_passes_and_one_deeper_is_refused(clinician_api) -> None:
    at_limit = clinician_api.post("/api/v1/ssc-criteria/", _nested(20), content_type="application/json")
    assert at_limit.status_code == 400 and "diep" not in at_limit.content.decode()  # the serializer's answer
    deeper = clinician_api.post("/api/v1/ssc-criteria/", _nested(21), content_type="application/json")
    assert deeper.status_code == 400 and "te diep genest" in deeper.json()["detail"]


BIDI = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]


@pytest.mark.parametrize("char", BIDI, ids=[f"U+{ord(c):04X}" for c in BIDI])
def test_text_direction_controls_in_a_name_are_refused_by_the_api(char, secretary_api) -> None:
    patient = PatientFactory()
    response = secretary_api.patch(f"/api/v1/patients/{patient.external_id}/",
                                   {"family_name": f"Jansen{char}nesnaJ"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["family_name"] and "U+202A" in response.json()["family_name"][0]
    patient.refresh_from_db()
    assert char not in patient.family_name


def test_text_direction_control_in_a_form_is_refused_with_a_page(secretary_client) -> None:
    response = secretary_client.post("/patients/new/", {"family_name": "Jansen\u202e", "hospital_number": "123456"})
    assert response.status_code == 400
    assert "family_name" in response.content.decode()
    assert not Patient.objects.exists()


# Characters just outside the refused ranges stay allowed (U+2029 paragraph separator, U+202F narrow no-break
# space, U+2065 unassigned, U+206A), as do letters with accents.
@pytest.mark.parametrize("text", ["Jan\u202fde Vries", "Müller-Lüdenscheidt", "Ça\u2029va", "x\u206ay"])
def test_neighbouring_characters_are_not_refused(text, secretary_api) -> None:
    patient = PatientFactory()
    response = secretary_api.patch(f"/api/v1/patients/{patient.external_id}/", {"given_names": text}, format="json")
    assert response.status_code == 200, response.json()


FOREIGN_DIGITS = {"full-width": "\uff15", "Arabic-Indic": "\u0665", "Devanagari": "\u096b"}  # each a 5


@pytest.mark.parametrize("digit", FOREIGN_DIGITS.values(), ids=FOREIGN_DIGITS.keys())
def test_identifiers_and_numbers_take_ascii_digits_only(digit, secretary_api, clinician_api) -> None:
    patient = PatientFactory()
    for field, value in [("hospital_number", f"12345{digit}"), ("bsn", f"11122233{digit}"),
                         ("postal_code", f"301{digit} GD")]:
        response = secretary_api.patch(f"/api/v1/patients/{patient.external_id}/", {field: value}, format="json")
        assert response.status_code == 400, field
        assert "0-9" in response.json()[field][0]
    tumour = TumourFactory(patient=patient)
    response = clinician_api.patch(f"/api/v1/tumours/{tumour.external_id}/", {"size_cm": f"{digit}.5"},
                                   format="json")
    assert response.status_code == 400 and "0-9" in response.json()["size_cm"][0]
    fresh = Patient.objects.get(pk=patient.pk)
    assert (fresh.hospital_number, fresh.bsn, fresh.postal_code) == (
        patient.hospital_number, patient.bsn, patient.postal_code)


def test_full_width_digits_in_a_form_are_refused(secretary_client) -> None:
    full_width = "\uff11\uff12\uff13\uff14\uff15\uff16"  # 123456
    response = secretary_client.post("/patients/new/", {"hospital_number": full_width, "family_name": "Jansen"})
    assert response.status_code == 400
    assert "0-9" in response.content.decode()
    assert not Patient.objects.exists()


def test_a_password_may_hold_any_digit_but_not_nul(clinician) -> None:
    password = "geheim-\uff15-wachtwoord"
    clinician.set_password(password)
    clinician.save()
    assert Client().post(reverse("login"), {"username": "clinician", "password": password}).status_code == 302
    assert Client().post(reverse("login"), {"username": "clinician", "password": "x\x00"}).status_code == 400


def test_nul_in_a_query_string_key_is_refused(clinician_api) -> None:
    response = clinician_api.get("/api/v1/patients/", {"a\x00": "1"})
    assert response.status_code == 400 and response.json() == {"a\x00": [NUL_MESSAGE]}


def test_json_body_is_read_by_the_view_after_the_check(secretary_api) -> None:
    patient = PatientFactory()
    body = json.dumps({"given_names": "Anna Maria"})
    response = secretary_api.patch(f"/api/v1/patients/{patient.external_id}/", body, content_type="application/json")
    assert response.status_code == 200
    assert Patient.objects.get(pk=patient.pk).given_names == "Anna Maria"


def test_nul_in_a_multipart_api_field_is_refused_and_a_json_only_api_still_answers_415(clinician_api) -> None:
    from referrals.models import Referral

    body = {"patient": str(PatientFactory().external_id), "referrer_kind": "gp", "referrer_name": "dr.\x00B",
            "received_on": "2026-11-02", "reason": "x", "phase": "suspicious_lesion", "external_biopsy": "false"}
    response = clinician_api.post("/api/v1/referrals/", body, format="multipart")
    assert response.status_code == 400 and response.json() == {"referrer_name": [NUL_MESSAGE]}
    assert not Referral.objects.exists()
    # The staging calculator takes JSON only: a form, even with a NUL in it, is a 415 from DRF.
    assert clinician_api.post("/api/v1/staging/", {"system": "x\x00"}, format="multipart").status_code == 415
