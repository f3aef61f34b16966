"""The waiting-time worklist (at risk or late, most late first; deceased never listed) and the milestones API."""

import pytest

from quality.rules.norms import Status
from quality.worklist import waiting_worklist
from tests.quality.dataset import TODAY

pytestmark = pytest.mark.django_db


def test_worklist_sorted_by_how_late_without_the_deceased(data):
    rows = waiting_worklist(today=TODAY)
    got = [(r.patient_name.split(",")[0], r.milestone, r.status, r.days_late) for r in rows]
    # P3's follow-up window ended 10-11 (13 days); P5's first visit was due 16-11 (7 days); P6's is due 24-11,
    # within the 3-working-day margin (at risk). P7 (due 04-12) is on time; P4 (deceased) never appears.
    assert got == [
        ("Casus3", "followup", Status.LATE, 13),
        ("Casus5", "first_visit", Status.LATE, 7),
        ("Casus6", "first_visit", Status.AT_RISK, -1),
    ]


def test_worklist_empty_until_norms_are_recorded(data):
    from zorgpad.pathway.models import CentreDecision

    CentreDecision.objects.filter(key__startswith="waiting.").delete()
    rows = waiting_worklist(today=TODAY)
    assert [r.milestone for r in rows] == ["followup"]  # the visit window is the plan's, not a norm


def test_worklist_queries_constant_as_data_grows(data, django_assert_max_num_queries):
    from tests.quality.dataset import build

    with django_assert_max_num_queries(12) as small:
        waiting_worklist(today=TODAY)
    build(session_shift_days=1)  # twice the patients
    with django_assert_max_num_queries(len(small.captured_queries)):
        waiting_worklist(today=TODAY)


def test_milestones_api(data, clinician_api):
    p2 = data.patients[1]
    response = clinician_api.get(f"/api/v1/patients/{p2.external_id}/milestones/")
    assert response.status_code == 200
    (episode,) = response.json()
    assert episode["pathway"] == "lms"
    by_code = {m["code"]: m for m in episode["milestones"]}
    assert by_code["first_visit"]["status"] == "late" and by_code["first_visit"]["accounted"] is True
    assert by_code["first_visit"]["reason"] == "patient_choice"
    assert by_code["first_visit"]["norm"] == {"value": 2, "unit": "weeks"}
    assert by_code["diagnosis"]["status"] == "late" and by_code["diagnosis"]["days_late"] == 11
    assert by_code["mdo"]["status"] == "late"
    assert by_code["treatment"]["date"] == "2026-07-20" and by_code["treatment"]["status"] == "late"


def test_milestones_dermis_only_tumour_needs_no_mdo_and_deceased_is_not_applicable(data, clinician_api):
    p3, p4 = data.patients[2], data.patients[3]
    (e3,) = clinician_api.get(f"/api/v1/patients/{p3.external_id}/milestones/").json()
    mdo = next(m for m in e3["milestones"] if m["code"] == "mdo")
    assert mdo["status"] == "not_applicable" and mdo["reason"] == "mdo_not_needed"
    (e4,) = clinician_api.get(f"/api/v1/patients/{p4.external_id}/milestones/").json()
    treatment = next(m for m in e4["milestones"] if m["code"] == "treatment")
    assert treatment["status"] == "not_applicable" and treatment["reason"] == "deceased"


def test_milestones_at_risk_for_a_waiting_referral(data, clinician_api):
    p6 = data.patients[5]
    (episode,) = clinician_api.get(f"/api/v1/patients/{p6.external_id}/milestones/").json()
    first = next(m for m in episode["milestones"] if m["code"] == "first_visit")
    assert first["status"] == "at_risk" and first["due"] == "2026-11-24"
