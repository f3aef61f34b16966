"""Writes on accounts: API tokens (django-rest-knox) are made here and revoked here."""

from typing import Any

from knox.models import AuthToken


def api_token_create(*, user: Any) -> tuple[AuthToken, str]:
    """A new API token for the user, valid for REST_KNOX["TOKEN_TTL"]: the row (digest only) and the token,
    which the caller shows once."""
    return AuthToken.objects.create(user=user)


def api_token_revoke(*, token: AuthToken) -> None:
    token.delete()


def api_tokens_revoke_all(*, user_id: int) -> int:
    """Every API token of the user stops working (a password change, a deactivation)."""
    deleted, _ = AuthToken.objects.filter(user_id=user_id).delete()
    return deleted
