"""What finalize's one statement writes: the whole CDR (masked per the client's choice at that
moment), the ledger entry with its balance, and a partition for a month nobody prepared."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select, update

from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.call import Call
from app.db.models.cdr import Cdr
from app.lib.settings import Settings
from tests.support.calls import SERVICE, CallWorld, call_world
from tests.support.identity import system_session

Client = AsyncTestClient[Litestar]


async def _call(client: Client, world: CallWorld, seconds: int) -> dict[str, Any]:
    call_id = uuid.uuid4().hex
    body = {
        "call_id": call_id,
        "sip_user": world.sip_user,
        "caller_number": "441632960001",
        "dialled_number": "020 7946 0000",
    }
    granted = await client.post("/internal/v1/calls/authorize", json=body, headers=SERVICE)
    assert granted.json()["result"] == "ok", granted.text
    ended = datetime.datetime.now(datetime.UTC)
    hangup = {
        "billable_seconds": seconds,
        "disposition": "ANSWER",
        "hangup_cause": 16,
        "trunk_id": str(world.trunk_id),
        "ended_at": ended.isoformat(),
        "answered_at": (ended - datetime.timedelta(seconds=seconds)).isoformat(),
    }
    response = await client.post(
        f"/internal/v1/calls/{call_id}/finalize", json=hangup, headers=SERVICE
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def _record(settings: Settings, call_id: str) -> tuple[Cdr, LedgerEntry | None]:
    session, close = await system_session(settings)
    try:
        cdr = (await session.execute(select(Cdr).where(Cdr.external_id == call_id))).scalar_one()
        entry = None
        if cdr.ledger_entry_id is not None:
            entry = await session.get(LedgerEntry, cdr.ledger_entry_id)
        return cdr, entry
    finally:
        await close()


async def _mask(settings: Settings, world: CallWorld, masked: bool) -> None:
    session, close = await system_session(settings)
    try:
        await session.execute(
            update(BillingAccount)
            .where(BillingAccount.id == world.account_id)
            .values(mask_digits=masked)
        )
        await session.commit()
    finally:
        await close()


async def test_the_cdr_and_the_charge_carry_every_field(client: Client, settings: Settings) -> None:
    world = await call_world(settings, credit="10")
    answer = await _call(client, world, 61)
    cdr, entry = await _record(settings, answer["call_id"])
    assert str(cdr.id) == answer["cdr_id"]
    assert (cdr.caller_number, cdr.dialled_number, cdr.normalized_number) == (
        "441632960001",
        "020 7946 0000",
        "442079460000",
    )
    assert (cdr.disposition, cdr.hangup_cause, cdr.billable_seconds) == ("ANSWER", 16, 61)
    assert (cdr.direction, cdr.source, cdr.rating_status) == ("outbound", "agi", "rated")
    assert (cdr.deck_id, cdr.deck_version, cdr.destination) == (world.deck_id, 1, "London")
    assert (cdr.cost, cdr.currency, cdr.trunk_id) == (Decimal("0.12"), "USD", world.trunk_id)
    assert cdr.sip_user_id == world.sip_user_id and cdr.owner_id == world.client.id
    assert (cdr.breakdown["billed_seconds"], cdr.breakdown["matched_prefix"]) == (120, "4420")
    assert Decimal(cdr.breakdown["total"]) == Decimal("0.12") and cdr.masked is False
    assert cdr.answered_at is not None and cdr.ended_at is not None and cdr.duration >= 0
    assert entry is not None
    assert (entry.kind, entry.amount, entry.balance_after) == (
        "call_charge",
        Decimal("-0.12"),
        Decimal("9.88"),
    )
    assert entry.idempotency_key == f"call:{answer['call_id']}"
    assert entry.reference == {"call_id": answer["call_id"], "cdr_id": answer["cdr_id"]}


async def test_a_cdr_is_masked_while_the_client_asks_for_it(
    client: Client, settings: Settings
) -> None:
    world = await call_world(settings, credit="10")
    await _mask(settings, world, True)
    masked = await _call(client, world, 30)
    await _mask(settings, world, False)
    plain = await _call(client, world, 30)
    assert (await _record(settings, masked["call_id"]))[0].masked is True
    assert (await _record(settings, plain["call_id"]))[0].masked is False


async def test_finalize_creates_the_partition_of_a_month_nobody_prepared(
    client: Client, settings: Settings
) -> None:
    world = await call_world(settings, credit="10")
    call_id = uuid.uuid4().hex
    body = {"call_id": call_id, "sip_user": world.sip_user, "dialled_number": "02079460000"}
    await client.post("/internal/v1/calls/authorize", json=body, headers=SERVICE)
    long_ago = datetime.datetime(2003, 7, 3, 4, 5, tzinfo=datetime.UTC)
    session, close = await system_session(settings)
    try:
        await session.execute(
            update(Call).where(Call.call_id == call_id).values(authorized_at=long_ago)
        )
        await session.commit()
    finally:
        await close()
    ended = long_ago + datetime.timedelta(seconds=60)
    hangup = {"billable_seconds": 0, "ended_at": ended.isoformat()}
    response = await client.post(
        f"/internal/v1/calls/{call_id}/finalize", json=hangup, headers=SERVICE
    )
    assert response.status_code == 200, response.text
    cdr, entry = await _record(settings, call_id)
    assert (cdr.started_at, cdr.cost, entry) == (long_ago, 0, None)
    assert response.json()["status"] == "unanswered"
