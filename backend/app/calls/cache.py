"""A per-process cache of what authorize reads that is not money: who the caller is, what
prices its calls, what it may not dial, and the carrier trunks.

Authorize's target is a p99 of 10 ms; reading a dozen configuration rows per call would spend
that alone (about 7 ms of CPU through the ORM). Money is never cached: the billing account is
read under its row lock on every authorize. Cached ORM rows are expunged from their session, so
they are plain read-only snapshots.

How long an entry lives: while the process hears the database's change notices
(app.calls.invalidation: every committed change of a watched table drops the whole cache at
once), ``TOLLGATE_CALL_CACHE_HEARD_SECONDS`` (default an hour, a safety net); while it does not
(no listener, or its connection is down), ``TOLLGATE_CALL_CACHE_SECONDS`` (default 5), so a
change still reaches new calls within that time. 0 for the latter disables the cache.

Loading is single-flight (concurrent calls of one caller wait for one load), and in the API
process an entry in use is refreshed in the background once it is past half to nine tenths of
its life (spread by key, at most two at a time), so a busy caller never waits for a reload and
reloads do not come in waves. An entry is never served past its lifetime, nor after a change
notice that arrived after its load began.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import structlog
from sqlalchemy import select

from app.calls.pricing import Caller, Pricing, caller_pricing, find_caller
from app.calls.store import OrmSource
from app.calls.trunks import Carriers, load_carriers
from app.db.models.telephony import RestrictedPrefix, SipUser
from app.db.models.user import User
from app.ratedecks.destinations import blocked_prefixes

log = structlog.get_logger("tollgate.calls")
T = TypeVar("T")

MAX_CALLERS = 10_000
REFRESH_FROM, REFRESH_UNTIL = 0.5, 0.9
"""A use of an entry (in the API process) past a share of its life in this range refreshes it;
each key has its own share, so entries loaded together (a restart, a burst) do not all reload
at the same moment and stall the event loop together."""
REFRESHES_AT_ONCE = 2
"""Background refreshes running at once: reloads are CPU work on the request loop."""


@dataclass(frozen=True, slots=True)
class Profile:
    caller: Caller
    pricing: Pricing | None
    blocked: tuple[str, ...]
    """Prefixes of the client's blocked destination groups."""


@dataclass(frozen=True, slots=True)
class Platform:
    restricted: tuple[str, ...]
    carriers: Carriers


