"""Manual payments (CellHub "Payments"): recorded with a ledger credit, listed within reach,
voided or refunded only by a reversing entry."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.support.billing import entries_of, ledger_state
from tests.support.identity import Account, Tenants

Client = AsyncTestClient[Litestar]
BODY = {
    "amount": "25.00",
    "currency": "USD",
    "method": "bank_transfer",
    "reference": "TRX-4471",
    "note": "November top-up",
    "received_at": "2026-11-20T10:00:00+01:00",
}


def _pay(
    client: Client,
    tenants: Tenants,
    body: dict[str, Any],
    caller: Account | None = None,
    key: str | None = None,
    target: Account | None = None,
) -> Any:
    headers = dict((caller or tenants.admin).headers)
    if key:
        headers["Idempotency-Key"] = key
    user = (target or tenants.client_a).id
    return client.post(f"/api/v1/users/{user}/payments", headers=headers, json=body)


async def test_a_payment_credits_the_ledger_and_its_client_sees_it(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    response = await _pay(client, tenants, BODY, caller=tenants.reseller_a)
    assert response.status_code == 201, response.text
    payment = response.json()
    assert payment["status"] == "completed"
    assert payment["method"] == "bank_transfer"
    assert Decimal(payment["amount"]) == Decimal(25)
    assert payment["received_at"].startswith("2026-11-20T09:00:00")
    assert payment["invoice_id"] is None  # a payment naming an invoice: test_invoice_api.py
    assert await ledger_state(engine, tenants.client_a.id) == (Decimal(25), Decimal(25), 1)
    [entry] = await entries_of(engine, tenants.client_a.id)
    assert entry["kind"] == "payment" and entry["id"] == _uuid(payment["ledger_entry_id"])

    own = await client.get(
        f"/api/v1/users/{tenants.client_a.id}/payments", headers=tenants.client_a.headers
    )
    assert own.status_code == 200
    assert [p["id"] for p in own.json()["items"]] == [payment["id"]]
    everything = await client.get("/api/v1/payments", headers=tenants.client_a.headers)
    assert [p["id"] for p in everything.json()["items"]] == [payment["id"]]
    foreign = await client.get(
        f"/api/v1/users/{tenants.client_a.id}/payments", headers=tenants.client_b.headers
    )
    assert foreign.status_code == 404
    other_reseller = await client.get("/api/v1/payments", headers=tenants.reseller_b.headers)
    assert payment["id"] not in [p["id"] for p in other_reseller.json()["items"]]
    audit = await _audit_actions(engine, payment["id"])
    assert audit == ["payment.create"]


def _uuid(value: str) -> Any:
    import uuid

    return uuid.UUID(value)


async def _audit_actions(engine: AsyncEngine, object_id: str) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT action FROM audit_entry WHERE object_id = :o ORDER BY at"),
            {"o": object_id},
        )
        return [row.action for row in rows]


async def test_the_same_idempotency_key_records_one_payment(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    first = await _pay(client, tenants, BODY, key="pay-1")
    again = await _pay(client, tenants, BODY, key="pay-1")
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert await ledger_state(engine, tenants.client_a.id) == (Decimal(25), Decimal(25), 1)


async def test_who_may_record_and_what_is_refused(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    assert (await _pay(client, tenants, BODY, caller=tenants.client_a)).status_code == 403
    assert (await _pay(client, tenants, BODY, caller=tenants.reseller_b)).status_code == 404
    euros = await _pay(client, tenants, {**BODY, "currency": "EUR"})
    assert euros.status_code == 422
    assert euros.json()["errors"][0]["field"] == "currency"
    future = await _pay(client, tenants, {**BODY, "received_at": "2999-01-01T00:00:00Z"})
    assert future.status_code == 422
    for bad in ({**BODY, "amount": "0"}, {**BODY, "method": "barter"}, {**BODY, "amount": 5}):
        assert (await _pay(client, tenants, bad)).status_code in (400, 422)
    assert await entries_of(engine, tenants.client_a.id) == []


async def test_void_and_refund_post_reversing_entries_and_never_edit_one(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    first = (await _pay(client, tenants, BODY)).json()
    second = (await _pay(client, tenants, {**BODY, "amount": "10"})).json()
    before = await entries_of(engine, tenants.client_a.id)
    base = f"/api/v1/users/{tenants.client_a.id}/payments"
    voided = await client.post(
        f"{base}/{first['id']}/void", headers=tenants.admin.headers, json={"reason": "typo"}
    )
    assert voided.status_code == 200, voided.text
    assert voided.json()["status"] == "voided"
    assert voided.json()["reversal_reason"] == "typo"
    again = await client.post(
        f"{base}/{first['id']}/refund", headers=tenants.admin.headers, json={"reason": "x"}
    )
    assert again.status_code == 409
    assert again.json()["type"].endswith("/payment-not-reversible")
    refunded = await client.post(
        f"{base}/{second['id']}/refund", headers=tenants.reseller_a.headers, json={"reason": "r"}
    )
    assert refunded.json()["status"] == "refunded"
    after = await entries_of(engine, tenants.client_a.id)
    assert after[:2] == before, "the original entries are untouched"
    assert [(e["kind"], e["amount"]) for e in after[2:]] == [
        ("payment", Decimal(-25)),
        ("payment", Decimal(-10)),
    ]
    assert await ledger_state(engine, tenants.client_a.id) == (Decimal(0), Decimal(0), 4)
    by_client = await client.post(
        f"{base}/{second['id']}/void", headers=tenants.client_a.headers, json={"reason": "r"}
    )
    assert by_client.status_code == 403


async def test_a_spent_payment_cannot_be_voided_below_the_floor(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    payment = (await _pay(client, tenants, {**BODY, "amount": "10"})).json()
    spent = await client.post(
        f"/api/v1/users/{tenants.client_a.id}/credit",
        headers=tenants.admin.headers,
        json={"amount": "-8", "kind": "adjustment"},
    )
    assert spent.status_code == 201
    refused = await client.post(
        f"/api/v1/users/{tenants.client_a.id}/payments/{payment['id']}/void",
        headers=tenants.admin.headers,
        json={"reason": "bounced"},
    )
    assert refused.status_code == 422
    assert await ledger_state(engine, tenants.client_a.id) == (Decimal(2), Decimal(2), 2)
