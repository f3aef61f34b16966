import json

import pytest
from django.urls import reverse

from followup.models import PlanTemplate

pytestmark = pytest.mark.django_db


def test_editing_a_template_in_the_admin_saves_a_new_version(admin_client_) -> None:
    v1 = PlanTemplate.objects.get(key="lms-subcutaneous", version=1)
    url = reverse("admin:followup_plantemplate_change", args=[v1.pk])
    assert admin_client_.get(url).status_code == 200
    data = {
        "key": v1.key, "name": v1.name, "interval_months": "6", "duration_months": "60",
        "visit_items": json.dumps(["clinical_examination", "chest_xray", "ct_chest"]),
        "baseline_items": json.dumps(v1.baseline_items), "tolerance_days": "21", "invitation_lead_days": "42",
        "after_end": v1.after_end, "source": v1.source,
    }
    response = admin_client_.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    v1.refresh_from_db()
    v2 = PlanTemplate.objects.get(key="lms-subcutaneous", version=2)
    assert (v1.is_current, v1.tolerance_days, v1.visit_items) == (False, 28, ["clinical_examination", "chest_xray"])
    assert (v2.is_current, v2.tolerance_days, v2.visit_items) == (True, 21, ["clinical_examination", "chest_xray",
                                                                             "ct_chest"])


def test_invalid_template_edit_is_refused_and_nothing_saved(admin_client_) -> None:
    v1 = PlanTemplate.objects.get(key="lms-subcutaneous", version=1)
    url = reverse("admin:followup_plantemplate_change", args=[v1.pk])
    data = {"key": v1.key, "name": v1.name, "interval_months": "6", "duration_months": "60",
            "visit_items": json.dumps(["bloodletting"]), "baseline_items": "[]", "tolerance_days": "28",
            "invitation_lead_days": "42", "after_end": "x", "source": ""}
    response = admin_client_.post(url, data)
    assert response.status_code == 200
    assert PlanTemplate.objects.filter(key="lms-subcutaneous").count() == 1
