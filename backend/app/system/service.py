"""Liveness, readiness and the worker heartbeat.

Readiness means each dependency *really* answered just now: PostgreSQL ran a query, Redis and
the broker's Redis answered PING, and a worker executed the ``system.heartbeat`` actor recently
(which proves the whole enqueue → broker → worker path).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import redis
import redis.asyncio as aioredis
from dramatiq.brokers.redis import RedisBroker
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.lib.redis import redis_key
from app.lib.settings import Settings
from app.system.schemas import Readiness, ReadinessCheck
from app.worker.broker import broker_ping


class DependencyUnavailable(Exception):
    """A dependency answered, but not with what readiness requires."""


def heartbeat_key(settings: Settings) -> str:
    return redis_key(settings, "worker", "heartbeat")


def record_heartbeat(client: redis.Redis, settings: Settings, worker_id: str) -> None:
    """Store the time a worker executed the heartbeat actor; it expires when stale."""
    payload = json.dumps({"at": datetime.now(UTC).isoformat(), "worker": worker_id})
    client.set(heartbeat_key(settings), payload, ex=settings.heartbeat_stale_seconds)


async def heartbeat_age(client: aioredis.Redis, settings: Settings, now: datetime) -> float:
    """Seconds since a worker last beat; raises when no worker beat within the stale window."""
    raw = await client.get(heartbeat_key(settings))
    if raw is None:
        raise DependencyUnavailable("no worker heartbeat within the stale window")
    beat_at = datetime.fromisoformat(json.loads(raw)["at"])
    age = (now - beat_at).total_seconds()
    if age > settings.heartbeat_stale_seconds:
        raise DependencyUnavailable(f"last worker heartbeat {age:.0f} s ago")
    return age


async def _timed(check: Callable[[], Awaitable[object]], limit: float) -> ReadinessCheck:
    started = time.perf_counter()
    detail: str | None
    try:
        async with asyncio.timeout(limit):
            await check()
    except TimeoutError:
        status, detail = "error", f"no answer within {limit} s"
    except Exception as exc:  # readiness reports any failure instead of raising it
        status, detail = "error", f"{type(exc).__name__}: {exc}"
    else:
        status, detail = "ok", None
    latency = round((time.perf_counter() - started) * 1000, 2)
    return ReadinessCheck(
        status="ok" if status == "ok" else "error", latency_ms=latency, detail=detail
    )


async def check_readiness(
    engine: AsyncEngine, client: aioredis.Redis, broker: RedisBroker, settings: Settings
) -> Readiness:
    async def postgres() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    async def redis_ping() -> None:
        await client.ping()

    async def broker_reachable() -> None:
        if not await asyncio.to_thread(broker_ping, broker):
            raise DependencyUnavailable("broker did not answer PING")

    async def worker() -> None:
        await heartbeat_age(client, settings, datetime.now(UTC))

    timeout = settings.ready_timeout_seconds
    names = ("postgres", "redis", "broker", "worker")
    results = await asyncio.gather(
        *(_timed(check, timeout) for check in (postgres, redis_ping, broker_reachable, worker))
    )
    checks = dict(zip(names, results, strict=True))
    healthy = all(check.status == "ok" for check in checks.values())
    return Readiness(status="ok" if healthy else "unavailable", checks=checks)
