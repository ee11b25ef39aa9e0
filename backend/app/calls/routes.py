"""HTTP surface of call control: the gateway's internal endpoints and the live-calls list."""

from __future__ import annotations

import datetime

from litestar import Controller, get, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody

from app.calls.authorize import authorize
from app.calls.cache import CallerCache
from app.calls.finalize import finalize
from app.calls.invalidation import ChangeListener
from app.calls.live import live_calls
from app.calls.schemas import (
    AuthorizeRequest,
    AuthorizeResponse,
    CallId,
    FinalizeRequest,
    FinalizeResponse,
    LiveCall,
)
from app.calls.store import CallStore
from app.lib.access import INTERNAL, requires
from app.lib.settings import Settings
from app.server.auth import SESSION_MAKER_STATE_KEY
from app.server.dependencies import CurrentPrincipal, RedisDep, SettingsDep

CACHE_STATE_KEY = "call_cache"
STORE_STATE_KEY = "call_store"
LISTENER_STATE_KEY = "call_config_listener"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def call_cache(state: State, settings: Settings) -> CallerCache:
    """The process's caller cache (docs/call-control.md), made on first use."""
    cache = state.get(CACHE_STATE_KEY)
    if not isinstance(cache, CallerCache):
        cache = state[CACHE_STATE_KEY] = new_cache(settings)
    return cache


def new_cache(settings: Settings) -> CallerCache:
    return CallerCache(settings.call_cache_seconds, settings.call_cache_heard_seconds)


def open_call_control(state: State, settings: Settings) -> None:
    """Put the process's call-control pool and caller cache in the app state and start
    listening for configuration changes (the plugin's lifespan calls this at start; the pool
    itself opens on the first call)."""
    state[STORE_STATE_KEY] = CallStore(settings, state[SESSION_MAKER_STATE_KEY])
    cache = state[CACHE_STATE_KEY] = new_cache(settings)
    if settings.call_cache_seconds > 0:
        listener = state[LISTENER_STATE_KEY] = ChangeListener(
            settings.require_database_url(), cache
        )
        listener.start()


async def close_call_control(state: State) -> None:
    """Stop listening and the cache's background refreshes, then close the pool."""
    cache, store = state.get(CACHE_STATE_KEY), state.get(STORE_STATE_KEY)
    listener = state.get(LISTENER_STATE_KEY)
    if isinstance(listener, ChangeListener):
        await listener.close()
    if isinstance(cache, CallerCache):
        await cache.aclose()
    if isinstance(store, CallStore):
        await store.close()


def call_store(state: State) -> CallStore:
    store: CallStore = state[STORE_STATE_KEY]
    return store


class CallControlController(Controller):
    """Called by agi_gateway with the service token (docs/agi-protocol.md)."""

    path = "/internal/v1/calls"
    tags = ("internal",)
    opt = {"access": INTERNAL}  # noqa: RUF012 - Litestar merges layer opts by attribute

    @post("/authorize", status_code=200, operation_id="authorizeCall")
    async def authorize_call(
        self, redis: RedisDep, settings: SettingsDep, data: JSONBody[AuthorizeRequest], state: State
    ) -> AuthorizeResponse:
        """Grant (rate, maximum duration, trunks) or refuse (a reason code) a call at start."""
        async with call_store(state).db() as db:
            return await authorize(db, redis, settings, data, _now(), call_cache(state, settings))

    @post("/{call_id:str}/finalize", status_code=200, operation_id="finalizeCall")
    async def finalize_call(
        self,
        redis: RedisDep,
        settings: SettingsDep,
        call_id: FromPath[CallId],
        data: JSONBody[FinalizeRequest],
        state: State,
    ) -> FinalizeResponse:
        """Rate, write the CDR, charge and release the reservation; idempotent on the call id."""
        cache = call_cache(state, settings)
        async with call_store(state).db() as db:
            return await finalize(db, redis, settings, call_id, data, _now(), cache)


class LiveCallController(Controller):
    path = "/api/v1/calls"
    tags = ("calls",)

    @get("/live", opt=requires("calls:read"), operation_id="listLiveCalls")
    async def live(
        self, principal: CurrentPrincipal, redis: RedisDep, settings: SettingsDep
    ) -> list[LiveCall]:
        """Calls in progress within reach (CellHub "Calls Online"), with duration so far."""
        return await live_calls(redis, settings, principal, _now())
