"""Login throttling: django-axes locks a user name at one address after 5 failures and an address after 50 (password
spraying), on the page and the API; DRF throttles the token endpoint in the shared cache."""

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken as Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LIMIT = 5


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


def test_lockout_is_per_user_and_address_so_another_workstation_can_still_log_in(clinician) -> None:
    for _ in range(LIMIT):
        _login(Client(REMOTE_ADDR="10.0.0.1"), "wrong")
    assert _login(Client(REMOTE_ADDR="10.0.0.1"), "pw").status_code == 429
    assert _login(Client(REMOTE_ADDR="10.0.0.2"), "pw").status_code == 302


def test_a_locked_user_does_not_lock_out_colleagues_behind_the_same_address(clinician, secretary) -> None:
    ward = "10.1.1.1"  # a ward behind NAT: everyone shares one address
    for _ in range(LIMIT):
        _login(Client(REMOTE_ADDR=ward), "wrong", username="clinician")
    assert _login(Client(REMOTE_ADDR=ward), "pw", username="clinician").status_code == 429
    assert _login(Client(REMOTE_ADDR=ward), "pw", username="secretary").status_code == 302


ADDRESS_LIMIT = 50


def test_password_spraying_locks_the_address_after_fifty_failures_over_any_user_names(clinician) -> None:
    attacker = "10.0.0.9"
    for n in range(ADDRESS_LIMIT - 1):
        assert _login(Client(REMOTE_ADDR=attacker), "Welkom01", username=f"user-{n}").status_code == 200, n
    # 49 failures, each user name once: nobody is locked yet (a success does not reset other names' failures).
    assert _login(Client(REMOTE_ADDR=attacker), "pw").status_code == 302
    response = _login(Client(REMOTE_ADDR=attacker), "Welkom01", username="user-49")  # the fiftieth
    assert response.status_code == 429
    assert "Inloggen vanaf dit adres is geblokkeerd na 50 mislukte inlogpogingen." in response.content.decode()
    assert _login(Client(REMOTE_ADDR=attacker), "pw").status_code == 429
    # A colleague at another workstation is not affected.
    assert _login(Client(REMOTE_ADDR="10.0.0.10"), "pw").status_code == 302


def test_both_limits_come_from_the_settings(clinician, settings) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_ADDRESS_FAILURE_LIMIT = 3
    _login(Client(REMOTE_ADDR="10.0.0.3"), "wrong")
    assert _login(Client(REMOTE_ADDR="10.0.0.3"), "wrong").status_code == 429  # the second for this user
    _login(Client(REMOTE_ADDR="10.0.0.4"), "x", username="a")
    _login(Client(REMOTE_ADDR="10.0.0.4"), "x", username="b")
    assert _login(Client(REMOTE_ADDR="10.0.0.4"), "x", username="c").status_code == 429  # the third there


def test_lockouts_end_after_the_cool_off_time(clinician) -> None:
    for _ in range(LIMIT):
        _login(Client(REMOTE_ADDR="10.0.0.5"), "wrong")
    assert _login(Client(REMOTE_ADDR="10.0.0.5"), "pw").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=15, seconds=1))
    assert _login(Client(REMOTE_ADDR="10.0.0.5"), "pw").status_code == 302


def test_x_forwarded_for_is_ignored_without_a_configured_proxy(clinician, settings) -> None:
    assert settings.AXES_IPWARE_PROXY_COUNT is None  # DJANGO_PROXY_COUNT unset: 0
    for n in range(LIMIT):  # an attacker rotating a forged header still counts against its real address
        _login(Client(REMOTE_ADDR="10.0.0.6", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"), "wrong")
    assert _login(Client(REMOTE_ADDR="10.0.0.6", HTTP_X_FORWARDED_FOR="192.0.2.99"), "pw").status_code == 429


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


def test_the_token_throttle_counts_in_the_shared_cache_seen_by_another_worker(clinician, settings) -> None:
    """Another gunicorn worker has its own cache client: it sees the same count (Redis), not a fresh one."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    settings.AXES_ENABLED = False
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    api = APIClient()
    for n in range(3):
        api.post(reverse("api-token"), {"username": f"nobody{n}", "password": "x"})
    other_worker = caches.create_connection("default")
    assert isinstance(other_worker, RedisCache) and other_worker is not caches["default"]
    (key,) = [k for k in other_worker._cache.get_client().scan_iter(match=f"{other_worker.key_prefix}:*throttle*")]
    history = other_worker.get(key.decode().split(":", 2)[2])
    assert len(history) == 3
