import pytest

from mdo.models import MdoType

pytestmark = pytest.mark.django_db


def test_admin_edits_mdo_types_with_either_or_slots(sarcoma, admin_client_) -> None:
    page = admin_client_.get(f"/admin/mdo/mdotype/{sarcoma.pk}/change/")
    assert page.status_code == 200 and 'value="nuclear_medicine"' in page.content.decode()
    response = admin_client_.post("/admin/mdo/mdotype/add/", {
        "code": "melanoma-regional", "name": "Regionaal melanoom-MDO", "location": "Video", "weekday": "1",
        "interval_weeks": "2", "anchor_date": "2027-01-05", "start_time": "16:30", "end_time": "17:30",
        "timezone": "Europe/Amsterdam", "capacity_minutes": "60", "default_minutes_per_case": "10",
        "deadline_days_before": "1", "deadline_time": "12:00", "optional_specialties": ["rheumatology"],
        "active": "on",
        "required_slots-TOTAL_FORMS": "2", "required_slots-INITIAL_FORMS": "0",
        "required_slots-MIN_NUM_FORMS": "0", "required_slots-MAX_NUM_FORMS": "1000",
        "required_slots-0-position": "1", "required_slots-0-specialties": ["dermatology"],
        "required_slots-1-position": "2", "required_slots-1-specialties": ["radiology", "nuclear_medicine"],
        "roster_members-TOTAL_FORMS": "1", "roster_members-INITIAL_FORMS": "0",
        "roster_members-MIN_NUM_FORMS": "0", "roster_members-MAX_NUM_FORMS": "1000",
        "roster_members-0-position": "1", "roster_members-0-name": "dr. M. Brink",
        "roster_members-0-specialty": "dermatology", "roster_members-0-active": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    created = MdoType.objects.get(code="melanoma-regional")
    assert [s.specialties for s in created.required_slots.all()] == [["dermatology"], ["radiology", "nuclear_medicine"]]
    assert created.optional_specialties == ["rheumatology"]
    assert [(m.name, m.specialty) for m in created.roster_members.all()] == [("dr. M. Brink", "dermatology")]


def test_admin_refuses_an_inconsistent_type(sarcoma, admin_client_) -> None:
    response = admin_client_.post("/admin/mdo/mdotype/add/", {
        "code": "x", "name": "X", "weekday": "4", "interval_weeks": "2", "anchor_date": "2027-01-05",
        "start_time": "15:00", "end_time": "14:00", "timezone": "Mars/Olympus", "capacity_minutes": "60",
        "default_minutes_per_case": "10", "deadline_days_before": "2", "deadline_time": "16:00",
        "required_slots-TOTAL_FORMS": "0", "required_slots-INITIAL_FORMS": "0",
        "required_slots-MIN_NUM_FORMS": "0", "required_slots-MAX_NUM_FORMS": "1000",
        "roster_members-TOTAL_FORMS": "0", "roster_members-INITIAL_FORMS": "0",
        "roster_members-MIN_NUM_FORMS": "0", "roster_members-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) == {"timezone", "end_time", "anchor_date"}
    assert not MdoType.objects.filter(code="x").exists()


def test_coordinator_has_no_admin(sarcoma, coordinator_client) -> None:
    assert coordinator_client.get(f"/admin/mdo/mdotype/{sarcoma.pk}/change/").status_code == 302
