"""`tollgate run` — what `make run` starts — with no URLs configured: embedded PostgreSQL and
Redis, migrations, API and worker; ready within 60 s; stops without leaving a server behind;
a second start reuses the data directory."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from tests.support.live import free_port, stop

pytestmark = pytest.mark.slow


def _ready(url: str, seconds: float) -> dict[str, object]:
    deadline = time.monotonic() + seconds
    last: dict[str, object] = {}
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/ready", timeout=2) as response:
                last = json.loads(response.read())
                if response.status == 200:
                    return last
        except urllib.error.HTTPError as error:
            last = json.loads(error.read())
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"/ready not ok within {seconds} s: {last}")


def _processes_using(data_dir: Path) -> list[str]:
    found = []
    for process in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if str(data_dir) in cmdline:
            found.append(cmdline)
    return found


def _start(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        TOLLGATE_DATA_DIR=str(data_dir), TOLLGATE_PORT=str(port), TOLLGATE_LOG_LEVEL="WARNING"
    )
    return subprocess.Popen([sys.executable, "-m", "app.cli", "run"], env=env)


def test_run_serves_ready_with_embedded_services_and_stops_clean(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    for attempt in ("first", "second"):
        port = free_port()
        process = _start(data_dir, port)
        try:
            report = _ready(f"http://127.0.0.1:{port}", seconds=60)
            checks = report["checks"]
            assert isinstance(checks, dict)
            assert {name: check["status"] for name, check in checks.items()} == {
                "postgres": "ok",
                "redis": "ok",
                "broker": "ok",
                "worker": "ok",
            }, attempt
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                assert process.wait(60) == 0
            finally:
                stop(process)
        assert (data_dir / "postgres" / "PG_VERSION").exists()
        assert _processes_using(data_dir) == [], f"left running after the {attempt} stop"
