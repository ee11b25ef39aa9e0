"""Redis access: one asyncio client per process, keys namespaced by the configured prefix."""

from __future__ import annotations

from redis.asyncio import Redis

from app.lib.settings import Settings


def redis_client(settings: Settings) -> Redis:
    """A client for REDIS_URL (``redis://``, ``rediss://`` or ``unix://``)."""
    return Redis.from_url(settings.require_redis_url(), decode_responses=True)


def redis_key(settings: Settings, *parts: str) -> str:
    """A key under this deployment's prefix, so several deployments (or test runs) can share a
    Redis without seeing each other's keys."""
    return ":".join((settings.redis_prefix, *parts))
