"""What an actor running in a worker process can reach: its settings and a Redis client.

Dramatiq calls actors without dependency injection, so the worker process sets this once at
start-up; tests that run actors in-process set it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.lib.db import async_database_url
from app.lib.settings import Settings


@dataclass(frozen=True, slots=True)
class WorkerContext:
    settings: Settings
    redis: redis.Redis
    _sessions: list[async_sessionmaker[AsyncSession]] = field(default_factory=list)

    def sessions(self) -> async_sessionmaker[AsyncSession]:
        """Sessions for async actors. Created on first use, inside the worker's one asyncio
        loop (Dramatiq's AsyncIO middleware), which every async actor then shares."""
        if not self._sessions:
            engine = create_async_engine(
                async_database_url(self.settings.require_database_url()),
                pool_size=self.settings.worker_threads,
                pool_pre_ping=True,
            )
            self._sessions.append(async_sessionmaker(engine, expire_on_commit=False))
        return self._sessions[0]

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
