"""Drawing allowances in PostgreSQL: counters per client, allowance and local period; locked
so that concurrent calls never overdraw; reset at the client's local period boundary."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from app.bundles import (
    apply_allowances,
    apply_allowances_bulk,
    free_seconds_for_call,
    load_client_allowances,
    remaining_allowance_seconds,
)
from app.db.models.bundle import AllowanceUsage
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from tests.integration.bundles.conftest import UK_CONTEXT, Bundled, Sessions, make_bundled

MARCH = datetime(2026, 3, 10, 12, tzinfo=UTC)
MARCH_START = datetime(2026, 3, 1, tzinfo=UTC)  # London is on GMT on 1 March


async def _used(sessions: Sessions, bundled: Bundled) -> dict[tuple[object, datetime], int]:
    async with sessions() as session:
        bind_system(session)
        rows = await session.execute(
            select(AllowanceUsage).where(AllowanceUsage.owner_id == bundled.client_id)
        )
        return {(u.allowance_id, u.period_start): u.used_seconds for u in rows.scalars()}


async def test_a_call_draws_its_allowance_and_the_overflow_is_charged(
    sessions: Sessions, bundled: Bundled
) -> None:
    async with sessions() as session, session.begin():
        bind_system(session)
        first = await apply_allowances(
            session, bundled.client_id, UK_CONTEXT.rate("07700900001", MARCH, 1500), MARCH
        )
        # 1503 s: billed 30 + 246 * 6 = 1506; 300 left -> 1206 s overflow at 0.10/min = 2.01
        later = MARCH + timedelta(hours=1)
        second = await apply_allowances(
            session, bundled.client_id, UK_CONTEXT.rate("07700900002", later, 1503), later
        )
    assert (first.covered_seconds, first.overflow_seconds, first.cost) == (1500, 0, Decimal(0))
    assert (second.covered_seconds, second.overflow_seconds) == (300, 1206)
    assert second.cost == Decimal("2.010000")
    assert second.coverage["kind"] == "allowance"
    assert second.coverage["period_start"] == "2026-03-01T00:00:00+00:00"
    assert await _used(sessions, bundled) == {(bundled.mobile, MARCH_START): 1800}


async def test_concurrent_draws_never_overdraw_the_allowance(
    sessions: Sessions, bundled: Bundled
) -> None:
    """Ten calls of 300 s each, every one in its own transaction at the same moment, against
    1800 s: exactly 1800 s are covered in total, whatever the interleaving."""

    async def one_call(n: int) -> int:
        async with sessions() as session, session.begin():
            bind_system(session)
            rating = UK_CONTEXT.rate(f"0770090{n:04d}", MARCH, 300)
            coverage = await apply_allowances(session, bundled.client_id, rating, MARCH)
            await asyncio.sleep(0.05)  # hold the counter's lock a little: others must queue
            return coverage.covered_seconds

    covered = await asyncio.gather(*(one_call(n) for n in range(10)))
    assert sum(covered) == 1800
    assert sorted(covered) == [0] * 4 + [300] * 6
    assert await _used(sessions, bundled) == {(bundled.mobile, MARCH_START): 1800}


async def test_a_second_transaction_waits_for_the_first_and_sees_its_draw(
    sessions: Sessions, bundled: Bundled
) -> None:
    first_drew = asyncio.Event()
    release = asyncio.Event()

    async def first() -> int:
        async with sessions() as session, session.begin():
            bind_system(session)
            rating = UK_CONTEXT.rate("07700900001", MARCH, 1200)
            coverage = await apply_allowances(session, bundled.client_id, rating, MARCH)
            first_drew.set()
            await release.wait()
            return coverage.covered_seconds

    async def second() -> int:
        await first_drew.wait()
        async with sessions() as session, session.begin():
            bind_system(session)
            rating = UK_CONTEXT.rate("07700900002", MARCH, 1200)
            coverage = await apply_allowances(session, bundled.client_id, rating, MARCH)
            return coverage.covered_seconds

    one = asyncio.create_task(first())
    two = asyncio.create_task(second())
    await first_drew.wait()
    await asyncio.sleep(0.3)
    assert not two.done()  # blocked on the counter's row lock
    release.set()
    assert (await one, await two) == (1200, 600)


async def test_the_allowance_resets_at_the_clients_local_month_start(
    settings: Settings, sessions: Sessions
) -> None:
    bundled = await make_bundled(settings, sessions, timezone="America/New_York")
    # 1 Feb 03:00 UTC is 31 Jan 22:00 in New York: January; 1 Feb 06:00 UTC is February.
    january = datetime(2026, 2, 1, 3, tzinfo=UTC)
    february = datetime(2026, 2, 1, 6, tzinfo=UTC)
    async with sessions() as session, session.begin():
        bind_system(session)
        client = await load_client_allowances(session, bundled.client_id)
        coverages = await apply_allowances_bulk(
            session,
            client,
            [
                (UK_CONTEXT.rate("07700900001", february, 1800), february),
                (UK_CONTEXT.rate("07700900002", january, 1800), january),
                (UK_CONTEXT.rate("07700900003", february + timedelta(minutes=40), 60), february),
            ],
        )
    # each period's 1800 s go to its first call; the later February call overflows
    assert [c.covered_seconds for c in coverages] == [1800, 1800, 0]
    assert await _used(sessions, bundled) == {
        (bundled.mobile, datetime(2026, 1, 1, 5, tzinfo=UTC)): 1800,
        (bundled.mobile, datetime(2026, 2, 1, 5, tzinfo=UTC)): 1800,
    }


async def test_a_daily_allowance_follows_local_days_across_a_dst_change(
    settings: Settings, sessions: Sessions
) -> None:
    bundled = await make_bundled(settings, sessions, timezone="America/New_York", period="daily")
    # 8 March 2026 is 23 hours long in New York: 05:00 UTC to 04:00 UTC the next day.
    late_on_the_8th = datetime(2026, 3, 9, 3, 30, tzinfo=UTC)  # 23:30 EDT on the 8th
    early_on_the_9th = datetime(2026, 3, 9, 4, 30, tzinfo=UTC)  # 00:30 EDT on the 9th
    async with sessions() as session, session.begin():
        bind_system(session)
        for at in (late_on_the_8th, early_on_the_9th):
            rating = UK_CONTEXT.rate("07700900001", at, 1000)
            await apply_allowances(session, bundled.client_id, rating, at)
    assert await _used(sessions, bundled) == {
        (bundled.mobile, datetime(2026, 3, 8, 5, tzinfo=UTC)): 1002,  # 30 + 162 * 6
        (bundled.mobile, datetime(2026, 3, 9, 4, tzinfo=UTC)): 1002,
    }


async def test_authorize_reads_the_remaining_allowance_as_free_time(
    sessions: Sessions, bundled: Bundled
) -> None:
    async with sessions() as session, session.begin():
        bind_system(session)
        rating = UK_CONTEXT.rate("02079460000", MARCH, 600)
        await apply_allowances(session, bundled.client_id, rating, MARCH)
        left = await remaining_allowance_seconds(
            session, bundled.client_id, bundled.landline_group, MARCH
        )
        match = UK_CONTEXT.match("02079460001", MARCH)
        free = await free_seconds_for_call(session, bundled.client_id, match, MARCH)
        abroad = UK_CONTEXT.match("07700900001", MARCH)
        mobile_free = await free_seconds_for_call(session, bundled.client_id, abroad, MARCH)
        next_month = await remaining_allowance_seconds(
            session, bundled.client_id, bundled.landline_group, datetime(2026, 4, 2, tzinfo=UTC)
        )
    assert left == free == 240 * 60 - 600
    assert mobile_free == 30 * 60
    assert next_month == 240 * 60


async def test_calls_that_cannot_draw_keep_their_price_and_touch_no_counter(
    sessions: Sessions, bundled: Bundled
) -> None:
    async with sessions() as session, session.begin():
        bind_system(session)
        unanswered = await apply_allowances(
            session, bundled.client_id, UK_CONTEXT.rate("07700900001", MARCH, 0), MARCH
        )
        unrated = await apply_allowances(
            session, bundled.client_id, UK_CONTEXT.rate("+12125550100", MARCH, 60), MARCH
        )
    assert (unanswered.covered_seconds, unanswered.cost) == (0, Decimal(0))
    assert (unrated.cost, unrated.coverage) == (None, {})
    assert await _used(sessions, bundled) == {}
