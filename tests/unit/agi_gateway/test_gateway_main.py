"""``python -m agi_gateway`` as a process: serves calls, stops cleanly on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from tests.support.fake_asterisk import FakeAsterisk
from tests.unit.agi_gateway.fake_backend import HOST, TOKEN, FakeBackend
from tests.unit.agi_gateway.helpers_gateway import AUTHORIZE

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def gateway_env(**variables: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TOLLGATE_")}
    return {**env, "PYTHONPATH": str(ROOT), **variables}


async def wait_for_port(port: int, process: asyncio.subprocess.Process) -> None:
    async with asyncio.timeout(15):
        while True:
            assert process.returncode is None, "the gateway exited at start"
            try:
                _, writer = await asyncio.open_connection(HOST, port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            await writer.wait_closed()
            return


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_module_serves_calls_and_exits_cleanly_on_signal(
    backend: FakeBackend, spool_dir: Path, signum: signal.Signals
) -> None:
    port = free_port()
    env = gateway_env(
        TOLLGATE_AGI_HOST=HOST,
        TOLLGATE_AGI_PORT=str(port),
        TOLLGATE_AGI_BACKEND_URL=backend.url,
        TOLLGATE_SERVICE_TOKEN=TOKEN,
        TOLLGATE_AGI_SPOOL_DIR=str(spool_dir),
    )
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "agi_gateway", env=env, cwd=ROOT, stderr=asyncio.subprocess.PIPE
    )
    try:
        await wait_for_port(port, process)
        async with FakeAsterisk(HOST, port, script=AUTHORIZE, args=["15551234567"]) as fake:
            await fake.run_until_closed()
        process.send_signal(signum)
        async with asyncio.timeout(15):
            _, stderr = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert fake.variables["TOLLGATE_RESULT"] == "ok"
    assert process.returncode == 0
    log = stderr.decode()
    assert "agi.gateway.started" in log and "agi.gateway.stopped" in log
    assert "Traceback" not in log


async def test_module_refuses_a_bad_configuration() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "agi_gateway",
        env=gateway_env(TOLLGATE_AGI_FAIL_POLICY="open"),
        cwd=ROOT,
        stderr=asyncio.subprocess.PIPE,
    )
    async with asyncio.timeout(15):
        _, stderr = await process.communicate()

    assert process.returncode == 2
    assert "TOLLGATE_AGI_FAILOPEN_TRUNKS" in stderr.decode()
