"""The issue's concurrency acceptance: 50 simultaneous authorizes cannot overspend 10 minutes."""

from __future__ import annotations

import asyncio
import datetime
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import func, select

from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.cdr import Cdr
from app.lib.settings import Settings
from tests.support.billing import served_in_loop
from tests.support.calls import SERVICE, call_world
from tests.support.identity import system_session

Client = httpx.AsyncClient
CALLS = 50


async def _authorize(client: Client, sip_user: str, n: int) -> dict[str, Any]:
    body = {
        "call_id": f"race-{sip_user}-{n}",
        "sip_user": sip_user,
        "dialled_number": "01632960000",
    }
    response = await client.post("/internal/v1/calls/authorize", json=body, headers=SERVICE)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def _finalize(client: Client, call_id: str, seconds: int) -> Decimal:
    now = datetime.datetime.now(datetime.UTC)
    body = {"billable_seconds": seconds, "disposition": "ANSWER", "ended_at": now.isoformat()}
    response = await client.post(
        f"/internal/v1/calls/{call_id}/finalize", json=body, headers=SERVICE
    )
    assert response.status_code == 200, response.text
    return Decimal(response.json()["cost"])


async def test_fifty_simultaneous_calls_never_spend_more_than_the_credit(
    settings: Settings,
) -> None:
    # 0.12 per minute, per second: 1.20 of credit pays exactly 10 minutes.
    world = await call_world(settings, credit="1.20")
    async with served_in_loop(settings) as client:  # requests really overlap
        answers = await asyncio.gather(
            *(_authorize(client, world.sip_user, n) for n in range(CALLS))
        )
        granted = [a for a in answers if a["result"] == "ok"]
        assert {a["result"] for a in answers} <= {"ok", "no_credit"}
        assert sum(a["max_duration"] for a in granted) <= 600
        assert sum(1 for a in granted if a["max_duration"] >= 300) <= 2
        costs = await asyncio.gather(
            *(_finalize(client, a["call_id"], min(300, a["max_duration"])) for a in granted)
        )
    session, close = await system_session(settings)
    try:
        account = await session.get(BillingAccount, world.account_id)
        assert account is not None
        entries = (
            await session.execute(
                select(func.sum(LedgerEntry.amount)).where(
                    LedgerEntry.account_id == world.account_id
                )
            )
        ).scalar_one()
        cdr_total = (
            await session.execute(select(func.sum(Cdr.cost)).where(Cdr.owner_id == world.client.id))
        ).scalar_one()
    finally:
        await close()
    assert account.balance >= 0
    assert account.reserved == 0
    assert account.balance == entries == Decimal("1.20") - sum(costs, Decimal(0))
    assert cdr_total == sum(costs, Decimal(0))
