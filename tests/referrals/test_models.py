import pytest
from django.contrib.auth.models import Group

from referrals import models
from referrals.rules import states
from zorgpad.accounts.roles import Role
from zorgpad.pathways.lms_2026_03 import triage


@pytest.mark.parametrize(
    ("model_choices", "rule_enum"),
    [
        pytest.param(models.Phase, triage.Phase, id="phase"),
        pytest.param(models.TertiaryRoute, triage.TertiaryRoute, id="tertiary route"),
        pytest.param(models.Destination, triage.Destination, id="destination"),
        pytest.param(models.ReferralStatus, states.Status, id="status"),
    ],
)
def test_model_choices_equal_the_rule_enums(model_choices, rule_enum) -> None:
    assert list(model_choices.values) == [member.value for member in rule_enum]


ROLE_PERMISSIONS = {
    Role.CLINICIAN: {"view_referral", "add_referral", "change_referral", "triage_referral",
                     "view_referraltransition", "view_triageoverride", "view_firstvisitchecklist",
                     "add_firstvisitchecklist", "change_firstvisitchecklist"},
    Role.SECRETARY: {"view_referral", "add_referral", "change_referral", "view_referraltransition",
                     "view_triageoverride", "view_firstvisitchecklist"},
    Role.MDO_COORDINATOR: {"view_referral", "view_referraltransition", "view_triageoverride",
                           "view_firstvisitchecklist"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLE_PERMISSIONS), ids=str)
def test_role_permissions_are_synchronised(role) -> None:
    codenames = set(Group.objects.get(name=role.value).permissions.filter(content_type__app_label="referrals")
                    .values_list("codename", flat=True))
    assert codenames == ROLE_PERMISSIONS[role]


@pytest.mark.django_db
def test_admin_is_read_only(admin_client_) -> None:
    from tests.referrals.factories import ReferralFactory

    referral = ReferralFactory()
    assert admin_client_.get("/admin/referrals/referral/").status_code == 200
    assert admin_client_.get("/admin/referrals/referral/add/").status_code == 403
    response = admin_client_.post(f"/admin/referrals/referral/{referral.pk}/change/", {"status": "closed"})
    assert response.status_code in (200, 403)
    referral.refresh_from_db()
    assert referral.status == "received"
