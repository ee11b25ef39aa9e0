"""Authentication and the per-route access guard.

Every route declares an :class:`~app.lib.access.Access` rule in its ``opt``; :func:`enforce_access`
(the app-wide guard) resolves the caller from the ``Authorization: Bearer …`` header and applies
the rule. Credentials are recognised by shape: API keys start with ``tgk_``; anything else is an
access token (a session's or an OAuth client's JWT). The service token is accepted on internal
routes only, and only there.
"""

from __future__ import annotations

import ipaddress
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.apikeys.denylist import access_token_revoked
from app.db.models.user import User, UserStatus
from app.lib.access import Access, Principal, Role, effective_scopes
from app.lib.errors import AuthenticationError, PermissionDeniedError
from app.lib.scoping import bind_system
from app.lib.security import decode_access_token, same_secret
from app.lib.settings import Settings

API_KEY_PREFIX = "tgk_"
SESSION_MAKER_STATE_KEY = "tollgate_sessions"  # set by the plugin's lifespan

# Resolves a credential with a given prefix into a principal (API keys register here).
CredentialResolver = Callable[[AsyncSession, Settings, str, str | None], Awaitable[Principal]]
CREDENTIAL_RESOLVERS: dict[str, CredentialResolver] = {}


def route_access(handler: BaseRouteHandler) -> Access:
    access = handler.opt.get("access")
    if not isinstance(access, Access):
        raise RuntimeError(f"route {handler} declares no Access rule in opt['access']")
    return access


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def client_ip(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The peer address, or None when it is not an IP address (a test client, a Unix socket)."""
    host = connection.client.host if connection.client else None
    try:
        return str(ipaddress.ip_address(host)) if host else None
    except ValueError:
        return None


async def principal_for_user(
    session: AsyncSession,
    user_id: uuid.UUID,
    granted: frozenset[str] | None,
    via: str,
    credential_id: uuid.UUID | None = None,
) -> Principal:
    """The principal of an active user, its scopes capped by its role."""
    row = (
        await session.execute(
            select(User.role, User.parent_id, User.status).where(User.id == user_id)
        )
    ).one_or_none()
    if row is None or row.status != UserStatus.ACTIVE:
        raise AuthenticationError("The account does not exist or is not active")
    role = Role(row.role)
    return Principal(
        user_id=user_id,
        role=role,
        parent_id=row.parent_id,
        scopes=effective_scopes(role, granted),
        via="oauth" if via == "oauth" else "api_key" if via == "api_key" else "session",
        credential_id=credential_id,
    )


async def _principal_from_jwt(
    session: AsyncSession, settings: Settings, token: str, redis: Redis
) -> Principal:
    claims = decode_access_token(settings, token)
    if await access_token_revoked(redis, settings, claims):
        raise AuthenticationError("The access token has been revoked")
    via = str(claims.extra.get("via", "session"))
    granted = frozenset(claims.extra["scp"]) if "scp" in claims.extra else None
    credential = claims.extra.get("cid")
    try:
        user_id = uuid.UUID(claims.subject)
        credential_id = uuid.UUID(str(credential)) if credential else None
    except ValueError as exc:
        raise AuthenticationError("The access token is not valid: malformed subject") from exc
    return await principal_for_user(session, user_id, granted, via, credential_id)


async def resolve_principal(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    token: str,
    ip: str | None,
    redis: Redis,
) -> Principal:
    async with sessions() as session:
        bind_system(session)
        for prefix, resolver in CREDENTIAL_RESOLVERS.items():
            if token.startswith(prefix):
                return await resolver(session, settings, token, ip)
        return await _principal_from_jwt(session, settings, token, redis)


def _check_service_token(settings: Settings, token: str | None) -> None:
    if settings.service_token is None or token is None:
        raise AuthenticationError("This internal route needs the service token")
    if not same_secret(token, settings.service_token):
        raise AuthenticationError("The service token is not valid")


async def enforce_access(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """The app-wide guard: apply the route's Access rule to the caller."""
    connection.state.principal = None
    if connection.scope.get("method") == "OPTIONS" and "access" not in handler.opt:
        return  # Litestar's generated OPTIONS answer (Allow header) reveals and changes nothing
    access = route_access(handler)
    if access.public:
        return
    settings: Settings = connection.app.state.settings
    token = bearer_token(connection)
    if access.internal:
        _check_service_token(settings, token)
        return
    if token is None:
        raise AuthenticationError("Sign in, or send an API key, as 'Authorization: Bearer …'")
    if settings.service_token is not None and same_secret(token, settings.service_token):
        raise AuthenticationError("The service token is accepted on internal routes only")
    sessions = connection.app.state[SESSION_MAKER_STATE_KEY]
    redis: Redis = connection.app.state.redis
    principal = await resolve_principal(sessions, settings, token, client_ip(connection), redis)
    if access.roles is not None and principal.role not in access.roles:
        raise PermissionDeniedError(f"This function is not available to a {principal.role}")
    if access.scope is not None and not principal.allows(access.scope):
        raise PermissionDeniedError(f"This needs the scope {access.scope!r}")
    connection.state.principal = principal


def now_utc() -> datetime:
    return datetime.now(UTC)
