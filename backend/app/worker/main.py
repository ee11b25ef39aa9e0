"""The worker process: consumes actors' messages and runs the periodic scheduler."""

from __future__ import annotations

import threading
import time

import dramatiq
import structlog

from app.lib.settings import Settings
from app.ratedecks.announcements import start_listener_thread
from app.worker.broker import build_broker
from app.worker.context import WorkerContext, set_worker_context
from app.worker.scheduler import run_scheduler

log = structlog.get_logger(__name__)


def run_worker(settings: Settings, stop: threading.Event) -> None:
    """Consume until ``stop`` is set, then finish in-flight messages and return."""
    context = WorkerContext.from_settings(settings)
    set_worker_context(context)
    broker = build_broker(settings)
    worker = dramatiq.Worker(broker, worker_threads=settings.worker_threads)
    worker.start()
    listener = start_listener_thread(settings, stop)
    log.info("worker_started", threads=settings.worker_threads, actors=sorted(broker.actors))
    try:
        run_scheduler(broker, context.redis, settings, stop, time.time)
    finally:
        stop.set()  # also ends the deck-version listener
        listener.join(timeout=5)
        worker.stop(timeout=10_000)
        broker.close()
        context.redis.close()
        set_worker_context(None)
        log.info("worker_stopped")
