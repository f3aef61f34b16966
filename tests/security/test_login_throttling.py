"""Login throttling: django-axes locks a user name after repeated failures, on the page and the API."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken as Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LIMIT = 5


@pytest.fixture(autouse=True)
def _fresh_throttle_cache() -> None:
    cache.clear()  # DRF throttling counts in the cache; each test starts from zero


def _login(client: Client, password: str, username: str = "clinician"):  # type: ignore[no-untyped-def]
    return client.post(reverse("login"), {"username": username, "password": password})


def test_login_form_locks_the_user_name_after_five_failures_with_a_dutch_message(clinician) -> None:
    client = Client()
    for attempt in range(1, LIMIT):
        response = _login(client, "wrong")
        assert response.status_code == 200, attempt  # the form again, with its error
        assert "_auth_user_id" not in client.session
    response = _login(client, "wrong")  # the fifth failure locks
    assert response.status_code == 429
    page = response.content.decode()
    assert "Te veel inlogpogingen" in page
    assert "Dit account is geblokkeerd na 5 mislukte inlogpogingen." in page
    assert "Probeer het over 15 minuten opnieuw" in page

    # Now even the right password is refused, and no session is created.
    response = _login(client, "pw")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="clinician").failures_since_start >= LIMIT


def test_lockout_follows_the_user_name_to_another_workstation(clinician) -> None:
    for _ in range(LIMIT):
        _login(Client(REMOTE_ADDR="10.0.0.1"), "wrong")
    response = _login(Client(REMOTE_ADDR="10.0.0.2"), "pw")
    assert response.status_code == 429


def test_password_spraying_from_one_address_is_locked(clinician) -> None:
    attacker = Client(REMOTE_ADDR="10.0.0.9")
    for n in range(LIMIT):
        _login(attacker, "Welkom01", username=f"user-{n}")
    assert _login(attacker, "pw").status_code == 429
    # A colleague at another workstation is not affected.
    colleague = Client(REMOTE_ADDR="10.0.0.10")
    assert _login(colleague, "pw").status_code == 302


def test_a_success_before_the_limit_resets_the_count(clinician) -> None:
    client = Client()
    for _ in range(LIMIT - 1):
        _login(client, "wrong")
    assert _login(client, "pw").status_code == 302
    client.logout()
    for _ in range(LIMIT - 1):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, "pw").status_code == 302


def test_api_token_endpoint_shares_the_lockout(clinician) -> None:
    api = APIClient()
    url = reverse("api-token")
    for _ in range(LIMIT - 1):
        assert api.post(url, {"username": "clinician", "password": "wrong"}).status_code == 400
    assert api.post(url, {"username": "clinician", "password": "wrong"}).status_code == 429  # the fifth locks
    response = api.post(url, {"username": "clinician", "password": "pw"})
    assert response.status_code == 429
    assert not Token.objects.filter(user=clinician).exists()


def test_api_token_endpoint_is_rate_limited_per_client(clinician, settings) -> None:
    settings.AXES_ENABLED = False  # only DRF's throttle decides here
    api = APIClient()
    url = reverse("api-token")
    # Ten attempts a minute, then 429 even with the right password.
    for n in range(10):
        assert api.post(url, {"username": f"nobody{n}", "password": "x"}).status_code == 400
    response = api.post(url, {"username": "clinician", "password": "pw"})
    assert response.status_code == 429
    assert not Token.objects.filter(user=clinician).exists()


def test_api_token_endpoint_gives_a_token_for_the_right_password(clinician) -> None:
    response = APIClient().post(reverse("api-token"), {"username": "clinician", "password": "pw"})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expiry"} and len(body["token"]) == 64
    assert Token.objects.get(user=clinician).digest != body["token"]  # only a digest is stored
