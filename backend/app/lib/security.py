"""Secrets: password hashing (argon2), opaque tokens, and access tokens (JWT, RFC 8725).

Access tokens are HS256 JWTs signed with TOLLGATE_SECRET_KEY. Decoding names the one accepted
algorithm explicitly and requires issuer, audience, expiry, issued-at, subject and token id, so
``alg: none``, HS/RS confusion, a foreign audience or an expired token are each refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from app.lib.errors import AuthenticationError
from app.lib.settings import Settings

JWT_ALGORITHM = "HS256"
JWT_ISSUER = "tollgate"
JWT_AUDIENCE = "tollgate-api"
_REQUIRED_CLAIMS = ["exp", "iat", "iss", "aud", "sub", "jti"]


@lru_cache(maxsize=4)
def _hasher(time_cost: int, memory_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=1)


def hash_secret(settings: Settings, secret: str) -> str:
    """An argon2id hash of ``secret`` (a password or an API-key secret)."""
    return _hasher(settings.hash_time_cost, settings.hash_memory_kib).hash(secret)


def verify_secret(settings: Settings, stored_hash: str, secret: str) -> bool:
    """True when ``secret`` matches ``stored_hash``; never raises for a wrong secret."""
    try:
        return _hasher(settings.hash_time_cost, settings.hash_memory_kib).verify(
            stored_hash, secret
        )
    except (VerificationError, InvalidHashError):
        return False


# A hash of a random secret: verifying against it costs the same as a real check, so a login
# for an unknown e-mail takes as long as one with a wrong password.
_DUMMY_SECRET = secrets.token_urlsafe(16)


def burn_verification_time(settings: Settings) -> None:
    dummy = _dummy_hash(settings.hash_time_cost, settings.hash_memory_kib)
    _hasher(settings.hash_time_cost, settings.hash_memory_kib).verify(dummy, _DUMMY_SECRET)


@lru_cache(maxsize=4)
def _dummy_hash(time_cost: int, memory_kib: int) -> str:
    return _hasher(time_cost, memory_kib).hash(_DUMMY_SECRET)


def new_token(nbytes: int = 32) -> str:
    """A URL-safe random token (refresh tokens, reset tokens, secrets)."""
    return secrets.token_urlsafe(nbytes)


def token_digest(token: str) -> str:
    """SHA-256 of a high-entropy token, for lookup at rest (tokens are never stored in clear)."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True, slots=True)
class AccessClaims:
    subject: str
    token_id: str
    expires_at: datetime
    extra: dict[str, Any]


def issue_access_token(
    settings: Settings, subject: str, now: datetime, extra: dict[str, Any] | None = None
) -> tuple[str, AccessClaims]:
    expires_at = now + timedelta(seconds=settings.access_token_seconds)
    token_id = uuid.uuid4().hex
    payload: dict[str, Any] = {
        **(extra or {}),
        "iss": JWT_ISSUER,
        "aud": JWT_AUDIENCE,
        "sub": subject,
        "jti": token_id,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    token = jwt.encode(payload, settings.secret_key, algorithm=JWT_ALGORITHM)
    return token, AccessClaims(subject, token_id, expires_at, dict(extra or {}))


def decode_access_token(settings: Settings, token: str) -> AccessClaims:
    """Verify ``token`` and return its claims, or raise AuthenticationError saying why."""
    try:
        payload = jwt.decode(
            token,
            settings.secret_key,
            algorithms=[JWT_ALGORITHM],
            audience=JWT_AUDIENCE,
            issuer=JWT_ISSUER,
            options={"require": _REQUIRED_CLAIMS},
        )
    except jwt.ExpiredSignatureError as exc:
        raise AuthenticationError("The access token has expired") from exc
    except jwt.InvalidTokenError as exc:
        raise AuthenticationError(f"The access token is not valid: {exc}") from exc
    extra = {key: value for key, value in payload.items() if key not in _REQUIRED_CLAIMS}
    return AccessClaims(
        subject=str(payload["sub"]),
        token_id=str(payload["jti"]),
        expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        extra=extra,
    )
