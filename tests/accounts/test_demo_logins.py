"""The demo's login page lists the demo accounts (issue 15, item 10); any other settings never do."""

import pytest
from django.test import Client
from django.urls import reverse

from zorgpad.demo_data import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db


def test_the_demo_login_page_lists_the_demo_accounts(settings) -> None:
    settings.DEMO_LOGINS_SHOWN = True
    html = Client().get(reverse("login")).content.decode()
    assert "Demo-accounts" in html and DEMO_PASSWORD in html
    for username, *_ in DEMO_USERS:
        assert f"<code>{username}</code>" in html
    assert "MDO-coördinator" in html


def test_without_the_demo_settings_the_login_page_lists_no_account() -> None:
    html = Client().get(reverse("login")).content.decode()
    assert DEMO_PASSWORD not in html and "Demo-accounts" not in html


def test_only_the_demo_settings_show_the_accounts() -> None:
    from zorgpad.settings import base, demo

    assert demo.DEMO_LOGINS_SHOWN is True and base.DEMO_LOGINS_SHOWN is False
