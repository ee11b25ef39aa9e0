"""Turning an ``Authorization: Bearer tgk_<key_id>_<secret>`` header into a principal.

Importing this module registers :func:`authenticate_api_key` for the ``tgk_`` prefix in
``app.server.auth.CREDENTIAL_RESOLVERS``.

Verifying an argon2 hash costs tens of milliseconds, so a successful verification is remembered
in this process for at most :data:`VERIFIED_TTL_SECONDS`, keyed by the token's SHA-256 digest
(the token itself is never kept). The cache only spares the hash: the key row and its owner are
read from the database on every request, so revocation, expiry, a changed IP allowlist or a
suspended owner take effect on the very next request, in every process.
"""

from __future__ import annotations

import datetime
import ipaddress
import time
import uuid
from datetime import timedelta

from anyio import to_thread
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.apikeys.service import API_KEY_PREFIX, KEY_ID_BYTES
from app.db.models.api_key import ApiKey
from app.lib.access import Principal
from app.lib.errors import AuthenticationError, PermissionDeniedError
from app.lib.security import burn_verification_time, token_digest, verify_secret
from app.lib.settings import Settings
from app.server.auth import CREDENTIAL_RESOLVERS, principal_for_user

VERIFIED_TTL_SECONDS = 60.0
VERIFIED_MAX_ENTRIES = 10_000
LAST_USED_RESOLUTION = timedelta(minutes=1)
_HEX = frozenset("0123456789abcdef")

# token digest -> (api_key.id, time.monotonic() of the successful verification)
_verified: dict[str, tuple[uuid.UUID, float]] = {}


def parse_api_key(token: str) -> tuple[str, str]:
    """``tgk_<key_id>_<secret>`` → (key_id, secret); the secret may itself contain ``_``."""
    key_id, separator, secret = token.removeprefix(API_KEY_PREFIX).partition("_")
    well_formed = (
        token.startswith(API_KEY_PREFIX)
        and separator
        and len(key_id) == KEY_ID_BYTES * 2
        and set(key_id) <= _HEX
        and secret
    )
    if not well_formed:
        raise AuthenticationError("The API key is not valid")
    return key_id, secret


def _recently_verified(digest: str, key_id: uuid.UUID) -> bool:
    entry = _verified.get(digest)
    if entry is None:
        return False
    cached_key, verified_at = entry
    if cached_key != key_id or time.monotonic() - verified_at >= VERIFIED_TTL_SECONDS:
        del _verified[digest]
        return False
    return True


def _remember(digest: str, key_id: uuid.UUID) -> None:
    if len(_verified) >= VERIFIED_MAX_ENTRIES:
        horizon = time.monotonic() - VERIFIED_TTL_SECONDS
        for stale in [d for d, (_, at) in _verified.items() if at < horizon]:
            del _verified[stale]
        if len(_verified) >= VERIFIED_MAX_ENTRIES:
            _verified.clear()
    _verified[digest] = (key_id, time.monotonic())


def forget_verifications() -> None:
    """Empty the in-process verification cache (tests; a key-rotation tool)."""
    _verified.clear()


async def _secret_matches(settings: Settings, key: ApiKey | None, token: str, secret: str) -> bool:
    if key is None:
        # As slow as a real check, so response time does not tell which key ids exist.
        await to_thread.run_sync(burn_verification_time, settings)
        return False
    digest = token_digest(token)
    if _recently_verified(digest, key.id):
        return True
    matches = await to_thread.run_sync(verify_secret, settings, key.secret_hash, secret)
    if matches:
        _remember(digest, key.id)
    return matches


def _client_allowed(allowlist: list[str], ip: str | None) -> bool:
    if not allowlist:
        return True
    if ip is None:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(network) for network in allowlist)


def check_usable(key: ApiKey, ip: str | None, now: datetime.datetime) -> None:
    """Refuse a revoked or expired key (401), or one used from outside its allowlist (403)."""
    if key.revoked_at is not None:
        raise AuthenticationError("The API key has been revoked")
    if key.expires_at is not None and key.expires_at <= now:
        raise AuthenticationError("The API key has expired")
    if not _client_allowed(key.ip_allowlist, ip):
        raise PermissionDeniedError("The API key may not be used from this IP address")


async def _record_use(session: AsyncSession, key: ApiKey, now: datetime.datetime) -> None:
    """Stamp ``last_used_at`` at most once a minute per key (not a write per request)."""
    if key.last_used_at is not None and now - key.last_used_at < LAST_USED_RESOLUTION:
        return
    await session.execute(
        update(ApiKey)
        .where(ApiKey.id == key.id)
        .where(or_(ApiKey.last_used_at.is_(None), ApiKey.last_used_at < now - LAST_USED_RESOLUTION))
        .values(last_used_at=now, updated_at=ApiKey.updated_at)
        .execution_options(synchronize_session=False)
    )
    await session.commit()


async def authenticate_api_key(
    session: AsyncSession, settings: Settings, token: str, ip: str | None
) -> Principal:
    """The principal an API key acts as: its owner, with the key's scopes capped by the owner's
    role. ``session`` is a system session (the key's tenant is not known yet)."""
    key_id, secret = parse_api_key(token)
    key = await session.scalar(select(ApiKey).where(ApiKey.key_id == key_id))
    if not await _secret_matches(settings, key, token, secret) or key is None:
        raise AuthenticationError("The API key is not valid")
    now = datetime.datetime.now(datetime.UTC)
    check_usable(key, ip, now)
    principal = await principal_for_user(
        session, key.owner_id, frozenset(key.scopes), "api_key", key.id
    )
    await _record_use(session, key, now)
    return principal


CREDENTIAL_RESOLVERS[API_KEY_PREFIX] = authenticate_api_key
