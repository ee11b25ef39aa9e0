"""Concurrent simulated calls through the real FastAGI gateway and the real backend.

Starts a PostgreSQL database and Redis (TEST_DATABASE_URL / TEST_REDIS_URL when set, else the
embedded servers), migrates, gives each of N clients a priced plan, a SIP user, credit and a
carrier trunk, then starts `tollgate api` and `python -m agi_gateway` as their own processes.
N concurrent callers each loop: AGI `tollgate/authorize` (timed: what Asterisk waits for),
hold the call briefly, AGI `tollgate/finalize`. Prints, each on its own line:
``call_setups_per_second``, ``authorize_p50_ms``, ``authorize_p99_ms``, plus ``calls`` and
``refused``. Run: `make bench` or
`PYTHONPATH=backend:. .venv/bin/python benchmarks/agi.py [--calls 100] [--seconds 10]`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

from app.lib.migrations import upgrade
from app.lib.settings import Settings
from tests.support import services
from tests.support.calls import CallWorld, call_world
from tests.support.fake_asterisk import FakeAsterisk
from tests.support.live import free_port, stack_env, stop, wait_until_healthy

TOKEN = "bench-service-token"


async def _worlds(settings: Settings, count: int) -> list[CallWorld]:
    return [await call_world(settings, credit="100000") for _ in range(count)]


def _wait_for_port(port: int, seconds: float) -> None:
    import socket

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"the gateway did not listen on {port}")


async def _one_call(port: int, world: CallWorld, hold: float, latencies: list[float]) -> bool:
    call_id = f"{time.time():.0f}.{uuid.uuid4().int % 10**9}"
    env = {"agi_channel": f"PJSIP/{world.sip_user}-00000001", "agi_uniqueid": call_id}
    started = time.perf_counter()
    async with FakeAsterisk("127.0.0.1", port, env=env, args=["02079460000"]) as fake:
        await fake.run_until_closed()
    latencies.append(time.perf_counter() - started)
    if fake.variables.get("TOLLGATE_RESULT") != "ok":
        return False
    await asyncio.sleep(hold)
    variables = {"ANSWEREDTIME": "30", "DIALSTATUS": "ANSWER", "HANGUPCAUSE": "16"}
    variables["TOLLGATE_RESULT"] = "ok"
    async with FakeAsterisk(
        "127.0.0.1", port, script="tollgate/finalize", env=env, variables=variables
    ) as fake:
        await fake.run_until_closed()
    return True


async def _drive(port: int, worlds: list[CallWorld], seconds: float, hold: float) -> None:
    latencies: list[float] = []
    refused = 0
    stop_at = time.perf_counter() + seconds

    async def caller(world: CallWorld) -> None:
        nonlocal refused
        while time.perf_counter() < stop_at:
            if not await _one_call(port, world, hold, latencies):
                refused += 1

    await asyncio.gather(*(caller(w) for w in worlds[:2]))  # warm-up: caches, pools
    latencies.clear()
    refused = 0
    stop_at = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(caller(w) for w in worlds))
    elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    print(f"concurrent_calls: {len(worlds)}")
    print(f"calls: {len(ordered)}")
    print(f"refused: {refused}")
    print(f"call_setups_per_second: {len(ordered) / elapsed:.0f}")
    print(f"authorize_p50_ms: {ordered[len(ordered) // 2] * 1000:.1f}")
    print(f"authorize_p99_ms: {ordered[int(len(ordered) * 0.99)] * 1000:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=100, help="concurrent calls")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--hold", type=float, default=0.05, help="seconds each call lasts")
    parser.add_argument("--api-workers", type=int, default=2, help="TOLLGATE_API_WORKERS")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="tollgate-bench-agi-"))
    scratch.chmod(0o755)
    with ExitStack() as stack:
        stack.callback(shutil.rmtree, scratch, True)
        admin_url = stack.enter_context(services.postgres_server(scratch))
        redis_url = stack.enter_context(services.redis_server(scratch))
        database_url = services.create_database(admin_url, "tollgate_bench")
        stack.callback(services.drop_database, admin_url, database_url)
        upgrade(database_url)
        settings = Settings(
            database_url=database_url,
            redis_url=redis_url,
            redis_prefix=services.unique_redis_prefix(),
            service_token=TOKEN,
            log_level="WARNING",
            hash_time_cost=1,
            hash_memory_kib=8,
        )
        worlds = asyncio.run(_worlds(settings, args.calls))
        api_port, agi_port = free_port(), free_port()
        env = {**os.environ, **stack_env(settings), "TOLLGATE_PORT": str(api_port)}
        env["TOLLGATE_HOST"] = "127.0.0.1"
        env["TOLLGATE_API_WORKERS"] = str(args.api_workers)
        env["TOLLGATE_CALL_CACHE_SECONDS"] = "5"
        api = subprocess.Popen([sys.executable, "-m", "app.cli", "api"], env=env)
        stack.callback(stop, api)
        wait_until_healthy(f"http://127.0.0.1:{api_port}", api, 60)
        gateway_env = {
            **env,
            "TOLLGATE_AGI_HOST": "127.0.0.1",
            "TOLLGATE_AGI_PORT": str(agi_port),
            "TOLLGATE_AGI_BACKEND_URL": f"http://127.0.0.1:{api_port}",
            "TOLLGATE_AGI_SPOOL_DIR": str(scratch / "spool"),
        }
        gateway = subprocess.Popen([sys.executable, "-m", "agi_gateway"], env=gateway_env)
        stack.callback(stop, gateway)
        _wait_for_port(agi_port, 30)
        print(f"api_workers: {args.api_workers}")
        asyncio.run(_drive(agi_port, worlds, args.seconds, args.hold))


if __name__ == "__main__":
    main()
