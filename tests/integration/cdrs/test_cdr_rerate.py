"""Re-rating as a job: the exact difference posted once per client, the old rating kept,
late-billed records priced and charged, and nothing more when run again."""

from __future__ import annotations

import asyncio
import datetime
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from app.asgi import create_app
from app.cdrs.rerate import run_rerate
from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.cdr import Cdr, CdrRatingHistory
from app.lib.access import Role
from app.lib.settings import Settings
from app.worker.context import WorkerContext
from tests.support.calls import UK, CallWorld, R, add_version, call_world
from tests.support.cdrs import add_cdr
from tests.support.identity import Account, create_account, system_session
from tests.support.worker import running_worker

UTC = datetime.UTC
JAN = datetime.datetime(2026, 1, 15, 10, 0, tzinfo=UTC)
PERIOD = {"from": "2026-01-01T00:00:00Z", "to": "2026-02-01T00:00:00Z"}


@pytest.fixture
async def rerate_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    isolated = replace(settings, redis_prefix=settings.redis_prefix + ":rerate")
    async with AsyncTestClient(app=create_app(isolated)) as client:
        with running_worker(isolated):
            yield client


async def _rerate(client: AsyncTestClient[Litestar], who: Account, **body: Any) -> dict[str, Any]:
    accepted = await client.post(
        "/api/v1/cdrs/rerate", headers=who.headers, json={**PERIOD, **body}
    )
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = (await client.get(f"/api/v1/jobs/{job_id}", headers=who.headers)).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        await asyncio.sleep(0.1)
    raise AssertionError("the re-rating job did not finish")


async def _record(
    settings: Settings,
    world: CallWorld,
    dialled: str,
    seconds: int,
    cost: str | None,
    **fields: Any,
) -> uuid.UUID:
    status = "rated" if cost is not None else "pending_price"
    return await add_cdr(
        settings,
        world.client,
        JAN,
        dialled,
        cost=cost,
        sip_user_id=world.sip_user_id,
        billable_seconds=seconds,
        rating_status=status,
        currency="USD" if cost is not None else None,
        **fields,
    )


async def _state(
    settings: Settings, world: CallWorld
) -> tuple[Decimal, list[LedgerEntry], dict[uuid.UUID, Cdr], list[CdrRatingHistory]]:
    session, close = await system_session(settings)
    try:
        account = await session.get(BillingAccount, world.account_id)
        assert account is not None
        entries = (
            (
                await session.execute(
                    select(LedgerEntry).where(
                        LedgerEntry.account_id == world.account_id, LedgerEntry.kind == "adjustment"
                    )
                )
            )
            .scalars()
            .all()
        )
        cdrs = (
            (await session.execute(select(Cdr).where(Cdr.owner_id == world.client.id)))
            .scalars()
            .all()
        )
        history = (
            (
                await session.execute(
                    select(CdrRatingHistory).where(CdrRatingHistory.owner_id == world.client.id)
                )
            )
            .scalars()
            .all()
        )
        return account.balance, list(entries), {c.id: c for c in cdrs}, list(history)
    finally:
        await close()


async def test_rerating_posts_the_exact_difference_once_and_prices_late_billed_calls(
    rerate_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    world = await call_world(settings)
    london = await _record(settings, world, "02071234567", 60, "0.060000", matched_prefix="4420")
    mobile = await _record(settings, world, "07700900123", 30, "0.150000", matched_prefix="447")
    late = await _record(settings, world, "08701234567", 120, None, matched_prefix="4487")
    other = await call_world(settings)
    untouched = await _record(settings, other, "02071234567", 60, "0.060000", matched_prefix="4420")
    before, _, _, _ = await _state(settings, world)

    # The rate change: London doubles; the late-billed number gets its price.
    session, close = await system_session(settings)
    try:
        changed = [
            R("4420", "0.120000", 60, 60, destination="London"),
            R("4487", "0.600000", destination="UK late"),
        ]
        rates = [r for r in UK if r.prefix not in ("4420", "4487")] + changed
        await add_version(session, world.deck_id, world.owner, rates, 2)
        await session.commit()
    finally:
        await close()

    job = await _rerate(rerate_client, world.owner, client_id=str(world.client.id))
    assert job["status"] == "succeeded", job
    assert (job["rows_total"], job["rows_done"]) == (3, 3)
    result = job["result"]
    assert (result["records"], result["repriced"], result["now_rated"], result["unchanged"]) == (
        3,
        2,
        1,
        1,
    )
    (adjustment,) = result["adjustments"]
    assert Decimal(adjustment["amount"]) == Decimal("-1.26")  # +0.06 London, +1.20 late-billed
    balance, entries, cdrs, history = await _state(settings, world)
    (entry,) = entries
    assert entry.amount == Decimal("-1.26") and balance == before - Decimal("1.26")
    assert entry.idempotency_key == f"cdr_rerate:{job['id']}:{world.client.id}"
    assert cdrs[london].cost == Decimal("0.12") and cdrs[london].deck_version == 2
    assert cdrs[mobile].cost == Decimal("0.15")
    assert cdrs[late].rating_status == "rated" and cdrs[late].cost == Decimal("1.2")
    assert cdrs[late].ledger_entry_id == entry.id and cdrs[late].breakdown["total"]
    kept = {h.cdr_id: h for h in history}
    assert set(kept) == {london, late}
    assert kept[london].old_cost == Decimal("0.06") and kept[london].new_cost == Decimal("0.12")
    assert (
        kept[late].old_rating_status == "pending_price" and kept[late].ledger_entry_id == entry.id
    )
    assert str(kept[london].job_id) == job["id"]

    # Run again: nothing changed, so nothing is posted; the same job's message twice does nothing.
    again = await _rerate(rerate_client, world.owner, client_id=str(world.client.id))
    assert again["status"] == "succeeded", again
    assert again["result"]["repriced"] == 0 and again["result"]["adjustments"] == []
    await run_rerate(WorkerContext.from_settings(settings), uuid.UUID(job["id"]))
    balance_after, entries_after, _, history_after = await _state(settings, world)
    assert (balance_after, len(entries_after), len(history_after)) == (balance, 1, 2)
    _, _, other_cdrs, _ = await _state(settings, other)
    assert other_cdrs[untouched].cost == Decimal("0.06")  # other's deck did not change


async def test_rerating_is_within_reach_and_checks_its_request(
    rerate_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    reseller = await create_account(settings, Role.RESELLER)
    stranger = await call_world(settings)
    forbidden = await rerate_client.post(
        "/api/v1/cdrs/rerate", headers=stranger.client.headers, json=PERIOD
    )
    assert forbidden.status_code == 403
    for body in ({"client_id": str(stranger.client.id)}, {"deck_id": str(stranger.deck_id)}):
        hidden = await rerate_client.post(
            "/api/v1/cdrs/rerate", headers=reseller.headers, json={**PERIOD, **body}
        )
        assert hidden.status_code == 404, hidden.text
    backwards = await rerate_client.post(
        "/api/v1/cdrs/rerate",
        headers=reseller.headers,
        json={"from": PERIOD["to"], "to": PERIOD["from"]},
    )
    assert backwards.status_code == 422
    # A reseller's job never touches another tenant's records.
    await _record(settings, stranger, "02071234567", 60, "0.010000", matched_prefix="4420")
    job = await _rerate(rerate_client, reseller)
    assert job["status"] == "succeeded" and job["result"]["records"] == 0
