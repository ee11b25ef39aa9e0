"""Finalize over HTTP: the charge, the CDR, the released reservation, idempotency, versions."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from decimal import Decimal
from typing import Any

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.call import Call
from app.db.models.cdr import Cdr
from app.lib.settings import Settings
from tests.support.billing import served_in_loop
from tests.support.calls import SERVICE, UK, CallWorld, R, add_version, call_world
from tests.support.identity import system_session

Client = AsyncTestClient[Litestar] | httpx.AsyncClient


async def _authorize(client: Client, world: CallWorld, number: str = "02079460000") -> str:
    call_id = uuid.uuid4().hex
    body = {"call_id": call_id, "sip_user": world.sip_user, "dialled_number": number}
    answer = (await client.post("/internal/v1/calls/authorize", json=body, headers=SERVICE)).json()
    assert answer["result"] == "ok", answer
    return call_id


def _hangup(billable: int, trunk_id: uuid.UUID | None = None) -> dict[str, Any]:
    ended = datetime.datetime.now(datetime.UTC)
    return {
        "billable_seconds": billable,
        "disposition": "ANSWER" if billable else "NOANSWER",
        "hangup_cause": 16,
        "trunk_id": None if trunk_id is None else str(trunk_id),
        "ended_at": ended.isoformat(),
        "answered_at": (ended - datetime.timedelta(seconds=billable)).isoformat()
        if billable
        else None,
    }


async def _finalize(client: Client, call_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        f"/internal/v1/calls/{call_id}/finalize", json=body, headers=SERVICE
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def _money(settings: Settings, world: CallWorld) -> tuple[Decimal, Decimal, Decimal, int]:
    """(balance, reserved, sum of entries, entry count) of the world's account."""
    session, close = await system_session(settings)
    try:
        account = await session.get(BillingAccount, world.account_id)
        assert account is not None
        total, count = (
            await session.execute(
                select(func.coalesce(func.sum(LedgerEntry.amount), 0), func.count()).where(
                    LedgerEntry.account_id == world.account_id
                )
            )
        ).one()
        return account.balance, account.reserved, Decimal(total), int(count)
    finally:
        await close()


async def test_finalize_charges_writes_the_cdr_and_releases_the_reservation(
    client: Client, settings: Settings
) -> None:
    world = await call_world(settings, credit="10")
    call_id = await _authorize(client, world)
    assert (await _money(settings, world))[1] > 0
    answer = await _finalize(client, call_id, _hangup(61, world.trunk_id))
    # London: 60 s blocks at 0.06/min → 61 s bills 120 s = 0.12.
    assert (answer["status"], Decimal(answer["cost"]), answer["currency"]) == (
        "rated",
        Decimal("0.12"),
        "USD",
    )
    balance, reserved, total, count = await _money(settings, world)
    assert (balance, reserved, total, count) == (Decimal("9.88"), 0, Decimal("9.88"), 2)
    session, close = await system_session(settings)
    try:
        cdr = (await session.execute(select(Cdr).where(Cdr.external_id == call_id))).scalar_one()
        assert (cdr.cost, cdr.billable_seconds, cdr.matched_prefix) == (Decimal("0.12"), 61, "4420")
        assert (cdr.trunk_id, cdr.rating_status, cdr.source) == (world.trunk_id, "rated", "agi")
        assert cdr.owner_id == world.client.id and cdr.ledger_entry_id is not None
    finally:
        await close()


async def test_a_duplicate_finalize_gets_the_same_answer_and_charges_once(
    client: Client, settings: Settings
) -> None:
    world = await call_world(settings, credit="10")
    call_id = await _authorize(client, world)
    body = _hangup(30)
    first = await _finalize(client, call_id, body)
    again = await _finalize(client, call_id, {**body, "billable_seconds": 999})
    assert again == first
    async with served_in_loop(settings) as concurrent:
        both = await asyncio.gather(*(_finalize(concurrent, call_id, body) for _ in range(5)))
    assert all(answer == first for answer in both)
    assert (await _money(settings, world))[3] == 2  # the credit and one charge


async def test_concurrent_first_finalizes_charge_once(settings: Settings) -> None:
    world = await call_world(settings, credit="10")
    async with served_in_loop(settings) as client:  # requests really overlap
        call_id = await _authorize(client, world)
        answers = await asyncio.gather(*(_finalize(client, call_id, _hangup(90)) for _ in range(8)))
    assert len({answer["cdr_id"] for answer in answers}) == 1
    balance, reserved, total, count = await _money(settings, world)
    assert (count, reserved, balance) == (2, 0, total)


async def test_an_unanswered_call_costs_nothing_but_leaves_a_cdr(
    client: Client, settings: Settings
) -> None:
    world = await call_world(settings, credit="10")
    call_id = await _authorize(client, world)
    answer = await _finalize(client, call_id, _hangup(0))
    assert (answer["status"], Decimal(answer["cost"])) == ("unanswered", 0)
    assert await _money(settings, world) == (Decimal(10), 0, Decimal(10), 1)


async def test_finalize_prices_with_the_deck_version_authorize_used(
    client: Client, settings: Settings
) -> None:
    world = await call_world(settings, credit="10")
    call_id = await _authorize(client, world)
    session, close = await system_session(settings)
    try:  # a re-import mid-call doubles London's price
        doubled = [R("4420", "0.12", 60, 60) if r.prefix == "4420" else r for r in UK]
        await add_version(session, world.deck_id, world.owner, doubled, 2)
        await session.commit()
    finally:
        await close()
    answer = await _finalize(client, call_id, _hangup(60))
    assert Decimal(answer["cost"]) == Decimal("0.06")
    next_call = await _authorize(client, world)
    assert Decimal((await _finalize(client, next_call, _hangup(60)))["cost"]) == Decimal("0.12")


async def test_finalize_of_an_unknown_call_is_a_404(client: Client) -> None:
    response = await client.post(
        "/internal/v1/calls/never-authorized/finalize", json=_hangup(10), headers=SERVICE
    )
    assert response.status_code == 404


async def test_an_expired_reservation_is_released_and_a_late_finalize_charges_once(
    client: Client, settings: Settings
) -> None:
    from app.calls.sweeper import expire_stale

    world = await call_world(settings, credit="10")
    call_id = await _authorize(client, world)
    session, close = await system_session(settings)
    try:
        call = (await session.execute(select(Call).where(Call.call_id == call_id))).scalar_one()
        later = call.expires_at + datetime.timedelta(seconds=1)
        assert call_id in await expire_stale(session, later)
        await session.commit()
    finally:
        await close()
    assert (await _money(settings, world))[1] == 0
    answer = await _finalize(client, call_id, _hangup(60))
    again = await _finalize(client, call_id, _hangup(60))
    assert answer == again and Decimal(answer["cost"]) == Decimal("0.06")
    assert await _money(settings, world) == (Decimal("9.94"), 0, Decimal("9.94"), 2)
