"""API tokens (issue 14): stored hashed, shown once, expire, revoked by logout, a password change or a
deactivation; the admin shows no token and cannot make one."""

import datetime as dt

import pytest
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
LOGOUT_URL = "/api/v1/auth/logout/"


def _obtain(username: str = "clinician", password: str = "pw") -> str:  # noqa: S107
    response = APIClient().post(TOKEN_URL, {"username": username, "password": password}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


# A refused token answers 403, not 401: DRF takes the status from the first authentication class (the session's),
# which sends no WWW-Authenticate challenge. Unchanged from before knox.
REFUSED = 403


def _get_with(token: str, url: str = "/api/v1/patients/") -> int:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api.get(url).status_code


def test_token_is_stored_only_as_a_digest_and_works(clinician) -> None:
    token = _obtain()
    row = AuthToken.objects.get(user=clinician)
    stored = " ".join(str(v) for v in AuthToken.objects.filter(user=clinician).values().get().values())
    assert token not in stored
    assert row.digest != token and len(row.digest) == 128  # SHA-512 hex
    assert _get_with(token) == 200


def test_token_expires_after_ten_hours_by_default(clinician) -> None:
    before = timezone.now()
    response = APIClient().post(TOKEN_URL, {"username": "clinician", "password": "pw"}, format="json")
    expiry = AuthToken.objects.get(user=clinician).expiry
    assert expiry is not None
    assert dt.timedelta(hours=10) <= expiry - before <= dt.timedelta(hours=10, seconds=30)
    assert response.json()["expiry"] is not None


def test_token_lifetime_follows_the_setting(clinician, settings) -> None:
    settings.REST_KNOX = {"TOKEN_TTL": dt.timedelta(hours=1), "AUTH_HEADER_PREFIX": "Token"}
    before = timezone.now()
    _obtain()
    expiry = AuthToken.objects.get(user=clinician).expiry
    assert expiry is not None and dt.timedelta(hours=1) <= expiry - before <= dt.timedelta(hours=1, seconds=30)


def test_expired_token_is_refused(clinician) -> None:
    token = _obtain()
    AuthToken.objects.filter(user=clinician).update(expiry=timezone.now() - dt.timedelta(seconds=1))
    assert _get_with(token) == REFUSED
    assert not AuthToken.objects.filter(user=clinician).exists()  # knox deletes it on sight


def test_logout_revokes_that_token_only(clinician) -> None:
    first, second = _obtain(), _obtain()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api.post(LOGOUT_URL).status_code == 204
    assert _get_with(first) == REFUSED
    assert _get_with(second) == 200
    assert AuthToken.objects.filter(user=clinician).count() == 1


def test_logout_without_a_token_is_401_and_revokes_nothing(clinician) -> None:
    _obtain()
    assert APIClient().post(LOGOUT_URL).status_code == 401  # logout knows only tokens: a Token challenge
    assert AuthToken.objects.filter(user=clinician).count() == 1


def test_password_change_revokes_all_tokens_of_that_user_only(clinician, secretary) -> None:
    first, second, other = _obtain(), _obtain(), _obtain("secretary")
    clinician.set_password("a-new-long-password")
    clinician.save()
    assert (_get_with(first), _get_with(second)) == (REFUSED, REFUSED)
    assert not AuthToken.objects.filter(user=clinician).exists()
    assert _get_with(other) == 200


def test_deactivation_revokes_all_tokens(clinician) -> None:
    token = _obtain()
    clinician.is_active = False
    clinician.save(update_fields=["is_active"])
    assert not AuthToken.objects.filter(user=clinician).exists()
    assert _get_with(token) == REFUSED


def test_saving_a_user_without_a_password_change_keeps_the_tokens(clinician) -> None:
    token = _obtain()
    clinician.first_name = "Anna"
    clinician.save()
    clinician.save(update_fields=["last_login"])
    assert _get_with(token) == 200


def test_a_token_header_that_is_not_utf8_is_refused_not_a_500(clinician) -> None:
    response = APIClient().get("/api/v1/patients/", HTTP_AUTHORIZATION="Token \xe9\xe9")
    assert response.status_code == REFUSED


def test_admin_lists_tokens_without_any_token_value_and_cannot_make_one(clinician, admin_client_) -> None:
    token = _obtain()
    row = AuthToken.objects.get(user=clinician)
    page = admin_client_.get("/admin/knox/authtoken/").content.decode()
    assert "clinician" in page
    for secret in (token, row.token_key):  # the digest is the row's key (in its link) and reveals no token
        assert secret not in page
    assert admin_client_.get("/admin/knox/authtoken/add/").status_code == 403
    detail = admin_client_.get(f"/admin/knox/authtoken/{row.pk}/change/")
    assert detail.status_code == 200 and token not in detail.content.decode()
