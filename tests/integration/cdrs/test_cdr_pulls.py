"""Pull connectors against real servers: FreePBX's MariaDB (127.0.0.1:3306) and a local HTTP
fake of Vodia's REST API — each with a bad record, a duplicate and a resumed pull."""

from __future__ import annotations

import asyncio
import base64
import datetime
import json
import threading
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import aiomysql  # type: ignore[import-untyped]
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from app.asgi import create_app
from app.cdrs.sources.pulls import pull_due_sources
from app.db.models.billing import BillingAccount
from app.db.models.cdr import Cdr
from app.lib.settings import Settings
from app.worker.context import WorkerContext
from tests.support.calls import CallWorld, call_world
from tests.support.identity import Account, system_session
from tests.support.worker import running_worker

MARIADB = {"host": "127.0.0.1", "port": 3306, "user": "root", "password": ""}
CDR_TABLE = """
CREATE TABLE cdr (
  calldate datetime NOT NULL DEFAULT '1000-01-01 00:00:00',
  clid varchar(80) NOT NULL DEFAULT '', src varchar(80) NOT NULL DEFAULT '',
  dst varchar(80) NOT NULL DEFAULT '', dcontext varchar(80) NOT NULL DEFAULT '',
  channel varchar(80) NOT NULL DEFAULT '', dstchannel varchar(80) NOT NULL DEFAULT '',
  lastapp varchar(80) NOT NULL DEFAULT '', lastdata varchar(80) NOT NULL DEFAULT '',
  duration int(11) NOT NULL DEFAULT 0, billsec int(11) NOT NULL DEFAULT 0,
  disposition varchar(45) NOT NULL DEFAULT '', amaflags int(11) NOT NULL DEFAULT 0,
  accountcode varchar(20) NOT NULL DEFAULT '', uniqueid varchar(32) NOT NULL DEFAULT '',
  userfield varchar(255) NOT NULL DEFAULT '', did varchar(50) NOT NULL DEFAULT '',
  recordingfile varchar(255) NOT NULL DEFAULT '', cnum varchar(80) NOT NULL DEFAULT '',
  cnam varchar(80) NOT NULL DEFAULT '', outbound_cnum varchar(80) NOT NULL DEFAULT '',
  outbound_cnam varchar(80) NOT NULL DEFAULT '', dst_cnam varchar(80) NOT NULL DEFAULT '',
  linkedid varchar(32) NOT NULL DEFAULT '', peeraccount varchar(80) NOT NULL DEFAULT '',
  sequence int(11) NOT NULL DEFAULT 0,
  KEY calldate (calldate), KEY dst (dst), KEY accountcode (accountcode)
)
"""


@pytest.fixture
async def pull_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    isolated = replace(settings, redis_prefix=settings.redis_prefix + ":pulls")
    async with AsyncTestClient(app=create_app(isolated)) as client:
        with running_worker(isolated):
            yield client


async def _pull(client: AsyncTestClient[Litestar], who: Account, source_id: str) -> dict[str, Any]:
    accepted = await client.post(f"/api/v1/cdr-sources/{source_id}/pull", headers=who.headers)
    assert accepted.status_code == 202, accepted.text
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = (
            await client.get(f"/api/v1/jobs/{accepted.json()['id']}", headers=who.headers)
        ).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        await asyncio.sleep(0.1)
    raise AssertionError("the pull did not finish")


async def _stored(settings: Settings, source: str) -> dict[str, Cdr]:
    session, close = await system_session(settings)
    try:
        found = await session.execute(select(Cdr).where(Cdr.source == source))
        return {cdr.external_id: cdr for cdr in found.scalars()}
    finally:
        await close()


async def _balance(settings: Settings, world: CallWorld) -> Decimal:
    session, close = await system_session(settings)
    try:
        account = await session.get(BillingAccount, world.account_id)
        assert account is not None
        return account.balance
    finally:
        await close()


