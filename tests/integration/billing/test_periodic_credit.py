"""Periodic credit (seed 003: "50 credit units, reset daily"): the balance is topped back up at
each local midnight of the client's timezone, across daylight-saving changes, once per period."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.audit.service import Actor
from app.billing import service
from app.billing.ledger import account_for, post_entry
from app.billing.periodic import reset_due_accounts
from app.billing.schemas import BillingUpdate, PeriodicCreditWrite
from app.db.models.billing import EntryKind
from app.db.models.user import User
from tests.support.billing import entries_of, ledger_state, make_client, system_session


def utc(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=UTC)


async def _configure(
    sessions: async_sessionmaker[AsyncSession], client_id: uuid.UUID, now: str, period: str
) -> datetime | None:
    async with system_session(sessions) as session:
        client = await session.get(User, client_id)
        assert client is not None
        patch = BillingUpdate(periodic_credit=PeriodicCreditWrite(Decimal(50), period))  # type: ignore[arg-type]
        account = await service.update_billing(session, Actor.system(), client, patch, utc(now))
        await session.commit()
        return account.periodic_credit_next_at


async def _reset(sessions: async_sessionmaker[AsyncSession], now: str) -> None:
    async with system_session(sessions) as session:
        await reset_due_accounts(session, utc(now))


async def _next_at(engine: AsyncEngine, client_id: uuid.UUID) -> datetime:
    async with engine.connect() as connection:
        value = await connection.execute(
            text("SELECT periodic_credit_next_at FROM billing_account WHERE owner_id = :o"),
            {"o": client_id},
        )
        return value.scalar_one()  # type: ignore[no-any-return]


async def _top_ups(engine: AsyncEngine, client_id: uuid.UUID) -> list[Decimal]:
    entries = await entries_of(engine, client_id)
    return [e["amount"] for e in entries if e["kind"] == "periodic_credit"]  # type: ignore[misc]


async def _post(
    sessions: async_sessionmaker[AsyncSession],
    client_id: uuid.UUID,
    amount: str,
    kind: str = EntryKind.CALL_CHARGE,
) -> None:
    async with system_session(sessions) as session:
        account = await account_for(session, client_id, lock=True)
        await post_entry(
            session,
            account,
            kind=kind,
            amount=Decimal(amount),
            idempotency_key=f"test:{uuid.uuid4()}",
            at=datetime.now(UTC),
        )
        await session.commit()


async def test_daily_credit_resets_at_london_midnights_across_the_spring_change(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    client_id = await make_client(sessions, timezone="Europe/London")
    # Clocks go forward on 2026-03-29 at 01:00 UTC: that local day lasts 23 hours.
    assert await _configure(sessions, client_id, "2026-03-28T12:00", "daily") == utc(
        "2026-03-29T00:00"
    )
    await _reset(sessions, "2026-03-28T23:59:59")
    assert await entries_of(engine, client_id) == []
    await _reset(sessions, "2026-03-29T00:00:30")
    assert await ledger_state(engine, client_id) == (Decimal(50), Decimal(50), 1)
    assert await _next_at(engine, client_id) == utc("2026-03-29T23:00")  # 00:00 BST
    await _post(sessions, client_id, "-20.5")
    await _reset(sessions, "2026-03-29T22:59:59")
    assert (await ledger_state(engine, client_id))[0] == Decimal("29.5")
    await _reset(sessions, "2026-03-29T23:00")
    await _reset(sessions, "2026-03-29T23:00")  # a second run in the same period: nothing
    top_ups = await _top_ups(engine, client_id)
    assert top_ups == [Decimal(50), Decimal("20.5")]
    assert await ledger_state(engine, client_id) == (Decimal(50), Decimal(50), 3)
    assert await _next_at(engine, client_id) == utc("2026-03-30T23:00")


async def test_daily_credit_resets_at_new_york_midnights_across_the_autumn_change(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    client_id = await make_client(sessions, timezone="America/New_York")
    # Clocks go back on 2026-11-01 at 06:00 UTC: that local day lasts 25 hours.
    assert await _configure(sessions, client_id, "2026-10-31T12:00", "daily") == utc(
        "2026-11-01T04:00"
    )
    await _reset(sessions, "2026-11-01T04:00")
    assert await _next_at(engine, client_id) == utc("2026-11-02T05:00")  # 00:00 EST
    await _post(sessions, client_id, "-50")
    await _reset(sessions, "2026-11-02T04:59:59")  # 23:59 EST: still the long day
    assert (await ledger_state(engine, client_id))[0] == 0
    await _reset(sessions, "2026-11-02T05:00")
    assert await ledger_state(engine, client_id) == (Decimal(50), Decimal(50), 3)


async def test_a_balance_above_the_amount_is_left_alone_and_missed_periods_top_up_once(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    client_id = await make_client(sessions, timezone="America/New_York")
    await _configure(sessions, client_id, "2026-03-01T12:00", "weekly")
    assert await _next_at(engine, client_id) == utc("2026-03-02T05:00")  # Monday 00:00 EST
    # the worker was down for three weeks, across the spring change (2026-03-08)
    await _reset(sessions, "2026-03-20T12:00")
    assert await ledger_state(engine, client_id) == (Decimal(50), Decimal(50), 1)
    assert await _next_at(engine, client_id) == utc("2026-03-23T04:00")  # Monday 00:00 EDT
    await _post(sessions, client_id, "70", EntryKind.CREDIT)  # 120 now
    await _reset(sessions, "2026-03-23T04:00")
    assert await _top_ups(engine, client_id) == [Decimal(50), Decimal(0)]
    assert (await ledger_state(engine, client_id))[0] == Decimal(120)


async def test_one_top_up_per_period_even_if_the_schedule_is_replayed(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    client_id = await make_client(sessions, timezone="Europe/London")
    await _configure(sessions, client_id, "2026-06-10T12:00", "monthly")
    assert await _next_at(engine, client_id) == utc("2026-06-30T23:00")  # 1 July 00:00 BST
    await _reset(sessions, "2026-07-01T00:00")
    await _post(sessions, client_id, "-10")
    async with engine.begin() as connection:  # as if another worker still saw the old period
        await connection.execute(
            text("UPDATE billing_account SET periodic_credit_next_at = :at WHERE owner_id = :o"),
            {"at": utc("2026-06-30T23:00"), "o": client_id},
        )
    await _reset(sessions, "2026-07-01T00:00")
    assert await ledger_state(engine, client_id) == (Decimal(40), Decimal(40), 2)
