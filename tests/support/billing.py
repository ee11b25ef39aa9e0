"""Billing fixtures: clients with a timezone, sessions on the test database, ledger sums."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal

import httpx
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.asgi import create_app
from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.user import User
from app.lib.access import Role
from app.lib.scoping import bind_system
from app.lib.settings import Settings


async def make_client(
    sessions: async_sessionmaker[AsyncSession],
    *,
    parent_id: uuid.UUID | None = None,
    timezone: str = "UTC",
    currency: str = "EUR",
) -> uuid.UUID:
    """A client row (no usable password: these tests act through services or tokens)."""
    async with sessions() as session:
        bind_system(session)
        user = User(
            email=f"billing-{uuid.uuid4().hex[:12]}@example.com",
            password_hash="not-a-hash",
            role=Role.CLIENT,
            name="Billing client",
            parent_id=parent_id,
            timezone=timezone,
            currency=currency,
        )
        session.add(user)
        await session.commit()
        return user.id


@asynccontextmanager
async def served_in_loop(settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """The app served in this event loop (not in Litestar's test-client portal thread, which
    runs one request at a time), so concurrent requests really overlap. A context manager, not
    a fixture: the app's lifespan must end in the task that started it."""
    app = create_app(settings)
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://tollgate.test") as c:
            yield c


@asynccontextmanager
async def system_session(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessions() as session:
        bind_system(session)
        yield session


async def ledger_state(engine: AsyncEngine, owner_id: uuid.UUID) -> tuple[Decimal, Decimal, int]:
    """(cached balance, sum of entries, number of entries) of the client's account."""
    async with engine.connect() as connection:
        balance = (
            await connection.execute(
                select(BillingAccount.balance).where(BillingAccount.owner_id == owner_id)
            )
        ).scalar_one()
        total, count = (
            await connection.execute(
                select(func.coalesce(func.sum(LedgerEntry.amount), 0), func.count()).where(
                    LedgerEntry.owner_id == owner_id
                )
            )
        ).one()
    return balance, Decimal(total), int(count)


async def entries_of(engine: AsyncEngine, owner_id: uuid.UUID) -> list[dict[str, object]]:
    """Every entry of the client, oldest first, as plain rows (to compare snapshots)."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT id, kind, amount, currency, balance_after, idempotency_key, note, "
                "created_at FROM ledger_entry WHERE owner_id = :owner ORDER BY created_at, id"
            ),
            {"owner": owner_id},
        )
        return [dict(row._mapping) for row in rows]
