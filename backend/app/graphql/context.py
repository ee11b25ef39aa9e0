"""The GraphQL request context: the caller, a session scoped to it, and error mapping.

The GraphQL HTTP route is public; the caller is resolved here from the same
``Authorization: Bearer`` credentials as REST (an invalid credential is a 401 problem, as on
REST), and each field checks the scope it needs with :func:`require`. Mutations run through
the same services as REST, on a session bound to the caller, so tenant scoping is identical.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Any, TypeVar

from graphql import GraphQLError
from litestar import Request
from sqlalchemy.ext.asyncio import AsyncSession
from strawberry.types import Info

from app.audit.service import Actor
from app.lib.access import Principal, Role
from app.lib.errors import AuthenticationError, PermissionDeniedError, TollgateError
from app.lib.scoping import bind_principal, bind_system
from app.lib.settings import Settings
from app.server.auth import SESSION_MAKER_STATE_KEY, bearer_token, client_ip, resolve_principal
from app.server.dependencies import DbSession
from app.server.exceptions import status_for

T = TypeVar("T")
_FAILED = "tollgate.failed"
_SESSION_LOCK = "tollgate.session_lock"


async def graphql_context(
    request: Request[Any, Any, Any], db_session: DbSession
) -> AsyncGenerator[dict[str, Any], None]:
    settings: Settings = request.app.state.settings
    token = bearer_token(request)
    principal: Principal | None = None
    if token is not None:
        sessions = request.app.state[SESSION_MAKER_STATE_KEY]
        principal = await resolve_principal(
            sessions, settings, token, client_ip(request), request.app.state.redis
        )
        bind_principal(db_session, principal)
    else:
        bind_system(db_session)  # no data is reachable: every data field requires a principal
    context: dict[str, Any] = {
        "principal": principal,
        "session": db_session,
        "settings": settings,
        "actor": Actor(
            principal, request.scope.get("state", {}).get("request_id"), client_ip(request)
        ),
        # Sibling fields resolve concurrently but share one session: run() takes turns.
        _SESSION_LOCK: asyncio.Lock(),
    }
    yield context
    if context.get(_FAILED):
        await db_session.rollback()
    else:
        await db_session.commit()


def require(
    info: Info[Any, Any], scope: str | None, roles: frozenset[Role] | None = None
) -> tuple[AsyncSession, Principal]:
    """The caller's scoped session and principal, if it is signed in, holds ``scope``
    (``None``: any signed-in caller) and has one of ``roles`` (the REST route's rule)."""
    principal: Principal | None = info.context["principal"]
    if principal is None:
        raise _as_graphql(AuthenticationError("Sign in, or send an API key"))
    if scope is not None and not principal.allows(scope):
        raise _as_graphql(PermissionDeniedError(f"This needs the scope {scope!r}"))
    if roles is not None and principal.role not in roles:
        raise _as_graphql(
            PermissionDeniedError(f"This function is not available to a {principal.role}")
        )
    session: AsyncSession = info.context["session"]
    return session, principal


def _as_graphql(error: TollgateError) -> GraphQLError:
    extensions: dict[str, Any] = {"type": error.problem_type, "status": status_for(error)}
    if error.errors:
        extensions["errors"] = [
            {"field": e.field, "message": e.message} for e in error.errors if e.field
        ]
    return GraphQLError(error.detail, extensions=extensions)


async def run(info: Info[Any, Any], operation: Callable[[], Awaitable[T]]) -> T:
    """Run a resolver's work, one at a time per request (sibling fields resolve concurrently
    but share the request's session); a domain error becomes a GraphQL error and, for a
    mutation, the request's transaction is rolled back instead of committed."""
    try:
        async with info.context[_SESSION_LOCK]:
            return await operation()
    except TollgateError as error:
        info.context[_FAILED] = True
        raise _as_graphql(error) from error
