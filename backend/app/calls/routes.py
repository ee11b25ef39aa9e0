"""HTTP surface of call control: the gateway's internal endpoints and the live-calls list."""

from __future__ import annotations

import datetime

from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from app.calls.authorize import authorize
from app.calls.cache import CallerCache
from app.calls.finalize import finalize
from app.calls.live import live_calls
from app.calls.schemas import (
    AuthorizeRequest,
    AuthorizeResponse,
    CallId,
    FinalizeRequest,
    FinalizeResponse,
    LiveCall,
)
from app.lib.access import INTERNAL, requires
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from app.server.dependencies import CurrentPrincipal, DbSession, RedisDep, SettingsDep

CACHE_STATE_KEY = "call_cache"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _cache(state: State, settings: Settings) -> CallerCache:
    """The process's caller cache (docs/call-control.md), made on first use."""
    cache = state.get(CACHE_STATE_KEY)
    if not isinstance(cache, CallerCache):
        cache = state[CACHE_STATE_KEY] = CallerCache(settings.call_cache_seconds)
    return cache


class CallControlController(Controller):
    """Called by agi_gateway with the service token (docs/agi-protocol.md)."""

    path = "/internal/v1/calls"
    tags = ("internal",)
    opt = {"access": INTERNAL}  # noqa: RUF012 - Litestar merges layer opts by attribute

    @post("/authorize", status_code=200, operation_id="authorizeCall")
    async def authorize_call(
        self,
        db_session: DbSession,
        redis: RedisDep,
        settings: SettingsDep,
        data: JSONBody[AuthorizeRequest],
        state: State,
    ) -> AuthorizeResponse:
        """Grant (rate, maximum duration, trunks) or refuse (a reason code) a call at start."""
        bind_system(db_session)
        cache = _cache(state, settings)
        answer = await authorize(db_session, redis, settings, data, _now(), cache)
        await db_session.commit()
        return answer

    @post("/{call_id:str}/finalize", status_code=200, operation_id="finalizeCall")
    async def finalize_call(
        self,
        db_session: DbSession,
        redis: RedisDep,
        settings: SettingsDep,
        call_id: FromPath[CallId],
        data: JSONBody[FinalizeRequest],
        state: State,
    ) -> FinalizeResponse:
        """Rate, write the CDR, charge and release the reservation; idempotent on the call id."""
        bind_system(db_session)
        cache = _cache(state, settings)
        answer = await finalize(db_session, redis, settings, call_id, data, _now(), cache)
        await db_session.commit()
        return answer


class LiveCallController(Controller):
    path = "/api/v1/calls"
    tags = ("calls",)

    @get("/live", opt=requires("calls:read"), operation_id="listLiveCalls")
    async def live(
        self, principal: CurrentPrincipal, redis: RedisDep, settings: SettingsDep
    ) -> list[LiveCall]:
        """Calls in progress within reach (CellHub "Calls Online"), with duration so far."""
        return await live_calls(redis, settings, principal, _now())
