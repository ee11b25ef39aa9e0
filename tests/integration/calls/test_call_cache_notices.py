"""The caller cache hears committed configuration changes (migration 0017's NOTIFY)."""

from __future__ import annotations

import asyncio

from app.calls.cache import CallerCache
from app.calls.invalidation import ChangeListener
from app.db.models.telephony import RestrictedPrefix
from app.lib.settings import Settings
from tests.integration.calls.test_call_cache import _authorize, _suspend
from tests.support.calls import call_world
from tests.support.identity import system_session


async def _heard(listener: ChangeListener, count: int) -> None:
    async with asyncio.timeout(10):
        while listener.notices < count:
            listener.changed.clear()
            await listener.changed.wait()


async def test_a_committed_change_drops_the_cache_at_once(settings: Settings) -> None:
    world = await call_world(settings, credit="100")
    cache = CallerCache(5, 3600)
    listener = ChangeListener(settings.require_database_url(), cache)
    listener.start()
    try:
        async with asyncio.timeout(10):
            await listener.subscribed.wait()
        assert cache.lifetime == 3600  # heard: the long lifetime is only a safety net
        assert await _authorize(settings, cache, world.sip_user) == "ok"
        await _suspend(settings, world.sip_user_id)
        await _heard(listener, 1)
        assert listener.last_table == "sip_user"
        assert await _authorize(settings, cache, world.sip_user) == "suspended"
    finally:
        await listener.close()
    assert cache.lifetime == 5  # no longer heard: back to the short lifetime


async def test_a_rolled_back_change_is_not_announced(settings: Settings) -> None:
    cache = CallerCache(5, 3600)
    listener = ChangeListener(settings.require_database_url(), cache)
    listener.start()
    try:
        async with asyncio.timeout(10):
            await listener.subscribed.wait()
        session, close = await system_session(settings)
        try:
            session.add(RestrictedPrefix(prefix="4490", note="rolled back"))
            await session.flush()
            await session.rollback()
            session.add(RestrictedPrefix(prefix="4491", note="kept"))
            await session.commit()
        finally:
            await close()
        await _heard(listener, 1)
        await asyncio.sleep(0.2)
        assert (listener.notices, listener.last_table) == (1, "restricted_prefix")
    finally:
        await listener.close()
