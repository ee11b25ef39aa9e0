"""A real API process (uvicorn, over TCP) for tests that must talk HTTP to a running server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from app.lib.settings import Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_healthy(url: str, process: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url}/health did not answer within {seconds} s")


def stop(process: subprocess.Popen[bytes], seconds: float = 20.0) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_ready(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/ready", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:  # 503 (HTTPError) while the worker has not beaten yet
            time.sleep(0.2)
    raise TimeoutError(f"{url}/ready did not report every dependency ok within {seconds} s")


def stack_env(settings: Settings) -> dict[str, str]:
    """The environment of an api + worker pair on the test session's database and Redis."""
    return {
        "DATABASE_URL": settings.require_database_url(),
        "REDIS_URL": settings.require_redis_url(),
        "TOLLGATE_REDIS_PREFIX": settings.redis_prefix,
        "TOLLGATE_ENV": "test",
        "TOLLGATE_LOG_LEVEL": "WARNING",
        "TOLLGATE_SECRET_KEY": settings.secret_key,
        "TOLLGATE_SERVICE_TOKEN": settings.service_token or "",
        "TOLLGATE_SMTP_PORT": "9",  # discard: nothing listens; reset e-mails fail and retry
        "TOLLGATE_CALL_CACHE_SECONDS": str(settings.call_cache_seconds),
    }


@contextmanager
def live_stack(env: Mapping[str, str]) -> Iterator[str]:
    """Run ``tollgate api`` and ``tollgate worker`` with ``env`` added to this process's
    environment, wait until /ready is ok, and yield the API's URL."""
    port = free_port()
    full_env = {**os.environ, **env, "TOLLGATE_PORT": str(port), "TOLLGATE_HOST": "127.0.0.1"}
    api = subprocess.Popen([sys.executable, "-m", "app.cli", "api"], env=full_env)
    worker = subprocess.Popen([sys.executable, "-m", "app.cli", "worker"], env=full_env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, api, seconds=60)
        wait_until_ready(url, seconds=60)
        yield url
    finally:
        stop(worker)
        stop(api)
