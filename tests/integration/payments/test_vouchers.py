"""Vouchers: batches of random codes, exported as CSV; each code credits one client once —
also when redemptions race — and expired, used or another provider's codes are refused."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from decimal import Decimal
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.billing import entries_of, ledger_state, served_in_loop
from tests.support.identity import Account, Tenants, create_account

Client = AsyncTestClient[Litestar]
CODE = re.compile(
    r"^TG-([23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}-){3}[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{4}$"
)


async def _batch(client: Client, issuer: Account, **overrides: Any) -> dict[str, Any]:
    body = {"count": 5, "value": "10.50", "currency": "USD", "prefix": "TG", **overrides}
    response = await client.post("/api/v1/voucher-batches", headers=issuer.headers, json=body)
    assert response.status_code == 201, response.text
    batch: dict[str, Any] = response.json()
    return batch


def _redeem(client: Any, caller: Account, code: str, key: str | None = None) -> Any:
    headers = dict(caller.headers)
    if key:
        headers["Idempotency-Key"] = key
    return client.post("/api/v1/vouchers/redeem", headers=headers, json={"code": code})


async def test_a_batch_lists_unique_random_codes_and_exports_them_as_csv(
    client: Client, tenants: Tenants
) -> None:
    batch = await _batch(client, tenants.reseller_a)
    codes = [v["code"] for v in batch["vouchers"]]
    assert len(set(codes)) == 5 and all(CODE.match(c) for c in codes), codes
    assert batch["reseller_id"] == str(tenants.reseller_a.id)
    export = await client.get(
        f"/api/v1/voucher-batches/{batch['id']}/vouchers.csv", headers=tenants.reseller_a.headers
    )
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert sorted(r["code"] for r in rows) == sorted(codes)
    assert {(r["value"], r["currency"], r["status"]) for r in rows} == {
        ("10.500000", "USD", "active")
    }
    assert (
        await client.get(
            f"/api/v1/voucher-batches/{batch['id']}", headers=tenants.reseller_b.headers
        )
    ).status_code == 404
    refused = await client.post(
        "/api/v1/voucher-batches",
        headers=tenants.client_a.headers,
        json={"count": 1, "value": "1", "currency": "USD"},
    )
    assert refused.status_code == 403


async def test_a_client_redeems_a_code_once_into_one_voucher_entry(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    batch = await _batch(client, tenants.reseller_a)
    code = batch["vouchers"][0]["code"]
    typed = code.lower().replace("-", " ")  # case and separators do not matter
    redeemed = await _redeem(client, tenants.client_a, typed, key="r-1")
    assert redeemed.status_code == 200, redeemed.text
    assert redeemed.json()["code"] == code
    assert Decimal(redeemed.json()["balance_after"]) == Decimal("10.5")
    replay = await _redeem(client, tenants.client_a, typed, key="r-1")
    assert replay.headers["Idempotent-Replayed"] == "true"
    used = await _redeem(client, tenants.client_a, code)
    assert used.status_code == 409
    assert used.json()["type"].endswith("/voucher-used")
    assert used.json()["errors"][0]["field"] == "code"
    assert await ledger_state(engine, tenants.client_a.id) == (Decimal("10.5"), Decimal("10.5"), 1)
    [entry] = await entries_of(engine, tenants.client_a.id)
    assert entry["kind"] == "voucher"
    page = await client.get(
        f"/api/v1/voucher-batches/{batch['id']}", headers=tenants.reseller_a.headers
    )
    statuses = {v["code"]: v["status"] for v in page.json()["vouchers"]}
    assert statuses[code] == "redeemed" and page.json()["redeemed"] == 1


async def test_foreign_expired_unknown_and_other_currency_codes_are_refused(
    client: Client, settings: Settings, tenants: Tenants, engine: AsyncEngine
) -> None:
    batch = await _batch(client, tenants.reseller_a, expires_at="2999-01-01T00:00:00Z")
    first, second = (v["code"] for v in batch["vouchers"][:2])
    foreign = await _redeem(client, tenants.client_b, first)
    assert foreign.status_code == 422 and foreign.json()["type"].endswith("/voucher-foreign")
    direct = await _redeem(client, tenants.direct, first)
    assert direct.json()["type"].endswith("/voucher-foreign")
    async with engine.begin() as connection:
        await connection.execute(
            text("UPDATE voucher_batch SET expires_at = now() - interval '1 second' WHERE id = :b"),
            {"b": batch["id"]},
        )
    expired = await _redeem(client, tenants.client_a, second)
    assert expired.status_code == 422 and expired.json()["type"].endswith("/voucher-expired")
    unknown = await _redeem(client, tenants.client_a, "TG-2222-3333-4444-5555")
    assert unknown.status_code == 422 and unknown.json()["type"].endswith("/voucher-unknown")
    euros = await _batch(client, tenants.reseller_a, currency="EUR", count=1)
    other = await _redeem(client, tenants.client_a, euros["vouchers"][0]["code"])
    assert other.status_code == 422 and other.json()["type"].endswith("/voucher-currency")
    staff = await _redeem(client, tenants.admin, first)
    assert staff.status_code == 403
    assert await entries_of(engine, tenants.client_a.id) == []
    assert await entries_of(engine, tenants.client_b.id) == []
    # an admin's own batch is for the platform's direct clients
    platform = await _batch(client, tenants.admin, count=1)
    assert (
        await _redeem(client, tenants.direct, platform["vouchers"][0]["code"])
    ).status_code == 200


async def test_concurrent_redemptions_of_one_code_credit_once(
    client: Client, settings: Settings, tenants: Tenants, engine: AsyncEngine
) -> None:
    sibling = await create_account(settings, Role.CLIENT, parent=tenants.reseller_a)
    batch = await _batch(client, tenants.reseller_a, count=1)
    code = batch["vouchers"][0]["code"]
    callers = [tenants.client_a, sibling] * 4
    async with served_in_loop(settings) as live:
        responses = await asyncio.gather(
            *(_redeem(live, caller, code, key=f"k-{i}") for i, caller in enumerate(callers))
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [409] * 7, [r.text for r in responses]
    balances = [
        (await ledger_state(engine, who.id))[0]
        for who in (tenants.client_a, sibling)
        if await entries_of(engine, who.id)
    ]
    assert balances == [Decimal("10.5")]
