"""``tollgate run``: the single-box default — embedded services, API and worker together.

The parent owns the embedded PostgreSQL and Redis (when no URLs are configured), migrates,
seeds the demo, then supervises an API child and a worker child. SIGINT/SIGTERM (Ctrl-C, or a
SIGTERM to ``make``) stops the children first, then the services, so nothing is left running.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Sequence

import structlog

from app.lib.embedded import EmbeddedServices
from app.lib.migrations import upgrade
from app.lib.settings import Settings
from app.system.seed import DemoLogin, seed_demo

log = structlog.get_logger(__name__)

CHILD_STOP_SECONDS = 15.0


def _spawn(command: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "app.cli", command], env=env)


def _stop_children(children: Sequence[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + CHILD_STOP_SECONDS
    for child in children:
        try:
            child.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _wait_for_health(url: str, stop: threading.Event, seconds: float = 60.0) -> bool:
    deadline = time.monotonic() + seconds
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        stop.wait(0.25)
    return False


def _announce(url: str, logins: list[DemoLogin]) -> None:
    lines = ["", f"  Tollgate is running at {url}/", f"  API documentation: {url}/schema/swagger"]
    if logins:
        lines.append("  Demo logins:")
        lines.extend(f"    {d.role:<11} {d.email:<28} {d.password}" for d in logins)
    lines.append("  Press Ctrl-C to stop.\n")
    print("\n".join(lines), flush=True)


def _supervise(settings: Settings, env: dict[str, str], stop: threading.Event) -> int:
    children = [_spawn("api", env), _spawn("worker", env)]
    try:
        url = f"http://{settings.host}:{settings.port}"
        if _wait_for_health(url, stop):
            _announce(url, asyncio.run(seed_demo(settings)))
        while not stop.is_set():
            if any(child.poll() is not None for child in children):
                log.error("child_exited", codes=[child.returncode for child in children])
                return 1
            stop.wait(0.5)
        return 0
    finally:
        _stop_children(children)


def run_single_box(settings: Settings, *, seed: bool = True) -> int:
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.info("stopping", signal=signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    with EmbeddedServices(settings.data_dir, settings.database_url, settings.redis_url) as services:
        assert services.database_url is not None and services.redis_url is not None
        settings = settings.with_services(services.database_url, services.redis_url)
        upgrade(settings.require_database_url())
        if seed:
            asyncio.run(seed_demo(settings))
        env = dict(os.environ, DATABASE_URL=services.database_url, REDIS_URL=services.redis_url)
        return _supervise(settings, env, stop)
