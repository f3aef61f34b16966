"""Acceptance on the demo data: "Dam, G", "van Dam" and "14-03-1949" each find the case-report patient (and open
him: a single hit), and the patient list sorts him under D."""

import io

import pytest
from django.urls import reverse

from zorgpad.demo_data import load_demo_data
from zorgpad.patients.models import Patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def gerrit() -> Patient:
    load_demo_data(stdout=io.StringIO())
    return Patient.objects.get(hospital_number="4100001")


def test_the_demo_case_report_patient_is_found_by_each_acceptance_search_and_sorted_under_d(
        gerrit, clinician_client) -> None:
    assert (gerrit.family_name_prefix, gerrit.family_name, gerrit.date_of_birth.isoformat()) == (
        "van", "Dam", "1949-03-14")
    for query in ("Dam, G", "van Dam", "14-03-1949"):
        response = clinician_client.get(reverse("patients:list"), {"q": query})
        assert (response.status_code, response["Location"]) == (
            302, reverse("patients:detail", args=[gerrit.external_id])), query
    # The list sorts him under D (on the family name without its prefix).
    names = [p.display_name for p in clinician_client.get(reverse("patients:list")).context["page"]]
    position = names.index("Dam, G. van")
    assert all(name < "Dam" for name in names[:position]), names
    assert all(name >= "Dam" for name in names[position + 1:]), names
    assert not any(name.startswith(("van ", "de ")) for name in names), names
