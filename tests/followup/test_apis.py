import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from followup import services
from followup.models import FollowUpPlan, Visit
from tests.followup.factories import lms_tumour

pytestmark = pytest.mark.django_db


def test_build_and_read_a_plan_through_the_api(clinician_api, clinician) -> None:
    tumour = lms_tumour()
    response = clinician_api.post(reverse("followup-plan-build", args=[tumour.external_id]), {}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["ends_on"], body["template"]) == ("active", "2031-01-15", "lms-subcutaneous v1")
    assert [v["due_date"] for v in body["visits"]][:2] == ["2026-04-15", "2026-07-15"]
    listed = clinician_api.get(reverse("followup-patient-plans", args=[tumour.patient.external_id])).json()
    assert [p["id"] for p in listed] == [body["id"]]


def test_refusal_is_a_400_naming_the_missing_input(clinician_api) -> None:
    tumour = lms_tumour(date_of_surgery=None)
    response = clinician_api.post(reverse("followup-plan-build", args=[tumour.external_id]), {}, format="json")
    assert response.status_code == 400
    assert "Ontbreekt: operatiedatum" in response.json()["non_field_errors"][0]  # Dutch by default
    assert FollowUpPlan.objects.count() == 0


def test_secretary_cannot_build_or_record_outcomes(secretary_api, clinician) -> None:
    tumour = lms_tumour()
    assert secretary_api.post(reverse("followup-plan-build", args=[tumour.external_id]), {},
                              format="json").status_code == 403
    plan = services.followup_plan_build(tumour=tumour, user=clinician)
    visit = plan.visits.get(sequence=2)
    url = reverse("followup-visit-status", args=[visit.external_id])
    assert secretary_api.post(url, {"status": "done"}, format="json").status_code == 403
    assert Visit.objects.get(pk=visit.pk).status == "planned"
    assert secretary_api.post(url, {"status": "booked"}, format="json").status_code == 200
    bad = secretary_api.post(url, {"status": "invited"}, format="json")
    assert bad.status_code == 400 and "status" in bad.json()
    assert Visit.objects.get(pk=visit.pk).status == "booked"


def test_setting_a_visit_back_to_planned_is_a_400_not_a_500(clinician_api, clinician) -> None:
    # Regression (schemathesis): "planned" reached the service's permission table and raised KeyError.
    plan = services.followup_plan_build(tumour=lms_tumour(), user=clinician)
    visit = plan.visits.get(sequence=2)
    url = reverse("followup-visit-status", args=[visit.external_id])
    response = clinician_api.post(url, {"status": "planned"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    with pytest.raises(ValidationError) as exc:
        services.visit_transition(visit=visit, to="planned", user=clinician)
    assert "status" in exc.value.message_dict
    assert Visit.objects.get(pk=visit.pk).status == "planned"
