"""Summaries by dimension (buy cost and margin for staff only, local days) and bulk deletes."""

from __future__ import annotations

import datetime
import random
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import update

from app.db.models.user import User
from app.lib.settings import Settings
from tests.support.cdrs import add_cdr
from tests.support.identity import Account, make_tenants, system_session

UTC = datetime.UTC
DAY = datetime.datetime(2026, 7, 10, 12, 0, tzinfo=UTC)
RANGE = {"started_from": "2026-07-01T00:00:00Z", "started_to": "2026-08-01T00:00:00Z"}


def _prefix() -> str:
    return f"97{random.randrange(10**8):08d}"


async def _summary(client: AsyncTestClient[Litestar], who: Account, **params: str) -> Any:
    response = await client.get(
        "/api/v1/cdrs/summary", headers=who.headers, params={**RANGE, **params}
    )
    assert response.status_code == 200, response.text
    return response.json()


async def test_summaries_by_client_and_destination_show_margin_to_staff_only(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    p = _prefix()
    fields = {"destination": "UK mobile", "billable_seconds": 90}
    await add_cdr(
        settings, t.client_a, DAY, p + "1", cost="0.300000", buy_cost="0.100000", **fields
    )
    await add_cdr(settings, t.client_a, DAY, p + "2", cost="0.200000", **fields)
    await add_cdr(settings, t.client_b, DAY, p + "3", cost="0.500000", buy_cost="0.450000")
    staff = await _summary(client, t.admin, number=p, by="client")
    assert staff["by"] == "client"
    rows = {r["key"]: r for r in staff["rows"]}
    a, b = rows[str(t.client_a.id)], rows[str(t.client_b.id)]
    assert (a["calls"], a["cost"], a["buy_cost"], a["margin"]) == (
        2,
        "0.500000",
        "0.100000",
        "0.200000",
    )
    assert a["billable_minutes"] == "3.00" and a["label"] == "Test client"
    assert (b["cost"], b["buy_cost"], b["margin"]) == ("0.500000", "0.450000", "0.050000")
    reseller = await _summary(client, t.reseller_a, number=p, by="destination")
    (row,) = reseller["rows"]
    assert (row["key"], row["calls"], row["cost"]) == ("UK mobile", 2, "0.500000")
    assert row["buy_cost"] is None and row["margin"] is None  # the operator's numbers


async def test_day_buckets_follow_the_named_clients_zone_or_the_one_asked_for(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    session, close = await system_session(settings)
    try:
        await session.execute(
            update(User).where(User.id == t.client_a.id).values(timezone="Asia/Tokyo")
        )
        await session.commit()
    finally:
        await close()
    p = _prefix()
    # 20:00Z on 10 July is 05:00 on 11 July in Tokyo.
    await add_cdr(settings, t.client_a, DAY.replace(hour=20), p + "1")
    tokyo = await _summary(client, t.admin, number=p, client_id=str(t.client_a.id))
    assert tokyo["timezone"] == "Asia/Tokyo"
    assert [r["key"] for r in tokyo["rows"]] == ["2026-07-11"]
    utc = await _summary(client, t.admin, number=p, timezone="UTC", period="day")
    assert [r["key"] for r in utc["rows"]] == ["2026-07-10"]
    bad = await client.get(
        "/api/v1/cdrs/summary", headers=t.admin.headers, params={"timezone": "Mars/Base"}
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "timezone"


async def _delete(client: AsyncTestClient[Litestar], who: Account, **body: Any) -> Any:
    return await client.post(
        "/api/v1/cdrs/delete",
        headers=who.headers,
        json={"started_from": RANGE["started_from"], "started_to": RANGE["started_to"], **body},
    )


async def test_a_bulk_delete_stays_within_reach_and_needs_confirmation_when_unfiltered(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    p = _prefix()
    await add_cdr(settings, t.client_a, DAY, p + "1", disposition="BUSY", cost="0")
    await add_cdr(settings, t.client_a, DAY, p + "2")
    keep_b = await add_cdr(settings, t.client_b, DAY, p + "3", disposition="BUSY", cost="0")
    refused = await _delete(client, t.reseller_a)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "confirm_all"
    forbidden = await _delete(client, t.client_a, number=p)
    assert forbidden.status_code == 403
    failed = await _delete(client, t.reseller_a, number=p, failed=True)
    assert failed.status_code == 200, failed.text
    assert failed.json() == {"deleted": 1}
    # Reseller A confirms deleting everything: only its own client's records go.
    everything = await _delete(client, t.reseller_a, confirm_all=True)
    assert everything.status_code == 200 and everything.json() == {"deleted": 1}
    left = await client.get("/api/v1/cdrs", headers=t.admin.headers, params={**RANGE, "number": p})
    assert [i["id"] for i in left.json()["items"]] == [str(keep_b)]
    naive = await _delete(client, t.admin, started_from="2026-07-01T00:00:00", number=p)
    assert naive.status_code == 422