async def _source(
    client: AsyncTestClient[Litestar], world: CallWorld, kind: str, **fields: Any
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/cdr-sources",
        headers=world.owner.headers,
        json={"name": f"{kind}-{uuid.uuid4().hex[:8]}", "kind": kind, **fields},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.fixture
async def freepbx_db() -> AsyncIterator[str]:
    name = f"tg_cdr_{uuid.uuid4().hex[:10]}"
    connection = await aiomysql.connect(**MARIADB, autocommit=True)
    try:
        async with connection.cursor() as cursor:
            await cursor.execute(f"CREATE DATABASE {name}")
            await cursor.execute(f"USE {name}")
            await cursor.execute(CDR_TABLE)
        yield name
    finally:
        async with connection.cursor() as cursor:
            await cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.close()


async def _insert_cdrs(database: str, rows: list[dict[str, Any]]) -> None:
    connection = await aiomysql.connect(**MARIADB, db=database, autocommit=True)
    try:
        async with connection.cursor() as cursor:
            for row in rows:
                names = ", ".join(row)
                marks = ", ".join(["%s"] * len(row))
                await cursor.execute(
                    f"INSERT INTO cdr ({names}) VALUES ({marks})", list(row.values())
                )
    finally:
        connection.close()


def _pbx_row(calldate: str, src: str, dst: str, billsec: int, uid: str, **more: Any) -> dict:
    return {
        "calldate": calldate,
        "clid": f'"Desk" <{src}>',
        "src": src,
        "dst": dst,
        "dcontext": "from-internal",
        "channel": f"PJSIP/{src}-0000001",
        "dstchannel": "PJSIP/trunk-0000002",
        "lastapp": "Dial",
        "duration": billsec + 5,
        "billsec": billsec,
        "disposition": "ANSWERED" if billsec else "NO ANSWER",
        "uniqueid": uid,
        "linkedid": uid,
        "sequence": 1,
        **more,
    }


async def test_freepbx_pulls_resume_skip_bad_rows_and_never_double(
    pull_client: AsyncTestClient[Litestar], settings: Settings, freepbx_db: str
) -> None:
    code = f"acc{uuid.uuid4().hex[:8]}"
    world = await call_world(settings, sip={"account_code": code})
    source = await _source(
        pull_client,
        world,
        "freepbx",
        timezone="Europe/London",
        connection={
            "host": "127.0.0.1",
            "port": 3306,
            "user": "root",
            "database": freepbx_db,
            "table": "cdr",
        },
    )
    extension = f"7{uuid.uuid4().int % 10**5:05d}"
    await pull_client.post(
        "/api/v1/client-numbers",
        headers=world.owner.headers,
        json={
            "owner_id": str(world.client.id),
            "number": extension,
            "kind": "extension",
            "source_id": source["id"],
        },
    )
    twice = _pbx_row("2026-07-01 10:00:00", extension, "02071234567", 60, "1782900000.1")
    await _insert_cdrs(
        freepbx_db,
        [
            twice,
            twice,  # the same row twice: stored once
            _pbx_row(
                "2026-07-01 10:01:00", "1002", "07700900123", 30, "1782900000.2", accountcode=code
            ),
            _pbx_row(
                "2026-07-01 10:02:00", "1003", "07700900123", 90, "1782900000.3", duration=20
            ),  # bad: billsec longer than the duration
            _pbx_row(
                "2026-07-01 10:03:00",
                "+15550001",
                "442079460000",
                40,
                "1782900000.4",
                dcontext="from-trunk",
                did="442079460000",
            ),  # inbound, nobody's DID
        ],
    )
    first = await _pull(pull_client, world.owner, source["id"])
    assert first["status"] == "succeeded", first
    result = first["result"]
    assert (result["stored"], result["duplicates"], result["skipped"]) == (3, 1, 1)
    assert [(e["field"], e["record"]) for e in first["errors"]] == [("billsec", "1782900000.3")]
    # London 60 s → 0.06; UK mobile 30 s at 0.30/min → 0.15
    assert sum(Decimal(c["amount"]) for c in result["charges"]) == Decimal("0.21")

    stored = await _stored(settings, source["name"])
    out = stored["1782900000.1/1"]
    assert out.owner_id == world.client.id and out.cost == Decimal("0.06")
    # calldate is the PBX's local time: 10:00 in London in July is 09:00 UTC
    assert out.started_at == datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)
    assert stored["1782900000.4/1"].direction == "inbound"
    assert stored["1782900000.4/1"].owner_id is None

    await _insert_cdrs(
        freepbx_db,
        [
            _pbx_row("2026-07-01 11:00:00", extension, "02071234567", 120, "1782903600.5"),
            # written late (a long call ends after the first pull), starting before the cursor
            _pbx_row("2026-07-01 09:59:00", extension, "02071234567", 60, "1782899940.6"),
        ],
    )
    second = await _pull(pull_client, world.owner, source["id"])
    assert second["status"] == "succeeded", second
    assert second["result"]["stored"] == 2  # the rows read again are duplicates
    assert second["result"]["duplicates"] >= 3
    assert len(await _stored(settings, source["name"])) == 5
    assert await _balance(settings, world) == Decimal("10") - Decimal("0.21") - Decimal("0.18")
    read = (
        await pull_client.get(f"/api/v1/cdr-sources/{source['id']}", headers=world.owner.headers)
    ).json()
    assert read["last_status"] == "ok"
    assert read["cursor"]["calldate"] == "2026-07-01 11:00:00"
    await pull_client.patch(
        f"/api/v1/cdr-sources/{source['id']}", headers=world.owner.headers, json={"enabled": False}
    )


def _start(record: dict[str, Any]) -> int:
    start = record.get("start")
    return start if isinstance(start, int) else 0


