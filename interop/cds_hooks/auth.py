"""CDS Hooks 2.0 "Trusting CDS Clients": every request carries `Authorization: Bearer <JWT>` signed by the EHR
(https://cds-hooks.hl7.org/2.0/#trusting-cds-clients). The claims: `iss` (the client, registered here with its
public key), `sub` (the client id), `aud` (the URL of the endpoint called), `exp` (at most five minutes ahead),
`iat`, `jti` (a nonce; a token seen before is refused as a replay). Signed with ES384 or RS384 (the algorithms
the specification names). Verified with PyJWT; the nonces are remembered in the shared cache until they expire.
"""

import time
from dataclasses import dataclass
from typing import Any

import jwt
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from interop.models import CdsClient

LEEWAY_SECONDS = 30


class CdsAuthError(Exception):
    """The request is not from a registered client (401)."""


@dataclass(frozen=True)
class CdsCaller:
    client: CdsClient
    claims: dict[str, Any]


def audiences(request: HttpRequest) -> list[str]:
    """The endpoint URL as the EHR knows it (the public URL) and as this request reached it."""
    path = request.path.rstrip("/")
    return list(dict.fromkeys([f"{settings.ZORGPAD_PUBLIC_URL}{path}", request.build_absolute_uri(path)]))


def authenticate(request: HttpRequest) -> CdsCaller:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not header.startswith("Bearer "):
        raise CdsAuthError("Authorization: Bearer <JWT> is required (CDS Hooks 2.0).")
    token = header.removeprefix("Bearer ").strip()
    try:
        unverified = jwt.decode(token, options={"verify_signature": False})
        algorithm = jwt.get_unverified_header(token).get("alg")
    except jwt.PyJWTError as exc:
        raise CdsAuthError("The token is not a JWT.") from exc
    if algorithm not in settings.CDS_HOOKS_JWT_ALGORITHMS:
        raise CdsAuthError(f"The JWT must be signed with {' or '.join(settings.CDS_HOOKS_JWT_ALGORITHMS)}.")
    issuer = unverified.get("iss")
    client = CdsClient.objects.select_related("service_user").filter(issuer=issuer, active=True).first() \
        if isinstance(issuer, str) else None
    if client is None:
        raise CdsAuthError("The issuer is not a registered CDS client.")
    try:
        claims = jwt.decode(token, client.public_key, algorithms=[algorithm], audience=audiences(request),
                            issuer=client.issuer, leeway=LEEWAY_SECONDS,
                            options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]})
    except jwt.PyJWTError as exc:
        raise CdsAuthError(f"The JWT was refused: {exc}.") from exc
    except (ValueError, TypeError) as exc:  # a key that is not a key of this algorithm
        raise CdsAuthError("The JWT cannot be verified with the client's key.") from exc
    now = time.time()
    lifetime = int(settings.CDS_HOOKS_JWT_MAX_LIFETIME_SECONDS)
    if claims["exp"] - now > lifetime + LEEWAY_SECONDS or claims["exp"] - claims["iat"] > lifetime:
        raise CdsAuthError(f"exp may lie at most {lifetime} seconds after iat and now.")
    jti = claims["jti"]
    if not isinstance(jti, str) or not jti or len(jti) > 200:
        raise CdsAuthError("jti must be a non-empty string.")
    ttl = max(int(claims["exp"] - now), 0) + 2 * LEEWAY_SECONDS
    if not cache.add(f"cds-jti:{client.pk}:{jti}", 1, timeout=ttl):
        raise CdsAuthError("This JWT (jti) was used before: replay refused.")
    return CdsCaller(client=client, claims=claims)