class CallerCache:
    def __init__(self, seconds: float, heard_seconds: float | None = None) -> None:
        self.seconds = seconds
        """Lifetime of an entry while change notices are not heard; 0 disables the cache."""
        self.heard_seconds = seconds if heard_seconds is None else max(heard_seconds, seconds)
        """Lifetime while they are (:meth:`hearing`)."""
        self._hearing = False
        self._generation = 0
        """Bumped by every :meth:`clear`: a load begun before it is not stored."""
        self._callers: OrderedDict[tuple[str | None, str | None], tuple[float, Profile]] = (
            OrderedDict()
        )
        self._devices: dict[uuid.UUID, Profile] = {}
        """SIP user id → its latest profile, for finalize (which knows the id, not the name)."""
        self._platform: tuple[float, Platform] | None = None
        self._loading: dict[Hashable, asyncio.Future[Any]] = {}
        self._background: set[asyncio.Task[None]] = set()
        self._refreshing = asyncio.Semaphore(REFRESHES_AT_ONCE)
        self._stale: set[Hashable] = set()
        """Keys whose background refresh is queued or running."""

    async def profile(
        self,
        orm: OrmSource,
        sip_user: str | None,
        account_code: str | None,
        *,
        detached: bool = False,
    ) -> Profile:
        """The caller's profile. ``detached``: ``orm`` opens sessions of its own (not the
        request's), so it may also serve a background refresh."""
        key = (sip_user, account_code)
        hit = self._callers.get(key)
        if hit is not None and self._fresh(hit[0]):
            if detached and self._aging(hit[0], key):
                self._refresh(key, lambda: self._load_profile(orm, key))
            return hit[1]
        return await self._once(key, lambda: self._load_profile(orm, key))

    async def _load_profile(self, orm: OrmSource, key: tuple[str | None, str | None]) -> Profile:
        generation = self._generation
        async with orm() as session:
            caller = await find_caller(session, *key)
            profile = Profile(
                caller,
                await caller_pricing(session, caller, bundles=True),
                await blocked_prefixes(session, caller.client.id),
            )
            if self.seconds > 0:
                session.expunge(caller.sip_user)
                session.expunge(caller.client)
        if self.seconds > 0 and generation == self._generation:
            self._callers[key] = (time.monotonic(), profile)
            self._callers.move_to_end(key)
            self._devices[caller.sip_user.id] = profile
            while len(self._callers) > MAX_CALLERS:
                _, (_, dropped) = self._callers.popitem(last=False)
                self._devices.pop(dropped.caller.sip_user.id, None)
        return profile

    async def pricing_at(
        self, orm: OrmSource, sip_user_id: uuid.UUID, versions: dict[str, int]
    ) -> Pricing | None:
        """Pricing pinned to ``versions`` (finalize) for the SIP user's current client and plan:
        the cached one when it has exactly those versions; None when the SIP user or its plan
        is gone."""
        hit = self._devices.get(sip_user_id)
        if hit is not None and hit.pricing is not None and hit.pricing.versions == versions:
            return hit.pricing
        async with orm() as session:
            sip_user = await session.get(SipUser, sip_user_id)
            client = None if sip_user is None else await session.get(User, sip_user.owner_id)
            if sip_user is None or client is None:
                return None
            return await caller_pricing(session, Caller(sip_user, client), versions, bundles=True)

    async def platform(self, orm: OrmSource, *, detached: bool = False) -> Platform:
        """Global restricted prefixes and the carriers (``detached`` as for :meth:`profile`)."""
        hit = self._platform
        if hit is not None and self._fresh(hit[0]):
            if detached and self._aging(hit[0], "platform"):
                self._refresh("platform", lambda: self._load_platform(orm))
            return hit[1]
        return await self._once("platform", lambda: self._load_platform(orm))

    async def _load_platform(self, orm: OrmSource) -> Platform:
        generation = self._generation
        async with orm() as session:
            restricted = (await session.execute(select(RestrictedPrefix.prefix))).scalars().all()
            platform = Platform(tuple(restricted), await load_carriers(session))
            if self.seconds > 0:
                for trunk in platform.carriers.trunks.values():
                    session.expunge(trunk)
        if self.seconds > 0 and generation == self._generation:
            self._platform = (time.monotonic(), platform)
        return platform

    def hearing(self, on: bool) -> None:
        """Whether change notices are heard from now on (the listener calls this once it is
        subscribed, and with False when its connection is lost). Either way the cache starts
        over: what was loaded before may have missed a notice."""
        self._hearing = on
        self.clear()

    def clear(self) -> None:
        """Forget every entry (a change notice); loads under way are not stored."""
        self._generation += 1
        self._loading.clear()  # later askers start a load of their own
        self._callers.clear()
        self._devices.clear()
        self._platform = None

    @property
    def lifetime(self) -> float:
        if self.seconds <= 0:
            return 0
        return self.heard_seconds if self._hearing else self.seconds

    def _fresh(self, stamp: float) -> bool:
        return time.monotonic() - stamp < self.lifetime

    def _aging(self, stamp: float, key: Hashable) -> bool:
        spread = (hash(key) % 1000) / 1000 * (REFRESH_UNTIL - REFRESH_FROM)
        return time.monotonic() - stamp >= self.lifetime * (REFRESH_FROM + spread)

    async def _once(self, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
        """Run ``load`` once for concurrent askers of ``key`` (only while caching is on: with
        the cache off every call reads for itself)."""
        if self.seconds <= 0:
            return await load()
        pending = self._loading.get(key)
        if pending is not None:
            value: T = await asyncio.shield(pending)
            return value
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._loading[key] = future
        try:
            loaded = await load()
        except BaseException as exc:
            future.set_exception(exc)
            future.exception()  # retrieved: no "never retrieved" warning when nobody waited
            raise
        finally:
            if self._loading.get(key) is future:  # a clear() meanwhile forgot it
                del self._loading[key]
        future.set_result(loaded)
        return loaded

    def _refresh(self, key: Hashable, load: Callable[[], Awaitable[object]]) -> None:
        if key in self._stale or key in self._loading:
            return  # a refresh of it is queued or running
        self._stale.add(key)

        async def refresh() -> None:
            try:
                async with self._refreshing:
                    await self._once(key, load)
            except Exception as exc:  # the entry simply expires; the next call reloads it
                log.warning("call cache refresh failed", key=str(key), error=repr(exc))
            finally:
                self._stale.discard(key)

        task = asyncio.get_running_loop().create_task(refresh())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def aclose(self) -> None:
        """Cancel background refreshes (at shutdown, before the pools close)."""
        tasks, self._background = self._background, set()
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
