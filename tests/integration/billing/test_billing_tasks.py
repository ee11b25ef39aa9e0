"""The billing actors run in a real worker: periodic credit is topped up when due, and
Idempotency-Key records older than 24 hours are purged (both scheduled periodic jobs)."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.billing.ledger import account_for
from app.lib.settings import Settings
from app.worker.broker import enqueue
from app.worker.scheduler import PERIODIC_JOBS
from tests.support.billing import ledger_state, make_client, system_session
from tests.support.worker import running_worker


def test_both_jobs_are_scheduled() -> None:
    names = {job.actor_name for job in PERIODIC_JOBS}
    assert {"billing.reset_periodic_credit", "billing.purge_idempotency_keys"} <= names


async def _records(engine: AsyncEngine, scope: str) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            text("SELECT key FROM idempotency_record WHERE scope = :s ORDER BY key"), {"s": scope}
        )
        return [row.key for row in rows]


async def test_the_worker_tops_up_due_accounts_and_purges_expired_keys(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    now = datetime.now(UTC)
    client_id = await make_client(sessions, timezone="Europe/London")
    async with system_session(sessions) as session:
        account = await account_for(session, client_id)
        account.periodic_credit_amount = Decimal(50)
        account.periodic_credit_period = "daily"
        account.periodic_credit_next_at = now - timedelta(minutes=1)
        await session.commit()
    scope = f"test:{uuid.uuid4()}"
    async with engine.begin() as connection:
        for key, age in (("old", timedelta(hours=25)), ("fresh", timedelta(hours=1))):
            await connection.execute(
                text(
                    "INSERT INTO idempotency_record (id, scope, key, request_hash, created_at) "
                    "VALUES (:id, :scope, :key, 'h', :at)"
                ),
                {"id": uuid.uuid4(), "scope": scope, "key": key, "at": now - age},
            )
    isolated = replace(settings, redis_prefix=settings.redis_prefix + ":billing")
    with running_worker(isolated) as broker:
        enqueue(broker, "billing.reset_periodic_credit")
        enqueue(broker, "billing.purge_idempotency_keys")
        for _ in range(200):
            topped_up = (await ledger_state(engine, client_id))[2] == 1
            if topped_up and await _records(engine, scope) == ["fresh"]:
                break
            await asyncio.sleep(0.05)
    assert await ledger_state(engine, client_id) == (Decimal(50), Decimal(50), 1)
    assert await _records(engine, scope) == ["fresh"]
