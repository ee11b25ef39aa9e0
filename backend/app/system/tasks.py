"""System actors."""

from __future__ import annotations

import os
import socket

from app.system.service import record_heartbeat
from app.worker.context import worker_context
from app.worker.registry import task


@task("system.heartbeat", max_retries=0)
def heartbeat() -> None:
    """Prove a worker is consuming: record the time this message was executed."""
    context = worker_context()
    record_heartbeat(context.redis, context.settings, f"{socket.gethostname()}:{os.getpid()}")
