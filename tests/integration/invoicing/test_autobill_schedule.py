"""The autobill schedule: a cron expression read on the tenant's wall clock (seed 001: cron
jobs that fire in UTC by mistake), across daylight-saving changes, with the clock moved by
time-machine."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import time_machine
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models.invoice import BillingRun, InvoicingProfile
from app.db.models.user import User
from app.invoicing.profiles import update_profile
from app.invoicing.runs import execute_run, fire_due_schedules
from app.invoicing.schedule import next_fire
from app.invoicing.schemas import ProfileUpdate
from app.lib.access import Role
from app.lib.scoping import bind_system
from tests.support.invoicing import add_call, invoices_of, make_billed_client


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_a_daily_cron_keeps_its_local_time_across_both_dst_changes() -> None:
    fires, after = [], utc("2026-03-07T00:00:00")
    for _ in range(3):
        after = next_fire("55 0 * * *", "America/New_York", after)
        fires.append(after)
    assert fires == [
        utc("2026-03-07T05:55:00"),
        utc("2026-03-08T05:55:00"),
        utc("2026-03-09T04:55:00"),
    ]
    # Lord Howe moves its clocks by half an hour (+11 -> +10:30 on 5 April 2026)
    assert next_fire("55 0 * * *", "Australia/Lord_Howe", utc("2026-04-04T12:00:00")) == utc(
        "2026-04-04T13:55:00"
    )
    assert next_fire("55 0 * * *", "Australia/Lord_Howe", utc("2026-04-05T12:00:00")) == utc(
        "2026-04-05T14:25:00"
    )


def test_a_skipped_wall_time_fires_late_and_a_repeated_one_fires_once() -> None:
    # 02:30 does not exist on 8 March 2026 in New York: it fires at 03:30 EDT (07:30 UTC)
    assert next_fire("30 2 * * *", "America/New_York", utc("2026-03-08T05:00:00")) == utc(
        "2026-03-08T07:30:00"
    )
    # 01:30 happens twice on 1 November 2026: the first time only
    first = next_fire("30 1 * * *", "America/New_York", utc("2026-11-01T04:00:00"))
    assert first == utc("2026-11-01T05:30:00")
    assert next_fire("30 1 * * *", "America/New_York", first) == utc("2026-11-02T06:30:00")


async def _tenant(sessions: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    async with sessions() as session:
        bind_system(session)
        reseller = User(
            email=f"sched-{uuid.uuid4().hex[:10]}@example.com",
            password_hash="x",
            role=Role.RESELLER,
            name="Toronto reseller",
            timezone="America/Toronto",
        )
        session.add(reseller)
        await session.flush()
        await update_profile(
            session,
            reseller.id,
            ProfileUpdate(autobill_cron="55 0 * * *"),
            datetime.now(UTC),
        )
        await session.commit()
        return reseller.id


async def _fire(sessions: async_sessionmaker[AsyncSession], tenant: uuid.UUID) -> list[BillingRun]:
    async with sessions() as session:
        bind_system(session)
        created = await fire_due_schedules(session, datetime.now(UTC))
        runs = await session.execute(
            select(BillingRun).where(BillingRun.id.in_(created), BillingRun.reseller_id == tenant)
        )
        return list(runs.scalars())


async def _next_at(
    sessions: async_sessionmaker[AsyncSession], tenant: uuid.UUID
) -> datetime | None:
    async with sessions() as session:
        bind_system(session)
        profile = await session.execute(
            select(InvoicingProfile.autobill_next_at).where(InvoicingProfile.reseller_id == tenant)
        )
        return profile.scalar_one()


async def test_the_schedule_fires_at_the_tenants_local_time_across_a_dst_change(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    with time_machine.travel(utc("2026-03-07T12:00:00"), tick=False):
        tenant = await _tenant(sessions)
    client = await make_billed_client(sessions, timezone="America/Toronto", parent_id=tenant)
    await add_call(sessions, client, utc("2026-02-10T15:00:00"), "+441234567890", "3.000000")
    assert await _next_at(sessions, tenant) == utc("2026-03-08T05:55:00")  # 00:55 EST

    with time_machine.travel(utc("2026-03-08T00:56:00"), tick=False):  # 00:55 in UTC: wrong
        assert await _fire(sessions, tenant) == []
    with time_machine.travel(utc("2026-03-08T05:54:00"), tick=False):
        assert await _fire(sessions, tenant) == []
    with time_machine.travel(utc("2026-03-08T05:56:30"), tick=False):
        [run] = await _fire(sessions, tenant)
        assert await _fire(sessions, tenant) == []  # once per due time
    assert run.as_of == utc("2026-03-08T05:55:00") and run.trigger == "schedule"
    assert await _next_at(sessions, tenant) == utc("2026-03-09T04:55:00")  # 00:55 EDT

    await execute_run(sessions, run.id)
    [(invoice, _)] = await invoices_of(sessions, client)
    assert invoice.period_label == "2026-02-01 to 2026-02-28" and invoice.total == 3

    with time_machine.travel(utc("2026-03-09T04:55:10"), tick=False):
        [again] = await _fire(sessions, tenant)
    await execute_run(sessions, again.id)
    assert len(await invoices_of(sessions, client)) == 1  # February is billed once
