"""What an actor running in a worker process can reach: its settings and a Redis client.

Dramatiq calls actors without dependency injection, so the worker process sets this once at
start-up; tests that run actors in-process set it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import redis

from app.lib.settings import Settings


@dataclass(frozen=True, slots=True)
class WorkerContext:
    settings: Settings
    redis: redis.Redis

    @classmethod
    def from_settings(cls, settings: Settings) -> WorkerContext:
        client = redis.Redis.from_url(settings.require_redis_url(), decode_responses=True)
        return cls(settings=settings, redis=client)


_current: WorkerContext | None = None


def set_worker_context(context: WorkerContext | None) -> None:
    global _current
    _current = context


def worker_context() -> WorkerContext:
    if _current is None:
        raise RuntimeError("no worker context: start the worker with app.worker.main.run_worker")
    return _current
