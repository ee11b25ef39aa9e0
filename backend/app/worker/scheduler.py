"""Periodic jobs: the worker process enqueues them on a schedule.

Several worker processes may run; a Redis lock per job and tick makes sure only one of them
enqueues each tick.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import dramatiq
import redis
import structlog

from app.lib.redis import redis_key
from app.lib.settings import Settings
from app.worker.broker import enqueue

log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class PeriodicJob:
    actor_name: str
    every_seconds: Callable[[Settings], int]


PERIODIC_JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob("system.heartbeat", lambda settings: settings.heartbeat_seconds),
    PeriodicJob("billing.reset_periodic_credit", lambda settings: 60),
    PeriodicJob("billing.purge_idempotency_keys", lambda settings: 3600),
    PeriodicJob("calls.sweep", lambda settings: 30),
    PeriodicJob("cdrs.ensure_partitions", lambda settings: 3600),
    PeriodicJob("alerts.check", lambda settings: 60),
    PeriodicJob("invoicing.fire_schedules", lambda settings: 60),
    PeriodicJob("cdrs.pull_sources", lambda settings: 60),
)


def enqueue_due_jobs(
    broker: dramatiq.Broker, client: redis.Redis, settings: Settings, now: float
) -> list[str]:
    """Enqueue each job whose tick this process wins; return the names it enqueued."""
    enqueued = []
    for job in PERIODIC_JOBS:
        interval = job.every_seconds(settings)
        tick = int(now // interval)
        lock = redis_key(settings, "scheduler", job.actor_name, str(tick))
        if client.set(lock, "1", nx=True, ex=interval * 2):
            enqueue(broker, job.actor_name)
            enqueued.append(job.actor_name)
    return enqueued


def run_scheduler(
    broker: dramatiq.Broker,
    client: redis.Redis,
    settings: Settings,
    stop: threading.Event,
    clock: Callable[[], float],
) -> None:
    """Tick once a second until ``stop`` is set; failures are logged and retried next tick."""
    while not stop.is_set():
        try:
            enqueue_due_jobs(broker, client, settings, clock())
        except redis.RedisError as exc:
            log.warning("scheduler_tick_failed", error=str(exc))
        stop.wait(1.0)
