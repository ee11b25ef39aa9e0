"""Concurrent simulated calls through the real FastAGI gateway and the real backend.

Starts a PostgreSQL database and Redis (TEST_DATABASE_URL / TEST_REDIS_URL when set, else the
embedded servers), migrates, gives each of N clients a priced plan, a SIP user, credit and a
carrier trunk, then starts `tollgate api` and `python -m agi_gateway` as their own processes.
Each call: AGI `tollgate/authorize` (timed from connect to the gateway's close: what Asterisk
waits for), hold, AGI `tollgate/finalize`.

By default calls arrive at ``--rate`` (300) a second, evenly paced (open loop, like callers),
each held ``0.9 * --calls / --rate`` seconds, so about 90 of the ``--calls`` (100) channels are
up at once, and never more than 100 (an arrival finding every channel busy waits).
``--rate 0`` is the closed loop: each of the ``--calls`` channels calls back to back with a
50 ms hold — the most the stack can do, where latency only says how long the queue is
(Little's law).

Prints, each on its own line: ``call_setups_per_second``, ``authorize_p50_ms``,
``authorize_p99_ms``, plus the finalize latencies, ``calls``, ``refused``, ``not_ok`` (any
result but ok: unavailable, error), each process's CPU time per call and the load average.
Run: `make bench` or `PYTHONPATH=backend:. .venv/bin/python benchmarks/agi.py [--rate 300]`.

The driver shares the machine's cores with everything it measures, so it plays Asterisk's side
leanly (:func:`agi_call`: the environment block, then one ``200 result=`` reply per command, on
uvloop) instead of with the tests' fully instrumented ``FakeAsterisk``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import asyncpg

from app.lib.db import plain_database_url
from app.lib.migrations import upgrade
from app.lib.settings import Settings
from tests.support import services
from tests.support.calls import CallWorld, call_world
from tests.support.fake_asterisk import ASTERISK_VERSION, parse_agi_args
from tests.support.live import free_port, stack_env, stop, wait_until_healthy

TOKEN = "bench-service-token"
NUMBER = "02079460000"
HANGUP = {"ANSWEREDTIME": "30", "DIALSTATUS": "ANSWER", "HANGUPCAUSE": "16"}
_sequence = itertools.count(1)


async def _worlds(settings: Settings, count: int) -> list[CallWorld]:
    return [await call_world(settings, credit="100000") for _ in range(count)]


def _wait_for_port(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"the gateway did not listen on {port}")


def environment(port: int, script: str, call_id: str, sip_user: str, args: list[str]) -> bytes:
    """Asterisk 20's FastAGI environment block (res_agi.c setup_env order), blank-line ended."""
    lines = [
        "agi_network: yes",
        f"agi_network_script: {script}",
        f"agi_request: agi://127.0.0.1:{port}/{script}",
        f"agi_channel: PJSIP/{sip_user}-0000001a",
        "agi_language: en",
        "agi_type: PJSIP",
        f"agi_uniqueid: {call_id}",
        f"agi_version: {ASTERISK_VERSION}",
        "agi_callerid: 441632960001",
        "agi_calleridname: Bench",
        "agi_callingpres: 0",
        "agi_callingani2: 0",
        "agi_callington: 0",
        "agi_callingtns: 0",
        f"agi_dnid: {NUMBER}",
        "agi_rdnis: unknown",
        "agi_context: tollgate-outbound",
        f"agi_extension: {NUMBER}",
        "agi_priority: 1",
        "agi_enhanced: 0.0",
        "agi_accountcode: ",
        "agi_threadid: 140536656537344",
        *(f"agi_arg_{n}: {arg}" for n, arg in enumerate(args, start=1)),
    ]
    return ("\n".join(lines) + "\n\n").encode()


def _answer(line: bytes, channel: dict[str, str]) -> bytes:
    """res_agi's reply to one command: GET/SET VARIABLE as handle_getvariable and
    handle_setvariable answer them; anything else is unknown (510)."""
    words = parse_agi_args(line.decode().rstrip("\n"))
    if words[:2] == ["GET", "VARIABLE"] and len(words) == 3:
        value = channel.get(words[2])
        return b"200 result=0\n" if value is None else f"200 result=1 ({value})\n".encode()
    if words[:2] == ["SET", "VARIABLE"] and len(words) == 4:
        channel[words[2]] = words[3]
        return b"200 result=1\n"
    return b"510 Invalid or unknown command\n"


