"""Import a 1,000,000-row generic CDR CSV end to end through the real API and worker.

Starts `tollgate run` (API + worker; embedded PostgreSQL/Redis unless DATABASE_URL and
REDIS_URL are set), signs in as the demo admin and builds a small world through the API: a USD
rate deck (2,000 prefixes), a UK plan over it, 50 clients on the plan owning 10 calling
numbers each (`/api/v1/client-numbers`). It then uploads a generic CSV whose calls come from
those numbers (5 % from unknown numbers: stored unassigned), polls the job until it has
finished (owned, rated, stored, charged) and prints:

rows, total_seconds (upload start to job finished), rows_per_second, parse_seconds,
rate_seconds (owner resolution, rules and rating), store_seconds (dedupe, charges, COPY),
progress_samples (distinct `rows_done` values seen while it ran), stored, charges, the CPU
seconds the worker and PostgreSQL spent while it ran (`worker_cpu_seconds`,
`postgres_cpu_seconds`: load-independent, unlike the wall times) and the machine's
`load_average_1m` when it finished.

Run: `PYTHONPATH=backend:. .venv/bin/python benchmarks/cdr_import.py [--rows N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import psutil

from tests.support.live import free_port, stop, wait_until_healthy, wait_until_ready

CLIENTS = 50
NUMBERS_PER_CLIENT = 10
COUNTRIES = ("44", "4420", "447", "33", "49", "1212", "1646", "34", "39", "61")


def _request(
    url: str,
    token: str | None = None,
    body: bytes | None = None,
    content_type: str = "application/json",
) -> Any:
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=body, headers=headers, method="POST" if body is not None else "GET"
    )
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read() or b"{}")


def _post(url: str, token: str, payload: dict[str, Any]) -> Any:
    return _request(url, token, json.dumps(payload).encode())


def _multipart(fields: dict[str, str], content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    )
    body = "".join(parts).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def _cpu_seconds(process: psutil.Process, *, reaped: bool) -> float:
    """User + system CPU seconds of ``process`` (``reaped``: plus its finished children's)."""
    try:
        times = process.cpu_times()
    except psutil.NoSuchProcess:
        return 0.0
    total = times.user + times.system
    if reaped:
        total += times.children_user + times.children_system
    return total


def cpu_by_role(data_dir: Path) -> dict[str, float]:
    """CPU seconds so far of the worker and of PostgreSQL (its postmaster, the backends it has
    reaped and the live ones) of the stack whose data lives in ``data_dir``."""
    found = {"worker": 0.0, "postgres": 0.0}
    marker = str(data_dir)
    for process in psutil.process_iter(["cmdline", "environ", "ppid"]):
        cmdline = " ".join(process.info["cmdline"] or ())
        environ = process.info["environ"] or {}
        if cmdline.endswith("app.cli worker") and environ.get("TOLLGATE_DATA_DIR") == marker:
            found["worker"] += _cpu_seconds(process, reaped=False)
        elif "postgres" in cmdline and marker in cmdline:  # the postmaster (-D <data dir>)
            found["postgres"] += _cpu_seconds(process, reaped=True)
            for child in process.children():
                found["postgres"] += _cpu_seconds(child, reaped=False)
    return found


def _wait(url: str, token: str, job: dict[str, Any], samples: set[int]) -> dict[str, Any]:
    while job["status"] not in ("succeeded", "failed"):
        time.sleep(0.25)
        job = _request(f"{url}/api/v1/jobs/{job['id']}", token)
        samples.add(int(job["rows_done"]))
    return job


def deck_csv(rng: random.Random) -> bytes:
    lines = ["prefix,destination,rate,initblock,billingblock,connectcharge"]
    prefixes = set(COUNTRIES)
    while len(prefixes) < 2000:
        prefixes.add(rng.choice(COUNTRIES) + str(rng.randrange(10, 1000)))
    for prefix in sorted(prefixes):
        lines.append(f"{prefix},Dest {prefix},0.{rng.randrange(1, 99999):05d},60,6,0")
    return ("\n".join(lines) + "\n").encode()


def cdr_csv(rows: int, callers: list[str], seed: int = 11) -> bytes:
    rng = random.Random(seed)
    unknown = [f"77{n:06d}" for n in range(50)]
    out = ["src,dst,calldate,duration,billsec,uniqueid"]
    append = out.append
    for i in range(rows):
        caller = rng.choice(unknown) if i % 20 == 0 else rng.choice(callers)
        duration = rng.randrange(0, 900)
        billsec = max(0, duration - rng.randrange(0, 25))
        day, second = 1 + i % 28, (i * 7) % 86_400
        stamp = f"2026-01-{day:02d} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d}"
        dialled = f"00{rng.choice(COUNTRIES)}{rng.randrange(10**7):07d}"
        append(f"{caller},{dialled},{stamp},{duration},{billsec},{i}")
    return ("\n".join(out) + "\n").encode()


def build_world(url: str, token: str) -> list[str]:
    rng = random.Random(5)
    deck = _post(f"{url}/api/v1/rate-decks", token, {"name": "CDR bench", "currency": "USD"})
    body, kind = _multipart({"format": "cellhub"}, deck_csv(rng))
    job = _request(f"{url}/api/v1/rate-decks/{deck['id']}/imports", token, body, kind)
    assert _wait(url, token, job, set())["status"] == "succeeded"
    plan = _post(
        f"{url}/api/v1/plans",
        token,
        {"name": "Bench UK", "currency": "USD", "country_code": "44", "deck_ids": [deck["id"]]},
    )
    callers = []
    for c in range(CLIENTS):
        client = _post(
            f"{url}/api/v1/users",
            token,
            {
                "email": f"bench{c}-{uuid.uuid4().hex[:6]}@example.com",
                "password": "bench-password-123",
                "role": "client",
                "name": f"Bench client {c}",
                "plan_id": plan["id"],
            },
        )
        for n in range(NUMBERS_PER_CLIENT):
            number = f"44161{c:03d}{n:04d}"
            _post(
                f"{url}/api/v1/client-numbers", token, {"owner_id": client["id"], "number": number}
            )
            callers.append(number)
    return callers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="tollgate-bench-"))
    data_dir.chmod(0o755)
    port = free_port()
    env = {
        **os.environ,
        "TOLLGATE_DATA_DIR": str(data_dir),
        "TOLLGATE_PORT": str(port),
        "TOLLGATE_LOG_LEVEL": "WARNING",
        "TOLLGATE_REDIS_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
    }
    box = subprocess.Popen([sys.executable, "-m", "app.cli", "run"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, box, 90)
        wait_until_ready(url, 60)
        login = json.dumps({"email": "admin@example.com", "password": "tollgate-demo"}).encode()
        token = str(_request(f"{url}/api/v1/auth/login", body=login)["access_token"])
        callers = build_world(url, token)
        content = cdr_csv(args.rows, callers)
        fields = {
            "source": f"bench-{uuid.uuid4().hex[:8]}",
            "format": "generic",
            "from_column": "src",
            "to_column": "dst",
            "start_column": "calldate",
            "external_id_column": "uniqueid",
            "date_format": "%Y-%m-%d %H:%M:%S",
            "timezone": "Europe/London",
        }
        body, kind = _multipart(fields, content)
        samples: set[int] = set()
        cpu_before = cpu_by_role(data_dir)
        started = time.perf_counter()
        job = _request(f"{url}/api/v1/cdrs/imports", token, body, kind)
        job = _wait(url, token, job, samples)
        elapsed = time.perf_counter() - started
        cpu_after = cpu_by_role(data_dir)
    finally:
        stop(box, 60)
        shutil.rmtree(data_dir, ignore_errors=True)
    assert job["status"] == "succeeded", job
    result = job["result"]
    print(f"rows: {args.rows}")
    print(f"total_seconds: {elapsed:.2f}")
    print(f"rows_per_second: {args.rows / elapsed:.0f}")
    for name in ("parse_seconds", "rate_seconds", "store_seconds"):
        print(f"{name}: {result['timings'][name]:.2f}")
    print(f"progress_samples: {len(samples)}")
    print(f"stored: {result['stored']}")
    print(f"charges: {len(result['charges'])}")
    for role in ("worker", "postgres"):
        print(f"{role}_cpu_seconds: {cpu_after[role] - cpu_before[role]:.2f}")
    print(f"load_average_1m: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
