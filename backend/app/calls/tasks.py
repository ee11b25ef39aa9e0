"""Actors of call control: the reservation sweeper."""

from __future__ import annotations

import datetime

from app.calls.live import live_key
from app.calls.sweeper import expire_stale
from app.lib.scoping import bind_system
from app.worker.context import worker_context
from app.worker.registry import task


@task("calls.sweep", max_retries=0)
async def sweep() -> None:
    """Release the reservations of calls whose finalize never came."""
    context = worker_context()
    async with context.sessions()() as session:
        bind_system(session)
        expired = await expire_stale(session, datetime.datetime.now(datetime.UTC))
        await session.commit()
    if expired:
        context.redis.hdel(live_key(context.settings), *expired)