async def agi_call(port: int, env: bytes, channel: dict[str, str]) -> None:
    """One AGI() run: answer commands from ``channel`` (updated by SET VARIABLE) until the
    gateway closes the socket."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(env)
        while line := await reader.readline():
            writer.write(_answer(line, channel))
    finally:
        writer.close()


async def one_call(
    port: int, world: CallWorld, hold: float, setups: list[float], finals: list[float]
) -> str:
    """Authorize, hold, finalize; the authorize result."""
    call_id = f"{int(time.time())}.{next(_sequence)}"
    channel = {"CHANNEL(pjsip,remote_addr)": "192.0.2.10:5060"}
    started = time.perf_counter()
    env = environment(port, "tollgate/authorize", call_id, world.sip_user, [NUMBER])
    await agi_call(port, env, channel)
    setups.append(time.perf_counter() - started)
    result = channel.get("TOLLGATE_RESULT", "")
    if result != "ok":
        return result
    await asyncio.sleep(hold)
    channel.update(HANGUP)
    started = time.perf_counter()
    env = environment(port, "tollgate/finalize", call_id, world.sip_user, [])
    await agi_call(port, env, channel)
    finals.append(time.perf_counter() - started)
    return result


def _cpu_seconds(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return ticks / os.sysconf("SC_CLK_TCK")


def _children_cpu_seconds(pid: int) -> float:
    """CPU time of ``pid``'s children that have exited and been reaped (PostgreSQL backends)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


def _postmaster_pid(database_url: str) -> int | None:
    """The PostgreSQL server's process id when it runs on this machine (its postmaster.pid)."""

    async def data_directory() -> str:
        connection = await asyncpg.connect(plain_database_url(database_url))
        try:
            return str(await connection.fetchval("SHOW data_directory"))
        finally:
            await connection.close()

    try:
        with open(Path(asyncio.run(data_directory())) / "postmaster.pid") as pid_file:
            return int(pid_file.readline())
    except (OSError, ValueError, asyncpg.PostgresError):
        return None


