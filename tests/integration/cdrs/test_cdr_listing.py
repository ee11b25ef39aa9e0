"""Listing, exporting and summarizing CDRs: scoped by tenant, filtered, in the caller's zone."""

from __future__ import annotations

import csv
import datetime
import io
import random

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update

from app.db.models.user import User
from app.lib.settings import Settings
from tests.support.cdrs import add_cdr
from tests.support.identity import Account, Tenants, make_tenants, system_session

UTC = datetime.UTC
DAY = datetime.datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
RANGE = {"started_from": "2026-03-01T00:00:00Z", "started_to": "2026-04-01T00:00:00Z"}


@pytest.fixture
async def tenants(settings: Settings) -> Tenants:
    return await make_tenants(settings)


def _prefix() -> str:
    """Digits no other test dials, so lists over the shared database hold only this test's."""
    return f"99{random.randrange(10**8):08d}"


async def _ids(client: AsyncTestClient[Litestar], who: Account, **params: str) -> list[str]:
    response = await client.get("/api/v1/cdrs", headers=who.headers, params={**RANGE, **params})
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_each_caller_sees_only_the_records_within_reach(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    p = _prefix()
    a = str(await add_cdr(settings, tenants.client_a, DAY, p + "1"))
    b = str(await add_cdr(settings, tenants.client_b, DAY, p + "2"))
    lost = str(await add_cdr(settings, None, DAY, p + "3", cost=None))
    t = tenants
    assert await _ids(client, t.client_a, number=p) == [a]
    assert await _ids(client, t.reseller_a, number=p) == [a]
    assert await _ids(client, t.reseller_b, number=p) == [b]
    assert await _ids(client, t.client_b, number=p, client_id=str(t.client_a.id)) == []
    assert sorted(await _ids(client, t.admin, number=p)) == sorted([a, b, lost])
    assert await _ids(client, t.admin, number=p, unassigned="true") == [lost]
    assert await _ids(client, t.reseller_a, number=p, unassigned="true") == []


async def test_filters_sorting_and_the_default_range(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    p, who = _prefix(), tenants.admin
    cheap = str(await add_cdr(settings, tenants.direct, DAY, p + "1", cost="0.010000"))
    dear = str(
        await add_cdr(
            settings, tenants.direct, DAY + datetime.timedelta(hours=1), p + "2", cost="2.5"
        )
    )
    inbound = str(
        await add_cdr(settings, tenants.direct, DAY, "+" + p + "3", direction="inbound", cost=None)
    )
    assert await _ids(client, who, number=p, sort="cost") == [cheap, dear, inbound]
    assert await _ids(client, who, number=p, direction="inbound") == [inbound]
    assert await _ids(client, who, number=p, rating_status="unrated") == [inbound]
    assert await _ids(client, who, number=p + "2") == [dear]
    assert await _ids(client, who, number=p, client_id=str(tenants.direct.id)) == [
        dear,
        inbound,
        cheap,
    ]
    # Without a range: the last 30 days, which March 2026 is not.
    recent = await client.get("/api/v1/cdrs", headers=who.headers, params={"number": p})
    assert recent.json()["items"] == []
    backwards = await client.get(
        "/api/v1/cdrs",
        headers=who.headers,
        params={"started_from": RANGE["started_to"], "started_to": RANGE["started_from"]},
    )
    assert backwards.status_code == 400  # a bad query, as for every GET
    assert backwards.json()["errors"][0]["field"] == "started_to"


async def test_the_csv_export_streams_the_same_selection(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    p = _prefix()
    first = await add_cdr(settings, tenants.client_a, DAY, p + "1", cost="1.234500")
    await add_cdr(settings, tenants.client_b, DAY, p + "2")
    response = await client.get(
        "/api/v1/cdrs/export.csv", headers=tenants.reseller_a.headers, params={**RANGE, "number": p}
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1
    (row,) = rows
    assert row["id"] == str(first)
    assert row["started_at"] == "2026-03-10T12:00:00Z"
    assert row["cost"] == "1.234500" and row["currency"] == "USD"
    assert row["client_id"] == str(tenants.client_a.id)
    assert row["dialled_number"] == p + "1"


async def test_the_summary_counts_days_in_the_callers_timezone(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    me = tenants.direct
    session, close = await system_session(settings)
    try:
        await session.execute(
            update(User).where(User.id == me.id).values(timezone="America/New_York")
        )
        await session.commit()
    finally:
        await close()
    # 03:00Z on 10 March is 23:00 on 9 March in New York (EDT from 8 March: UTC-4).
    late = datetime.datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    await add_cdr(settings, me, late, _prefix(), cost="0.500000", billable_seconds=90)
    await add_cdr(settings, me, DAY, _prefix(), cost="0.250000", billable_seconds=30)
    await add_cdr(settings, me, DAY, _prefix(), cost="0.250000", billable_seconds=45)
    response = await client.get(
        "/api/v1/cdrs/summary", headers=me.headers, params={**RANGE, "period": "day"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["timezone"] == "America/New_York"
    assert [(r["key"], r["calls"], r["billable_minutes"], r["cost"]) for r in body["rows"]] == [
        ("2026-03-09", 1, "1.50", "0.500000"),
        ("2026-03-10", 2, "1.25", "0.500000"),
    ]
    month = await client.get(
        "/api/v1/cdrs/summary", headers=me.headers, params={**RANGE, "period": "month"}
    )
    assert [(r["key"], r["calls"]) for r in month.json()["rows"]] == [("2026-03", 3)]


async def test_the_worker_prepares_partitions_ahead(settings: Settings) -> None:
    from sqlalchemy import text

    from app.cdrs.partitions import months_ahead, partition_name
    from app.cdrs.tasks import ensure_partitions_ahead
    from app.worker.context import WorkerContext, set_worker_context

    set_worker_context(WorkerContext.from_settings(settings))
    try:
        await ensure_partitions_ahead()
    finally:
        set_worker_context(None)
    session, close = await system_session(settings)
    try:
        for year, month in months_ahead(datetime.datetime.now(datetime.UTC), 3):
            name = partition_name(year, month)
            found = await session.execute(text("SELECT to_regclass(:n) IS NOT NULL"), {"n": name})
            assert found.scalar_one(), name
    finally:
        await close()
