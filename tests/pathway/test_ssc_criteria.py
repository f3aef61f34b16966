"""Recording the ACR/EULAR 2013 SSc items on a comorbidity (service and page, with a live score)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.factories import ComorbidityFactory
from zorgpad.audit.models import AuditAction, AuditEvent
from zorgpad.pathway.services import comorbidity_ssc_result, ssc_criteria_record
from zorgpad.patients.models import ComorbidityKind

pytestmark = pytest.mark.django_db
SEED = {"skin_thickening_fingers_both_hands_proximal_to_mcp": True, "sclerodactyly": True,
        "anti_rna_polymerase_iii": True}
ALL_FALSE = {
    "skin_thickening_fingers_both_hands_proximal_to_mcp": False, "puffy_fingers": False, "sclerodactyly": False,
    "digital_tip_ulcers": False, "fingertip_pitting_scars": False, "telangiectasia": False,
    "abnormal_nailfold_capillaries": False, "pulmonary_arterial_hypertension": False,
    "interstitial_lung_disease": False, "raynaud_phenomenon": False, "anticentromere": False,
    "anti_topoisomerase_i": False, "anti_rna_polymerase_iii": False, "skin_thickening_sparing_fingers": False,
    "better_explained_by_scleroderma_like_disorder": False,
}


def test_service_stores_every_item_as_a_boolean_and_audits(clinician) -> None:
    comorbidity = ComorbidityFactory(kind=ComorbidityKind.SYSTEMIC_SCLEROSIS)
    ssc_criteria_record(comorbidity=comorbidity, user=clinician, items=SEED)
    comorbidity.refresh_from_db()
    assert comorbidity.ssc_criteria == {**ALL_FALSE, **SEED}
    result = comorbidity_ssc_result(comorbidity)
    assert result is not None and result.score == 16
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert (event.user, event.patient_external_id, event.detail) == (
        clinician, comorbidity.patient.external_id, "fields: ssc_criteria")


@pytest.mark.parametrize(("items", "field"), [
    ({"sclerodactyly": "yes"}, "sclerodactyly"),
    ({"scleroderma": True}, "scleroderma"),
])
def test_service_refuses_bad_items(clinician, items, field) -> None:
    comorbidity = ComorbidityFactory(kind=ComorbidityKind.SYSTEMIC_SCLEROSIS)
    with pytest.raises(ValidationError) as exc:
        ssc_criteria_record(comorbidity=comorbidity, user=clinician, items=items)
    assert field in exc.value.message_dict
    comorbidity.refresh_from_db()
    assert comorbidity.ssc_criteria == {}
    assert AuditEvent.objects.count() == 0


def test_service_only_on_autoimmune_comorbidities(clinician) -> None:
    comorbidity = ComorbidityFactory(kind=ComorbidityKind.IMMUNOSUPPRESSION)
    with pytest.raises(ValidationError):
        ssc_criteria_record(comorbidity=comorbidity, user=clinician, items=SEED)
    other_autoimmune = ComorbidityFactory(kind=ComorbidityKind.OTHER_AUTOIMMUNE)
    ssc_criteria_record(comorbidity=other_autoimmune, user=clinician, items=SEED)


def test_service_refuses_secretaries(secretary) -> None:
    comorbidity = ComorbidityFactory(kind=ComorbidityKind.SYSTEMIC_SCLEROSIS)
    with pytest.raises(PermissionDenied):
        ssc_criteria_record(comorbidity=comorbidity, user=secretary, items=SEED)
    comorbidity.refresh_from_db()
    assert comorbidity.ssc_criteria == {}


def test_page_shows_score_and_saves(clinician_client) -> None:
    comorbidity = ComorbidityFactory(kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, ssc_criteria=SEED)
    url = f"/comorbidities/{comorbidity.external_id}/ssc-criteria/"
    page = clinician_client.get(url).content.decode()
    assert '<strong class="ssc-score">16</strong>' in page
    assert "geclassificeerd als SSc (score 9 of hoger)" in page
    assert "Sclerodactylie van de vingers" in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == 1
    response = clinician_client.post(url, {"sclerodactyly": "on", "raynaud_phenomenon": "on"})
    assert response.status_code == 302
    comorbidity.refresh_from_db()
    assert comorbidity.ssc_criteria == {**ALL_FALSE, "sclerodactyly": True, "raynaud_phenomenon": True}


def test_page_read_only_for_a_secretary(secretary_client) -> None:
    comorbidity = ComorbidityFactory(kind=ComorbidityKind.SYSTEMIC_SCLEROSIS)
    url = f"/comorbidities/{comorbidity.external_id}/ssc-criteria/"
    page = secretary_client.get(url).content.decode()
    assert "Opslaan" not in page
    assert secretary_client.post(url, {"sclerodactyly": "on"}).status_code == 403
    comorbidity.refresh_from_db()
    assert comorbidity.ssc_criteria == {}


def test_live_score_fragment(clinician_client) -> None:
    response = clinician_client.post("/ssc-criteria/preview/", {
        "skin_thickening_fingers_both_hands_proximal_to_mcp": "on", "skin_thickening_sparing_fingers": "on"})
    fragment = response.content.decode()
    assert 'data-classification="not_applicable"' in fragment
    assert "Niet van toepassing vanwege: Huidverdikking die de vingers spaart (exclusie)" in fragment