def _process_tree(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            kids = [int(k) for k in children.read().split()]
    except OSError:
        kids = []
    return [pid, *(p for kid in kids for p in _process_tree(kid))]


def _percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


async def _warm_up(port: int, worlds: list[CallWorld]) -> None:
    """Two seconds of calls on every world: caches, pools and connections are warm."""
    stop_at = time.perf_counter() + 2

    async def caller(world: CallWorld) -> None:
        while time.perf_counter() < stop_at:
            await one_call(port, world, 0.0, [], [])

    await asyncio.gather(*(caller(w) for w in worlds))


async def _closed_loop(
    port: int, worlds: list[CallWorld], seconds: float, hold: float, stats: Stats
) -> None:
    """Each world calls back to back: the most the stack can do, latency be what it may."""
    stop_at = time.perf_counter() + seconds

    async def caller(world: CallWorld) -> None:
        while time.perf_counter() < stop_at:
            stats.count(await one_call(port, world, hold, stats.setups, stats.finals))

    await asyncio.gather(*(caller(w) for w in worlds))


async def _open_loop(
    port: int, worlds: list[CallWorld], seconds: float, hold: float, rate: float, stats: Stats
) -> None:
    """Calls arrive at ``rate`` a second, evenly paced, whatever the answers' speed; at most
    ``len(worlds)`` are up at once (an arrival finding every channel busy waits for one)."""
    channels = asyncio.Semaphore(len(worlds))
    started = time.perf_counter()
    tasks = []

    async def call(world: CallWorld) -> None:
        try:
            stats.count(await one_call(port, world, hold, stats.setups, stats.finals))
        finally:
            channels.release()

    for n in range(int(seconds * rate)):
        delay = started + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        await channels.acquire()
        tasks.append(asyncio.create_task(call(worlds[n % len(worlds)])))
    await asyncio.gather(*tasks)


class Stats:
    def __init__(self) -> None:
        self.setups: list[float] = []
        self.finals: list[float] = []
        self.results: dict[str, int] = {}

    def count(self, result: str) -> None:
        self.results[result] = self.results.get(result, 0) + 1

    def report(self, elapsed: float) -> None:
        setups, finals, results = sorted(self.setups), sorted(self.finals), self.results
        failed = results.get("unavailable", 0) + results.get("error", 0)
        print(f"calls: {len(setups)}")
        print(f"refused: {sum(results.values()) - results.get('ok', 0) - failed}")
        print(f"not_ok: {failed}")
        print(f"call_setups_per_second: {len(setups) / elapsed:.0f}")
        print(f"authorize_p50_ms: {_percentile(setups, 0.5):.1f}")
        print(f"authorize_p99_ms: {_percentile(setups, 0.99):.1f}")
        if finals:
            print(f"finalize_p50_ms: {_percentile(finals, 0.5):.1f}")
            print(f"finalize_p99_ms: {_percentile(finals, 0.99):.1f}")


async def _drive(
    port: int, worlds: list[CallWorld], args: argparse.Namespace, processes: dict[str, int]
) -> None:
    await _warm_up(port, worlds)
    hold = args.hold if args.hold is not None else 0.05
    if args.rate and args.hold is None:  # ~90% of the channels busy: room for the answers' time
        hold = 0.9 * len(worlds) / args.rate
    stats = Stats()
    pids = {name: _process_tree(pid) for name, pid in processes.items()}
    cpu_before = {name: _cpu_seconds(p) for name, p in pids.items()}
    reaped = {name: _children_cpu_seconds(pid) for name, pid in processes.items()}
    driver_before = time.process_time()
    started = time.perf_counter()
    if args.rate:
        await _open_loop(port, worlds, args.seconds, hold, args.rate, stats)
    else:
        await _closed_loop(port, worlds, args.seconds, hold, stats)
    elapsed = time.perf_counter() - started
    # The tree as it is now: PostgreSQL starts backends (and reaps them) as it goes.
    pids = {name: _process_tree(pid) for name, pid in processes.items()}
    cpu = {
        name: _cpu_seconds(p)
        - cpu_before.get(name, 0.0)
        + _children_cpu_seconds(processes[name])
        - reaped[name]
        for name, p in pids.items()
    }
    cpu["driver"] = time.process_time() - driver_before
    print("mode: " + (f"open loop at {args.rate:g} calls/s" if args.rate else "closed loop"))
    print(f"concurrent_calls: {len(worlds)}")
    print(f"hold_seconds: {hold:.3f}")
    stats.report(elapsed)
    calls = max(len(stats.setups), 1)
    for name, used in cpu.items():
        print(f"cpu_ms_per_call_{name}: {used / calls * 1000:.2f}")
    print(f"loadavg_1m: {os.getloadavg()[0]:.2f}")


def _run(main: object) -> None:
    try:
        import uvloop
    except ImportError:
        asyncio.run(main)  # type: ignore[arg-type]
    else:
        uvloop.run(main)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=100, help="concurrent calls (channels)")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument(
        "--rate",
        type=float,
        default=300.0,
        help="call setups offered per second (open loop); 0: closed loop, each channel calls "
        "back to back (the most the stack can take)",
    )
    parser.add_argument(
        "--hold",
        type=float,
        default=None,
        help="seconds each call lasts (default: 0.9 * calls / rate, so that about 90%% of the "
        "channels are up at once; 0.05 in the closed loop)",
    )
    parser.add_argument("--api-workers", type=int, default=1, help="TOLLGATE_API_WORKERS")
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
        processes = {"api": api.pid, "gateway": gateway.pid}
        postmaster = _postmaster_pid(admin_url)
        if postmaster is not None:  # the whole server: other databases' work counts too
            processes["postgres"] = postmaster
        _run(_drive(agi_port, worlds, args, processes))
        spooled = len(list((scratch / "spool").glob("*.json")))
        print(f"finalizes_spooled: {spooled}")


if __name__ == "__main__":
    main()
