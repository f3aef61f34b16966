"""Forms that fit the tumour, in Chromium at 1440 and 390 px: the fields follow the diagnosis (redrawn in place),
a stored value the diagnosis does not ask stays read-only, the staging form offers its system's categories only,
decimals with a comma, no sideways scroll. Screenshots: test-artifacts/screenshots/tumour-form-*, staging-form-*."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from staging.models import StageAssessment
from tests.browser.conftest import shot
from tests.factories import MelanomaFactory, TumourFactory
from zorgpad.patients.models import Depth, Diagnosis, Margin, Tumour

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1440, 390)


def _no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_tumour_form_follows_the_diagnosis_and_keeps_stored_values(page, login_as, clinician) -> None:
    # The case report's melanoma, recorded with a depth and a body-site region (melanoma asks neither).
    tumour = MelanomaFactory(depth=Depth.DERMIS, body_site_region="upper_extremity", margin=Margin.R0,
                             breslow_mm=Decimal("2.6"), body_site="bovenarm")
    login_as(clinician)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/tumours/{tumour.external_id}/edit/")
        expect(page.locator("#id_breslow_mm")).to_have_value("2,60")
        expect(page.locator("#kept-values #id_depth")).to_be_disabled()
        expect(page.locator("[data-field='grade']")).to_have_count(0)
        _no_sideways_scroll(page)
        shot(page, f"tumour-form-melanoma-{width}")

    # Another diagnosis: the fields are redrawn in place (htmx), nothing is saved.
    page.select_option("#id_diagnosis", Diagnosis.SUBCUTANEOUS_LEIOMYOSARCOMA)
    expect(page.locator("[data-field='grade']")).to_be_visible()
    expect(page.locator("#kept-values #id_breslow_mm")).to_be_disabled()
    expect(page.locator("#tumour-fields")).to_contain_text("Er is nog niets opgeslagen")
    _no_sideways_scroll(page)
    shot(page, "tumour-form-changed-to-leiomyosarcoma-390")
    assert Tumour.objects.get(pk=tumour.pk).diagnosis == Diagnosis.CUTANEOUS_MELANOMA

    # Back to melanoma and saved with a decimal comma: the stored depth is kept.
    page.select_option("#id_diagnosis", Diagnosis.CUTANEOUS_MELANOMA)
    expect(page.locator("[data-field='breslow_mm']")).to_be_visible()
    page.fill("#id_breslow_mm", "3,1")
    page.click("button.primary")
    page.wait_for_url(f"**/tumours/{tumour.external_id}/")
    tumour.refresh_from_db()
    assert (tumour.breslow_mm, tumour.depth) == (Decimal("3.10"), Depth.DERMIS)


def test_staging_form_offers_the_chosen_systems_categories(page, login_as, clinician) -> None:
    tumour = TumourFactory(largest_diameter_cm=Decimal("6.5"), grade="G2", n_category="N0", m_category="M0")
    login_as(clinician)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"/tumours/{tumour.external_id}/stage/")
        expect(page.locator("#id_size_cm")).to_have_value("6,50")
        expect(page.locator("#stage-preview")).to_contain_text("6,50 cm > 5 cm en ≤ 10 cm → T2")
        _no_sideways_scroll(page)
        shot(page, f"staging-form-sarcoma-{width}")
    options = page.locator("#id_n option").all_inner_texts()
    assert [o for o in options if o.startswith("N")] == ["N0", "N1", "NX"]

    page.select_option("#id_system", "ajcc8-melanoma")
    expect(page.locator("#id_n option[value='N2b']")).to_have_count(1)  # the form was redrawn for melanoma
    expect(page.locator("#id_m option[value='M1c(1)']")).to_have_count(1)
    page.select_option("#id_n", "N2b")
    page.fill("#id_breslow_mm", "2,6")
    expect(page.locator("#stage-preview")).to_contain_text("2,6 mm > 2,0 mm en ≤ 4,0 mm")  # the live preview
    _no_sideways_scroll(page)
    shot(page, "staging-form-melanoma-390")
    page.select_option("#id_system", "ajcc8-sts-trunk-extremities")
    expect(page.locator("#id_n option[value='N2b']")).to_have_count(0)
    expect(page.locator("#id_n")).to_have_value("")  # N2b does not exist there: nothing chosen, no error
    expect(page.locator(".staging-form")).not_to_contain_text("geen geldige categorie")
    assert StageAssessment.objects.count() == 0
