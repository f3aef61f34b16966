from decimal import Decimal

import pytest
from playwright.sync_api import expect

from staging.models import StageAssessment
from tests.browser.conftest import shot
from tests.factories import ComorbidityFactory, TumourFactory
from zorgpad.patients.models import ComorbidityKind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clinician_stages_a_sarcoma_with_a_live_preview(page, login_as, clinician) -> None:
    tumour = TumourFactory(largest_diameter_cm=Decimal("4.0"), grade="G2", n_category="N0", m_category="M0")
    login_as(clinician)
    page.goto(f"/tumours/{tumour.external_id}/")
    preview = page.locator("#stage-preview")
    expect(preview.locator("[data-stage='II']")).to_be_visible()  # 4 cm G2: T1 -> II, computed on opening
    expect(page.locator("fieldset[data-system='ajcc8-melanoma']")).to_be_hidden()

    page.fill("#id_size_cm", "7")
    expect(preview.locator("[data-stage='IIIA']")).to_be_visible()  # updated live (htmx), nothing saved
    assert StageAssessment.objects.count() == 0
    page.select_option("#id_grade", "GX")
    expect(preview.locator("[data-stage='IB']")).to_be_visible()
    expect(preview).to_contain_text("de tabel in het zorgpad noemt bij stadium IB alleen G1")
    page.select_option("#id_grade", "")
    expect(preview).to_contain_text("Ontbreekt voor een stadiumgroep: graad")
    page.select_option("#id_grade", "GX")
    expect(preview.locator("[data-stage='IB']")).to_be_visible()
    shot(page, "staging-live-preview")

    page.select_option("#id_system", "ajcc8-melanoma")  # the fields follow the chosen system
    expect(page.locator("fieldset[data-system='ajcc8-melanoma']")).to_be_visible()
    expect(page.locator("fieldset[data-system='ajcc8-sts-trunk-extremities']")).to_be_hidden()
    page.select_option("#id_system", "ajcc8-sts-trunk-extremities")

    page.click("#staging-panel button.primary")
    page.wait_for_url(f"**/tumours/{tumour.external_id}/")
    expect(page.locator("#staging-panel .stage-current")).to_contain_text("cT2 N0 M0 GX — IB (klinisch)")
    assessment = StageAssessment.objects.get()
    assert (assessment.stage, assessment.grade, assessment.assessed_by_id) == ("IB", "GX", clinician.pk)
    expect(page.locator("#pathway-panel [data-code='lms.mdo']")).to_contain_text("elke vrijdag 14.00-15.00")
    shot(page, "staging-tumour-page")


def test_ssc_criteria_score_updates_live(page, login_as, clinician) -> None:
    comorbidity = ComorbidityFactory(kind=ComorbidityKind.SYSTEMIC_SCLEROSIS)
    login_as(clinician)
    page.goto(f"/comorbidities/{comorbidity.external_id}/ssc-criteria/")
    score = page.locator("#ssc-result .ssc-score")
    expect(score).to_have_text("0")
    page.check("#id_skin_thickening_fingers_both_hands_proximal_to_mcp")
    expect(score).to_have_text("9")
    page.check("#id_sclerodactyly")
    page.check("#id_anti_rna_polymerase_iii")
    expect(score).to_have_text("16")
    expect(page.locator("#ssc-result")).to_contain_text("geclassificeerd als SSc")
    shot(page, "ssc-criteria")
    page.click("button.primary")
    page.wait_for_url(f"**/patients/{comorbidity.patient.external_id}/")
    expect(page.locator("#staging-summary")).to_contain_text("16")
    comorbidity.refresh_from_db()
    assert comorbidity.ssc_criteria["sclerodactyly"] is True
