import pytest
from django.test import Client
from django.urls import reverse

from zorgpad.accounts.roles import Role

pytestmark = pytest.mark.django_db

NAV = {"referrals:worklist", "mdo:overview", "followup:worklist", "followup:letters"}


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_top_navigation_only_links_pages_the_role_may_open(make_user, role) -> None:
    client = Client()
    client.force_login(make_user(role))
    page = client.get(reverse("patients:list")).content.decode()
    shown = {name for name in NAV if f'href="{reverse(name)}"' in page}
    allowed = {name for name in NAV if client.get(reverse(name)).status_code == 200}
    assert shown == allowed
    if role is Role.SECRETARY:
        assert "followup:letters" in shown
    if role is Role.ADMIN:
        assert shown == NAV
