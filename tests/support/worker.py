"""A real Dramatiq worker, in-process, consuming from the test session's Redis."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import dramatiq
from dramatiq.brokers.redis import RedisBroker

from app.lib.settings import Settings
from app.worker.broker import build_broker
from app.worker.context import WorkerContext, set_worker_context


@contextmanager
def running_worker(settings: Settings) -> Iterator[RedisBroker]:
    context = WorkerContext.from_settings(settings)
    set_worker_context(context)
    broker = build_broker(settings)
    worker = dramatiq.Worker(broker, worker_threads=2, worker_timeout=100)
    worker.start()
    try:
        yield broker
    finally:
        worker.stop(timeout=5_000)
        broker.close()
        context.redis.close()
        set_worker_context(None)