class FakeVodia:
    """Serves ``GET /rest/domain/{domain}/cdrs?since&count`` from in-memory lists (Basic
    auth), records every query, and answers in start order like the real API is assumed to."""

    def __init__(self, user: str, password: str) -> None:
        self.records: dict[str, list[dict[str, Any]]] = {}
        self.queries: list[tuple[str, int, int]] = []
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urllib.parse.urlparse(self.path)
                parts = url.path.strip("/").split("/")
                if self.headers.get("Authorization") != fake.auth:
                    self.send_response(401)
                    self.end_headers()
                    return
                query = urllib.parse.parse_qs(url.query)
                since, count = int(query["since"][0]), int(query["count"][0])
                domain = parts[2]
                fake.queries.append((domain, since, count))
                # A record without a numeric start (the bad one) sorts first, once.
                found = [r for r in fake.records.get(domain, []) if _start(r) >= since]
                found.sort(key=_start)
                body = json.dumps(found[:count]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def fake_vodia() -> Iterator[FakeVodia]:
    fake = FakeVodia("billing", "v0dia-pass")
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        fake.server.shutdown()
        fake.server.server_close()


def _vodia(record_id: str, start: int, to: str, talk: int, **more: Any) -> dict[str, Any]:
    return {
        "id": record_id,
        "direction": "outbound",
        "from": '"Front desk" <sip:101@acme.example.com>',
        "to": f"<sip:{to}@acme.example.com>",
        "extension": "101",
        "start": start,
        "connect": start + 5 if talk else 0,
        "end": start + 5 + talk,
        **more,
    }


async def test_vodia_pulls_each_domain_incrementally_and_skips_bad_records(
    pull_client: AsyncTestClient[Litestar], settings: Settings, fake_vodia: FakeVodia
) -> None:
    world = await call_world(settings)
    domain = f"acme{uuid.uuid4().hex[:6]}.example.com"
    source = await _source(
        pull_client,
        world,
        "vodia",
        connection={
            "base_url": fake_vodia.url,
            "domains": [domain, "empty.example.com"],
            "user": "billing",
        },
        password="v0dia-pass",
    )
    await pull_client.post(
        "/api/v1/client-numbers",
        headers=world.owner.headers,
        json={"owner_id": str(world.client.id), "number": f"{domain}|101", "kind": "extension"},
    )
    t0 = 1_767_348_000  # 2026-01-02 10:00 UTC
    fake_vodia.records[domain] = [
        _vodia("v1", t0, "02071234567", 60),
        _vodia("v1", t0, "02071234567", 60),  # the same record twice
        _vodia("v2", t0 + 60, "07700900123", 30),
        {"id": "v3", "start": "yesterday", "to": "sip:1@x"},  # bad: no usable start
        _vodia("v4", t0 + 120, "0033123456", 0),  # unanswered: stored, costs nothing
    ]
    first = await _pull(pull_client, world.owner, source["id"])
    assert first["status"] == "succeeded", first
    result = first["result"]
    assert (result["stored"], result["duplicates"], result["skipped"]) == (3, 1, 1)
    assert first["errors"][0]["field"] == "start" and first["errors"][0]["record"] == "v3"
    assert first["errors"][0]["domain"] == domain
    assert sum(Decimal(c["amount"]) for c in result["charges"]) == Decimal("0.21")

    fake_vodia.records[domain].append(_vodia("v5", t0 + 600, "02071234567", 120))
    second = await _pull(pull_client, world.owner, source["id"])
    assert second["status"] == "succeeded", second
    assert second["result"]["stored"] == 1
    resumed = [since for d, since, _ in fake_vodia.queries if d == domain]
    assert resumed[-1] == t0 + 120  # the second pull asked from where the first one ended
    stored = await _stored(settings, source["name"])
    assert sorted(stored) == ["v1", "v2", "v4", "v5"]
    assert all(c.owner_id == world.client.id for c in stored.values())
    assert stored["v5"].cost == Decimal("0.12")
    assert await _balance(settings, world) == Decimal("10") - Decimal("0.33")
    await pull_client.patch(
        f"/api/v1/cdr-sources/{source['id']}", headers=world.owner.headers, json={"enabled": False}
    )


async def test_the_periodic_pull_runs_due_sources_once_per_interval(
    pull_client: AsyncTestClient[Litestar], settings: Settings, fake_vodia: FakeVodia
) -> None:
    world = await call_world(settings)
    domain = f"tick{uuid.uuid4().hex[:6]}.example.com"
    source = await _source(
        pull_client,
        world,
        "vodia",
        connection={"base_url": fake_vodia.url, "domains": [domain], "user": "billing"},
        password="v0dia-pass",
        pull_interval_seconds=600,
    )
    fake_vodia.records[domain] = [_vodia("p1", 1_767_348_000, "02071234567", 60)]
    context = WorkerContext.from_settings(settings)
    try:
        started = await pull_due_sources(context)
        assert len(started) >= 1
        assert len(await _stored(settings, source["name"])) == 1
        read = (
            await pull_client.get(
                f"/api/v1/cdr-sources/{source['id']}", headers=world.owner.headers
            )
        ).json()
        assert read["last_status"] == "ok" and read["last_job_id"] in {str(j) for j in started}
        again = await pull_due_sources(context)
        assert uuid.UUID(read["last_job_id"]) not in again  # not due before its interval
    finally:
        context.redis.close()
        await pull_client.patch(
            f"/api/v1/cdr-sources/{source['id']}",
            headers=world.owner.headers,
            json={"enabled": False},
        )
