from __future__ import annotations

import json
import time
from dataclasses import replace

import redis

from app.lib.settings import Settings
from app.system.service import heartbeat_key
from app.worker.broker import build_broker, enqueue
from app.worker.scheduler import PERIODIC_JOBS, enqueue_due_jobs
from tests.support.worker import running_worker


def test_a_heartbeat_enqueued_through_the_broker_is_executed_by_a_worker(
    settings: Settings,
) -> None:
    isolated = replace(settings, redis_prefix=settings.redis_prefix + ":hb")
    client = redis.Redis.from_url(isolated.require_redis_url(), decode_responses=True)
    try:
        with running_worker(isolated) as broker:
            enqueue(broker, "system.heartbeat")
            deadline = time.monotonic() + 20
            while client.get(heartbeat_key(isolated)) is None and time.monotonic() < deadline:
                time.sleep(0.05)
        recorded = client.get(heartbeat_key(isolated))
        assert recorded is not None
        assert ":" in json.loads(recorded)["worker"]
        assert 0 < client.ttl(heartbeat_key(isolated)) <= isolated.heartbeat_stale_seconds
    finally:
        client.close()


def test_only_one_scheduler_enqueues_each_tick(settings: Settings) -> None:
    isolated = replace(settings, redis_prefix=settings.redis_prefix + ":sched")
    broker = build_broker(isolated)
    client = redis.Redis.from_url(isolated.require_redis_url(), decode_responses=True)
    try:
        now = 1_000_000.0
        # The first tick of a fresh Redis enqueues every periodic job once.
        every = [job.actor_name for job in PERIODIC_JOBS]
        assert "system.heartbeat" in every
        assert enqueue_due_jobs(broker, client, isolated, now) == every
        # A second worker process ticking in the same second enqueues nothing.
        assert enqueue_due_jobs(broker, client, isolated, now + 0.5) == []
        assert enqueue_due_jobs(broker, client, isolated, now + isolated.heartbeat_seconds) == [
            "system.heartbeat"
        ]
    finally:
        broker.close()
        client.close()
