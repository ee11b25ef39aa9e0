"""The caller cache: configuration is reused for its lifetime, money never is."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import replace

from redis.asyncio import Redis

from app.calls.authorize import authorize
from app.calls.cache import CallerCache
from app.calls.schemas import AuthorizeRequest
from app.db.models.telephony import SipUser
from app.lib.settings import Settings
from tests.support.calls import call_world
from tests.support.identity import system_session


async def _authorize(settings: Settings, cache: CallerCache, sip_user: str) -> str:
    session, close = await system_session(settings)
    redis = Redis.from_url(settings.require_redis_url())
    try:
        request = AuthorizeRequest(
            call_id=uuid.uuid4().hex, sip_user=sip_user, dialled_number="02079460000"
        )
        now = datetime.datetime.now(datetime.UTC)
        answer = await authorize(session, redis, settings, request, now, cache)
        await session.commit()
        return answer.result
    finally:
        await redis.aclose()
        await close()


async def _suspend(settings: Settings, sip_user_id: uuid.UUID) -> None:
    session, close = await system_session(settings)
    try:
        device = await session.get(SipUser, sip_user_id)
        assert device is not None
        device.status = "suspended"
        await session.commit()
    finally:
        await close()


async def test_a_cached_profile_is_reused_until_it_expires(settings: Settings) -> None:
    world = await call_world(settings, credit="0.12")
    cached = replace(settings, call_cache_seconds=3600)
    cache, uncached = CallerCache(3600), CallerCache(0)
    assert await _authorize(cached, cache, world.sip_user) == "ok"
    await _suspend(settings, world.sip_user_id)
    # Configuration comes from the cache; the money does not: the first call holds the credit.
    assert await _authorize(cached, cache, world.sip_user) == "no_credit"
    assert await _authorize(settings, uncached, world.sip_user) == "suspended"
    cache.seconds = 0  # expired
    assert await _authorize(cached, cache, world.sip_user) == "suspended"
