"""A per-process cache of what authorize reads that is not money: who the caller is, what
prices its calls, what it may not dial, and the carrier trunks.

Authorize's target is a p99 of 10 ms; reading a dozen configuration rows per call would spend
that alone. Entries live ``TOLLGATE_CALL_CACHE_SECONDS`` (default 5; 0 disables the cache), so
a change to a SIP user, a plan, a deck, a trunk or a block reaches new calls within that time.
Money is never cached: the billing account is read under its row lock on every authorize.
Cached ORM rows are expunged from their session, so they are plain read-only snapshots.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import select

from app.calls.pricing import Caller, Pricing, caller_pricing, find_caller
from app.calls.store import OrmSource
from app.calls.trunks import Carriers, load_carriers
from app.db.models.telephony import RestrictedPrefix, SipUser
from app.db.models.user import User
from app.ratedecks.destinations import blocked_prefixes

MAX_CALLERS = 10_000


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
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._callers: OrderedDict[tuple[str | None, str | None], tuple[float, Profile]] = (
            OrderedDict()
        )
        self._devices: dict[uuid.UUID, Profile] = {}
        """SIP user id → its latest profile, for finalize (which knows the id, not the name)."""
        self._platform: tuple[float, Platform] | None = None

    def _fresh(self, stamp: float) -> bool:
        return time.monotonic() - stamp < self.seconds

    async def profile(
        self, orm: OrmSource, sip_user: str | None, account_code: str | None
    ) -> Profile:
        key = (sip_user, account_code)
        hit = self._callers.get(key)
        if hit is not None and self._fresh(hit[0]):
            return hit[1]
        async with orm() as session:
            caller = await find_caller(session, sip_user, account_code)
            profile = Profile(
                caller,
                await caller_pricing(session, caller),
                await blocked_prefixes(session, caller.client.id),
            )
            if self.seconds > 0:
                session.expunge(caller.sip_user)
                session.expunge(caller.client)
        if self.seconds > 0:
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
            return await caller_pricing(session, Caller(sip_user, client), versions)

    async def platform(self, orm: OrmSource) -> Platform:
        if self._platform is not None and self._fresh(self._platform[0]):
            return self._platform[1]
        async with orm() as session:
            restricted = (await session.execute(select(RestrictedPrefix.prefix))).scalars().all()
            platform = Platform(tuple(restricted), await load_carriers(session))
            if self.seconds > 0:
                for trunk in platform.carriers.trunks.values():
                    session.expunge(trunk)
        if self.seconds > 0:
            self._platform = (time.monotonic(), platform)
        return platform
