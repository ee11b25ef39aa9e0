"""Idempotency-Key on "Add Credit" (Stripe's semantics): replay, mismatch, in flight, retry."""

from __future__ import annotations

import asyncio
from decimal import Decimal
from typing import Any

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from app.lib.settings import Settings
from tests.support.billing import served_in_loop
from tests.support.identity import Account, Tenants

Client = AsyncTestClient[Litestar] | httpx.AsyncClient


def _credit(
    client: Client,
    tenants: Tenants,
    body: dict[str, Any],
    key: str | None,
    caller: Account | None = None,
) -> Any:
    headers = dict((caller or tenants.admin).headers)
    if key is not None:
        headers["Idempotency-Key"] = key
    return client.post(f"/api/v1/users/{tenants.client_a.id}/credit", headers=headers, json=body)


async def _entries(engine: AsyncEngine, tenants: Tenants) -> list[Decimal]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT amount FROM ledger_entry WHERE owner_id = :o ORDER BY created_at"),
            {"o": tenants.client_a.id},
        )
        return [row.amount for row in rows]


async def _claims(engine: AsyncEngine, key: str) -> int:
    async with engine.connect() as connection:
        count = await connection.execute(
            text("SELECT count(*) FROM idempotency_record WHERE key = :k"), {"k": key}
        )
        return int(count.scalar_one())


async def test_the_same_key_twice_replays_the_first_response_with_one_entry(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    body = {"amount": "10", "note": "top-up"}
    first = await _credit(client, tenants, body, "order-42")
    # the same body with its keys in another order is the same request
    second = await _credit(client, tenants, {"note": "top-up", "amount": "10"}, "order-42")
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert await _entries(engine, tenants) == [Decimal(10)]


async def test_the_same_key_with_a_different_body_is_a_422_naming_the_header(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    assert (await _credit(client, tenants, {"amount": "10"}, "k-1")).status_code == 201
    other = await _credit(client, tenants, {"amount": "11"}, "k-1")
    assert other.status_code == 422
    assert other.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in other.json()["errors"]] == ["Idempotency-Key"]
    assert await _entries(engine, tenants) == [Decimal(10)]


async def test_keys_belong_to_their_caller(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    assert (await _credit(client, tenants, {"amount": "1"}, "shared")).status_code == 201
    reseller = await _credit(client, tenants, {"amount": "1"}, "shared", tenants.reseller_a)
    assert reseller.status_code == 201 and "Idempotent-Replayed" not in reseller.headers
    assert await _entries(engine, tenants) == [Decimal(1), Decimal(1)]


async def test_without_a_key_each_request_is_a_new_entry(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    for _ in range(2):
        assert (await _credit(client, tenants, {"amount": "2"}, None)).status_code == 201
    assert await _entries(engine, tenants) == [Decimal(2), Decimal(2)]


async def test_a_failed_request_releases_the_key_for_a_retry(
    client: Client, tenants: Tenants, engine: AsyncEngine
) -> None:
    refused = await _credit(client, tenants, {"amount": "-3"}, "retry-me")
    assert refused.status_code == 422
    assert await _claims(engine, "retry-me") == 0
    fixed = await _credit(client, tenants, {"amount": "3"}, "retry-me")
    assert fixed.status_code == 201 and "Idempotent-Replayed" not in fixed.headers
    assert await _entries(engine, tenants) == [Decimal(3)]


async def test_a_key_longer_than_255_characters_is_refused(
    client: Client, tenants: Tenants
) -> None:
    response = await _credit(client, tenants, {"amount": "1"}, "x" * 256)
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["idempotency_key"]


async def test_concurrent_requests_with_one_key_have_one_effect(
    settings: Settings, tenants: Tenants, engine: AsyncEngine
) -> None:
    async with served_in_loop(settings) as live:
        responses = await asyncio.gather(
            *(_credit(live, tenants, {"amount": "7"}, "burst") for _ in range(4))
        )
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) >= 1 and set(statuses) <= {201, 409}
    created = [r for r in responses if r.status_code == 201]
    assert len({r.content for r in created}) == 1  # the others, if any, are replays
    assert sum("Idempotent-Replayed" not in r.headers for r in created) == 1
    assert await _entries(engine, tenants) == [Decimal(7)]


async def _lock_account(engine: AsyncEngine, tenants: Tenants) -> AsyncConnection:
    """Hold the client's billing account row lock from another connection (like a call in
    authorize would), so a credit request stays in flight until it is released."""
    connection = await engine.connect()
    await connection.execute(
        text("SELECT id FROM billing_account WHERE owner_id = :o FOR UPDATE"),
        {"o": tenants.client_a.id},
    )
    return connection


async def _until_claimed(engine: AsyncEngine, key: str) -> None:
    for _ in range(200):
        if await _claims(engine, key):
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the first request never claimed the key")


async def test_a_request_while_the_first_is_in_flight_is_a_409_with_no_second_effect(
    settings: Settings, tenants: Tenants, engine: AsyncEngine
) -> None:
    async with served_in_loop(settings) as live:
        await _credit(live, tenants, {"amount": "1"}, None)  # the account exists
        lock = await _lock_account(engine, tenants)
        first = asyncio.create_task(_credit(live, tenants, {"amount": "5"}, "slow"))
        await _until_claimed(engine, "slow")
        second = await _credit(live, tenants, {"amount": "5"}, "slow")
        assert second.status_code == 409
        assert second.json()["type"].endswith("/conflict")
        await lock.rollback()
        await lock.close()
        assert (await first).status_code == 201
        third = await _credit(live, tenants, {"amount": "5"}, "slow")
    assert third.headers["Idempotent-Replayed"] == "true"
    assert await _entries(engine, tenants) == [Decimal(1), Decimal(5)]


async def test_an_abandoned_claim_is_taken_over_and_its_request_cannot_commit(
    settings: Settings, tenants: Tenants, engine: AsyncEngine
) -> None:
    async with served_in_loop(settings) as live:
        await _credit(live, tenants, {"amount": "1"}, None)
        lock = await _lock_account(engine, tenants)
        stuck = asyncio.create_task(_credit(live, tenants, {"amount": "5"}, "stuck"))
        await _until_claimed(engine, "stuck")
        async with engine.begin() as connection:  # as if the claim were a minute old
            await connection.execute(
                text(
                    "UPDATE idempotency_record SET created_at = created_at - interval '1 minute' "
                    "WHERE key = 'stuck'"
                )
            )
        retry = asyncio.create_task(_credit(live, tenants, {"amount": "5"}, "stuck"))
        await asyncio.sleep(0.3)  # the retry takes the claim over and queues for the account
        await lock.rollback()
        await lock.close()
        statuses = sorted([(await stuck).status_code, (await retry).status_code])
    assert statuses == [201, 409]
    assert await _entries(engine, tenants) == [Decimal(1), Decimal(5)]
