"""Revoked access tokens (RFC 7009), kept in Redis until they would have expired anyway.

Access tokens are stateless JWTs, so revocation is a denylist the JWT path of
``app.server.auth`` consults on every request: one ``EXISTS`` over the token's ``jti`` key and,
for an OAuth token, its client's key (revoking a client kills every token it was issued at once).
Each entry lives only as long as the tokens it denies could, so the list never grows unbounded.

This module imports nothing from ``app.server`` so that ``app.server.auth`` can import it.
"""

from __future__ import annotations

import datetime
import uuid

from redis.asyncio import Redis

from app.lib.redis import redis_key
from app.lib.security import AccessClaims
from app.lib.settings import Settings

CLOCK_SLACK_SECONDS = 60


def _token_key(settings: Settings, token_id: str) -> str:
    return redis_key(settings, "oauth", "revoked-token", token_id)


def _client_key(settings: Settings, client_id: uuid.UUID | str) -> str:
    return redis_key(settings, "oauth", "revoked-client", str(client_id))


async def deny_access_token(
    redis: Redis, settings: Settings, token_id: str, expires_at: datetime.datetime
) -> None:
    """Refuse the token with this ``jti`` from now until its expiry."""
    remaining = expires_at - datetime.datetime.now(datetime.UTC)
    seconds = int(remaining.total_seconds()) + CLOCK_SLACK_SECONDS
    if seconds > 0:
        await redis.set(_token_key(settings, token_id), "1", ex=seconds)


async def deny_client_tokens(redis: Redis, settings: Settings, client_id: uuid.UUID) -> None:
    """Refuse every access token issued so far to this OAuth client (its row id)."""
    seconds = settings.access_token_seconds + CLOCK_SLACK_SECONDS
    await redis.set(_client_key(settings, client_id), "1", ex=seconds)


async def access_token_revoked(redis: Redis, settings: Settings, claims: AccessClaims) -> bool:
    """True when the token, or the OAuth client it was issued to, has been revoked."""
    keys = [_token_key(settings, claims.token_id)]
    client_id = claims.extra.get("cid")
    if client_id:
        keys.append(_client_key(settings, str(client_id)))
    found: int = await redis.exists(*keys)
    return found > 0
