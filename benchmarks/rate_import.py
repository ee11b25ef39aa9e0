"""Import a 322,000-row CellHub-format rate CSV through the real API and worker.

Starts `tollgate run` (API + worker; embedded PostgreSQL/Redis unless DATABASE_URL and
REDIS_URL are set), signs in as the demo admin, uploads the file, polls the job, and prints:
rows, total_seconds (upload to job finished), rows_per_second, progress_samples (how many
distinct progress values were seen while it ran). Run: `make bench` or
`PYTHONPATH=backend:. .venv/bin/python benchmarks/rate_import.py [--rows N]`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from tests.support.live import free_port, stop, wait_until_healthy, wait_until_ready


def cellhub_csv(rows: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    out = ["prefix,destination,rate,initblock,billingblock,connectcharge"]
    seen: set[str] = set()
    while len(out) <= rows:
        prefix = str(rng.randint(1, 999)) + str(rng.randint(0, 10 ** rng.randint(1, 7)))
        if prefix in seen:
            continue
        seen.add(prefix)
        out.append(f"{prefix},Destination {len(out)},0.{rng.randint(1, 99999):05d},60,60,0")
    return ("\n".join(out) + "\n").encode()


def _request(
    url: str,
    token: str | None = None,
    body: bytes | None = None,
    content_type: str = "application/json",
) -> dict[str, object]:
    headers = {"Content-Type": content_type}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        url, data=body, headers=headers, method="POST" if body is not None else "GET"
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"{}")


def _multipart(content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="format"\r\n\r\ncellhub\r\n',
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="r.csv"\r\n'
        "Content-Type: text/csv\r\n\r\n",
    ]
    body = "".join(parts).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=322_000)
    args = parser.parse_args()
    content = cellhub_csv(args.rows)
    data_dir = Path(tempfile.mkdtemp(prefix="tollgate-bench-"))
    data_dir.chmod(0o755)
    port = free_port()
    env = {
        **os.environ,
        "TOLLGATE_DATA_DIR": str(data_dir),
        "TOLLGATE_PORT": str(port),
        "TOLLGATE_LOG_LEVEL": "WARNING",
    }
    # `tollgate run` owns the embedded servers, migrates, seeds the demo admin, and supervises
    # an API and a worker process: the single-box default a newcomer gets.
    box = subprocess.Popen([sys.executable, "-m", "app.cli", "run"], env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, box, 90)
        wait_until_ready(url, 60)
        login = json.dumps({"email": "admin@example.com", "password": "tollgate-demo"}).encode()
        token = str(_request(f"{url}/api/v1/auth/login", body=login)["access_token"])
        deck = _request(
            f"{url}/api/v1/rate-decks",
            token,
            json.dumps({"name": "Bench", "currency": "USD"}).encode(),
        )
        body, content_type = _multipart(content)
        started = time.perf_counter()
        job = _request(f"{url}/api/v1/rate-decks/{deck['id']}/imports", token, body, content_type)
        samples: set[int] = set()
        while job["status"] not in ("succeeded", "failed"):
            time.sleep(0.2)
            job = _request(f"{url}/api/v1/jobs/{job['id']}", token)
            samples.add(int(str(job["rows_done"])))
        elapsed = time.perf_counter() - started
    finally:
        stop(box, 60)
    assert job["status"] == "succeeded", job
    print(f"rows: {args.rows}")
    print(f"total_seconds: {elapsed:.2f}")
    print(f"rows_per_second: {args.rows / elapsed:.0f}")
    print(f"progress_samples: {len(samples)}")


if __name__ == "__main__":
    main()
