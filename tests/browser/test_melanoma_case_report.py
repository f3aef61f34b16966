"""The case report's patient walked through the melanoma pathway in real Chromium (issue 16), in one session:
pT3a N2b M0 (2014) -> pathological IIIB; the clinician records BRAF and KIT wild-type and adjuvant immunotherapy not
given (contraindication: systemic sclerosis) on the tumour form, then the dated recurrences (in-transit 2016 and
2017, the axillary lymph-node metastasis). The tumour page heads with the melanoma pathway (never the
leiomyosarcoma pathway), advises the melanoma-centre MDO, adjuvant therapy to discuss with anti-PD-1 as the only
option named, flags the autoimmune disease, and after the recurrences the follow-up is "centre to decide"."""

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from staging.services import stage_assessment_record
from tests.browser.conftest import shot
from tests.factories import PatientFactory, TumourFactory
from zorgpad.accounts.roles import Role
from zorgpad.patients.models import Comorbidity, ComorbidityKind, Diagnosis, Tumour

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_case_report_patient_through_the_melanoma_pathway(page, login_as, make_user) -> None:  # type: ignore[no-untyped-def]
    clinician = make_user(Role.CLINICIAN, username="arts", first_name="Eva", last_name="de Vries")
    patient = PatientFactory(family_name="Dam", family_name_prefix="van", given_names="Gerrit", initials="G.",
                             sex="M", date_of_birth=dt.date(1949, 3, 14))
    Comorbidity.objects.create(patient=patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, anti_rna_polymerase_iii=True,
                               description="Systemische sclerose (paraneoplastisch)", onset_date=dt.date(2026, 8, 1))
    tumour = TumourFactory(patient=patient, diagnosis=Diagnosis.CUTANEOUS_MELANOMA, body_site="rechter bovenarm",
                           depth="dermis", largest_diameter_cm=None, grade="", breslow_mm=Decimal("2.6"),
                           ulceration=False, n_category="N2b", m_category="M0", date_of_diagnosis=dt.date(2014, 5, 20),
                           date_of_surgery=dt.date(2014, 6, 10), margin="R0")
    stage_assessment_record(tumour=tumour, user=clinician, classification="pathological",
                            breslow_mm=Decimal("2.6"), ulceration=False, n="N2b", m="M0")
    login_as(clinician)

    page.goto(f"/tumours/{tumour.external_id}/")
    expect(page.get_by_text("pT3a N2b M0 — IIIB (pathologisch)").first).to_be_visible()
    body = page.locator("body")
    # The open items as the tumour page lists them (the patient banner above repeats them in short).
    items = page.get_by_role("region", name="Open zorgpaditems")
    expect(body).to_contain_text("Zorgpad cutaan melanoom")
    expect(items.locator('[data-item="mel.melanoma-centre-mdo"]')).to_contain_text("aangewezen melanoomcentrum")
    expect(items.locator('[data-item="mel.adjuvant-discuss"]')).to_contain_text("bespreek adjuvante systemische")
    expect(items.locator('[data-item="mel.braf-needed"]')).to_be_visible()  # BRAF not recorded yet
    expect(items.locator('[data-item="mel.autoimmune-flag"]')).to_contain_text("geen contra-indicatie")
    expect(page.locator('[data-code="alert.immunotherapy-autoimmune"]').first).to_be_visible()
    sign_off = page.locator('[data-code="centre.mel.pathway-sign-off"]').first
    expect(sign_off).to_contain_text("Afgeleid van de landelijke")
    assert "leiomyosarcoom" not in page.content().lower()

    # The tumour form (melanoma only): BRAF and KIT wild-type, adjuvant immunotherapy not given (contraindication).
    page.get_by_role("link", name="Tumor wijzigen").click()
    page.select_option("select[name=braf_v600]", "wild_type")
    page.select_option("select[name=kit]", "wild_type")
    page.select_option("select[name=adjuvant]", "not_given")
    page.select_option("select[name=adjuvant_reason_code]", "contraindication")
    page.fill("input[name=adjuvant_reason]", "Kans op verergering van de systemische sclerose.")
    page.get_by_role("button", name="Opslaan").click()
    expect(items.locator('[data-item="mel.adjuvant-options.wild-type"]')).to_contain_text("anti-PD-1")
    expect(items.locator('[data-item="mel.braf-needed"]')).to_have_count(0)
    expect(items.locator('[data-item="mel.adjuvant-options.mutant"]')).to_have_count(0)
    expect(page.locator('[data-deviation="mel.adjuvant-discuss"]')).to_contain_text("contra-indicatie")
    expect(items.locator('[data-item="mel.followup.iiib-d-no-adjuvant"]')).to_be_visible()  # before the recurrences
    shot(page, "melanoma-case-report-iiib")

    # The recurrences, dated: in-transit 2016 and 2017, the axillary lymph-node metastasis.
    page.get_by_role("link", name="Tumor wijzigen").click()
    page.fill("textarea[name=melanoma_events]",
              "15-06-2016 in-transit\n15-06-2017 in-transit\n20-08-2026 lymfeklier")
    page.get_by_role("button", name="Opslaan").click()
    expect(items.locator('[data-item="mel.followup.recurrence"]')).to_contain_text(
        "nog niet bepaald, het centrum beslist")
    expect(items.locator('[data-item="mel.followup.iiib-d-no-adjuvant"]')).to_have_count(0)
    expect(body).to_contain_text("in-transitmetastase")
    assert "leiomyosarcoom" not in page.content().lower()
    shot(page, "melanoma-case-report-after-recurrences")

    stored = Tumour.objects.get(pk=tumour.pk)
    assert (stored.braf_v600, stored.kit, stored.adjuvant, stored.adjuvant_reason_code) == (
        "wild_type", "wild_type", "not_given", "contraindication")
    assert [e["date"] for e in stored.melanoma_events] == ["2016-06-15", "2017-06-15", "2026-08-20"]
