"""Request-scoped dependencies every feature's routes share."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from dramatiq import Broker
from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.audit.service import Actor
from app.lib.access import Principal
from app.lib.errors import AuthenticationError
from app.lib.scoping import bind_principal
from app.lib.settings import Settings
from app.server.auth import SESSION_MAKER_STATE_KEY, client_ip

# Route parameters that Litestar injects by name (explicit markers, as Litestar 3 requires).
ScopedSession = NamedDependency[AsyncSession]
DbSession = NamedDependency[AsyncSession]
CurrentPrincipal = NamedDependency[Principal]
CurrentActor = NamedDependency[Actor]
SessionMaker = NamedDependency[async_sessionmaker[AsyncSession]]
SettingsDep = NamedDependency[Settings]
RedisDep = NamedDependency[Redis]
BrokerDep = NamedDependency[Broker]


def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    principal = getattr(request.state, "principal", None)
    if not isinstance(principal, Principal):
        raise AuthenticationError("This route needs a signed-in caller")
    return principal


async def provide_session(
    db_session: DbSession, principal: CurrentPrincipal
) -> AsyncGenerator[AsyncSession, None]:
    """The request's database session, scoped to what the caller may see.

    It commits when the handler returns, inside the request: a failing commit is then a 500
    problem, never a success reply for a change that was lost. (When the handler raises, the
    exception passes through here and the transaction is rolled back.)"""
    bind_principal(db_session, principal)
    session: AsyncSession = db_session
    yield session
    await session.commit()


def provide_actor(request: Request[Any, Any, Any]) -> Actor:
    principal = getattr(request.state, "principal", None)
    return Actor(
        principal=principal if isinstance(principal, Principal) else None,
        request_id=request.scope.get("state", {}).get("request_id"),
        ip=client_ip(request),
    )


def provide_session_maker(state: State) -> async_sessionmaker[AsyncSession]:
    """For services that manage their own transactions (sign-in, token rotation)."""
    maker: async_sessionmaker[AsyncSession] = state[SESSION_MAKER_STATE_KEY]
    return maker
