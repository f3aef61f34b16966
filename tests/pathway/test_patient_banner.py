"""The patient banner on every patient page (issue 15, item 2): "Dam, G. van", age and date of birth (or
"overleden" with the date), sex, hospital number, BSN, the alerts written out (danger first) and the open pathway
items, from the pathway selectors; one include, a constant number of queries."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from followup.models import FollowUpPlan
from mdo.models import MdoCase
from referrals.models import FirstVisitChecklist, Referral
from tests.factories import ComorbidityFactory, MelanomaFactory, PatientFactory
from tests.followup.factories import lms_tumour
from tests.mdo.factories import MdoSessionFactory
from zorgpad.pathway.selectors import patient_pathway_page
from zorgpad.pathway.services import pathway_items_sync
from zorgpad.patients.models import ComorbidityKind, Depth
from zorgpad.patients.selectors import patient_get

pytestmark = pytest.mark.django_db

BANNER = re.compile(r'<header class="patient-banner".*?</header>', re.S)


@pytest.fixture
def van_dam(clinician):  # type: ignore[no-untyped-def]
    patient = PatientFactory(family_name_prefix="van", family_name="Dam", given_names="Gerrit", initials="G.",
                             date_of_birth=dt.date(1949, 3, 14), sex="M", bsn="111222333")
    melanoma = MelanomaFactory(patient=patient)
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.SYSTEMIC_SCLEROSIS, anti_rna_polymerase_iii=True)
    ComorbidityFactory(patient=patient, kind=ComorbidityKind.MULTIPLE_LEIOMYOMAS, description="x")
    tumour = lms_tumour(patient=patient, depth=Depth.SUBCUTIS)
    for t in (melanoma, tumour):
        pathway_items_sync(tumour=t)
    return patient


def _patient_pages(patient, clinician) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Every page of a patient's record, by name."""
    tumour = patient.tumours.order_by("id").last()
    comorbidity = patient.comorbidities.first()
    plan = FollowUpPlan.objects.create(patient=patient, tumour=tumour, responsible_clinician=clinician)
    case = MdoCase.objects.create(session=MdoSessionFactory(), patient=patient, tumour=tumour, question="?",
                                  presenting_clinician=clinician, registered_by=clinician, minutes_needed=10)
    referral = Referral.objects.create(patient=patient, referrer_kind="gp", referrer_name="dr. X", reason="x",
                                       received_on=timezone.localdate(), phase="suspicious_lesion",
                                       triage_due_on=timezone.localdate(), registered_by=clinician)
    FirstVisitChecklist.objects.create(patient=patient, updated_by=clinician)
    return {
        "patient": reverse("patients:detail", args=[patient.external_id]),
        "patient edit": reverse("patients:edit", args=[patient.external_id]),
        "tumour": reverse("patients:tumour-detail", args=[tumour.external_id]),
        "tumour edit": reverse("patients:tumour-edit", args=[tumour.external_id]),
        "tumour new": reverse("patients:tumour-create", args=[patient.external_id]),
        "comorbidity new": reverse("patients:comorbidity-create", args=[patient.external_id]),
        "comorbidity edit": reverse("patients:comorbidity-edit", args=[comorbidity.external_id]),
        "marker new": reverse("patients:marker-create", args=[patient.external_id]),
        "follow-up plan": reverse("followup:plan-detail", args=[plan.external_id]),
        "MDO case": reverse("mdo:case", args=[case.external_id]),
        "referral": reverse("referrals:detail", args=[referral.external_id]),
        "referral new": reverse("referrals:create") + f"?patient={patient.external_id}",
        "first-visit checklist": reverse("referrals:checklist-edit", args=[patient.external_id]),
    }


def test_every_patient_page_leads_with_the_banner(clinician, clinician_client, van_dam) -> None:
    today = timezone.localdate()
    lead = patient_pathway_page(patient=patient_get(external_id=van_dam.external_id, user=clinician), today=today)
    alert_codes = [a.code for a in lead.alerts]
    assert alert_codes and lead.open_items, "the fixture must give alerts and open items"
    assert lead.alerts[0].severity == "danger"
    for name, url in _patient_pages(van_dam, clinician).items():
        html = clinician_client.get(url).content.decode()
        banners = BANNER.findall(html)
        assert len(banners) == 1, (name, len(banners))
        banner = banners[0]
        assert "Dam, G. van" in banner, name
        assert f"{van_dam.age_on(today)} jaar (14-03-1949)" in banner, name
        assert "man" in banner and van_dam.hospital_number in banner and "111222333" in banner, name
        assert re.findall(r'data-code="([^"]+)"', banner)[: len(alert_codes)] == alert_codes, name  # danger first
        for row in lead.open_items:
            assert f'data-item="{row.item.code}"' in banner, (name, row.item.code)
    # On the patient page the demographics (address, GP) come after the banner.
    html = clinician_client.get(reverse("patients:detail", args=[van_dam.external_id])).content.decode()
    assert html.index('class="patient-banner"') < html.index(van_dam.street) < html.index(van_dam.gp_name)


def test_a_deceased_patient_shows_overleden_with_the_date_instead_of_an_age(clinician_client) -> None:
    patient = PatientFactory(date_of_death=dt.date(2025, 6, 2))
    banner = BANNER.findall(clinician_client.get(reverse("patients:detail", args=[patient.external_id]))
                            .content.decode())[0]
    assert "overleden 02-06-2025" in banner and "jaar" not in banner


def test_the_banner_costs_the_same_queries_for_a_long_record(clinician, clinician_client) -> None:
    small = PatientFactory()
    lms_tumour(patient=small, depth=Depth.SUBCUTIS)
    large = PatientFactory()
    for _ in range(6):
        pathway_items_sync(tumour=lms_tumour(patient=large, depth=Depth.SUBCUTIS))
        ComorbidityFactory(patient=large, kind=ComorbidityKind.MULTIPLE_LEIOMYOMAS, description="x")
    counts = []
    for patient in (small, large):
        url = reverse("patients:tumour-create", args=[patient.external_id])
        clinician_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            clinician_client.get(url)
        counts.append(len(queries))
    assert counts[0] == counts[1]
