"""Call control's database access: one statement per decision, on a plain asyncpg connection.

Authorize and finalize are the platform's hot path (issue #5: p99 ≤ 10 ms). Each reaches
PostgreSQL once for its money: ``tollgate_call_authorize`` and ``tollgate_call_finalize``
(migrations 0014, 0016) take the row locks, re-check the limits and write everything in one
statement, so one round trip and one commit. The rules (screening, rating, routing) stay in
Python. Only a call that draws a plan allowance does more: authorize reads its counter, and
finalize locks it (:meth:`CallDb.lock_counter`) in a transaction with the settling statement.

Two ways in, one code path:

* :class:`CallStore` — the API process's own small asyncpg pool (no ORM unit of work, no
  pre-ping, no reset query per request). Each statement commits on its own.
* :func:`session_db` — inside an ORM session's transaction (the worker, tests): the statements
  run on the session's connection and commit with it.

Configuration that is not money (who the caller is, its prices) comes from an ORM session,
opened only when the caller cache misses (:meth:`CallDb.orm`).
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from uuid_utils.compat import uuid7

from app.bundles import COUNTER_LOCK_SQL, COUNTER_USED_SQL, Target
from app.lib.db import plain_database_url
from app.lib.scoping import bind_system
from app.lib.settings import Settings

OrmSource = Callable[[], AbstractAsyncContextManager[AsyncSession]]

_AUTHORIZE = (
    "SELECT outcome, amount, reason, currency, call_status, call_max_duration,"
    " call_trunks::text AS call_trunks, call_rate_id, call_number"
    " FROM tollgate_call_authorize($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,"
    " $14, $15, $16, $17, $18, $19, $20::text::jsonb, $21::text::jsonb)"
)
_FINALIZE = (
    "SELECT outcome, result::text AS result"
    " FROM tollgate_call_finalize($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb,"
    " $8, $9, $10)"
)
_CALL = (
    "SELECT status, result::text AS result, owner_id, reseller_id, sip_user_id, caller_number,"
    " dialled_number, normalized_number, authorized_at, pricing::text AS pricing,"
    " trunks::text AS trunks FROM call WHERE call_id = $1"
)
_GRANT = (  # named as tollgate_call_authorize's answer for a call it already has
    "SELECT 'previous' AS outcome, status AS call_status, max_duration AS call_max_duration,"
    " trunks::text AS call_trunks, rate_id AS call_rate_id, normalized_number AS call_number"
    " FROM call WHERE call_id = $1"
)
_PER_MINUTE_CAP = "SELECT max_price_per_minute FROM billing_account WHERE owner_id = $1"


@dataclass(frozen=True, slots=True)
class Offer:
    """What authorize asks the database to reserve (see ``tollgate_call_authorize``)."""

    call_id: str
    id: uuid.UUID
    owner_id: uuid.UUID
    sip_user_id: uuid.UUID
    reseller_id: uuid.UUID | None
    sip_max_calls: int | None
    now: datetime.datetime
    month_start: datetime.datetime
    minute_price: Decimal | None
    duration: int
    reserve: Decimal
    pending: bool
    grace: int
    caller_number: str | None
    dialled_number: str
    normalized_number: str
    channel: str
    source_ip: str | None
    rate_id: str | None
    pricing: str
    """JSON text of ``{"versions": {...}}``."""
    trunks: str
    """JSON text of the dial list."""


@dataclass(frozen=True, slots=True)
class CallDb:
    """One request's way to the database (see the module doc)."""

    conn: asyncpg.Connection
    orm: OrmSource
    shared: bool = False
    """True inside a caller's transaction (:func:`session_db`): a failed statement aborts it,
    so nothing may be tried and retried."""

    async def reserve(self, offer: Offer) -> asyncpg.Record:
        row: asyncpg.Record = await self.conn.fetchrow(
            _AUTHORIZE,
            offer.call_id,
            offer.id,
            offer.owner_id,
            offer.sip_user_id,
            offer.reseller_id,
            offer.sip_max_calls,
            offer.now,
            offer.month_start,
            offer.minute_price,
            offer.duration,
            offer.reserve,
            offer.pending,
            offer.grace,
            offer.caller_number,
            offer.dialled_number,
            offer.normalized_number,
            offer.channel,
            offer.source_ip,
            offer.rate_id,
            offer.pricing,
            offer.trunks,
        )
        return row

    async def grant_of(self, call_id: str) -> asyncpg.Record | None:
        row: asyncpg.Record | None = await self.conn.fetchrow(_GRANT, call_id)
        return row

    async def per_minute_cap(self, owner_id: uuid.UUID) -> Decimal | None:
        value: Decimal | None = await self.conn.fetchval(_PER_MINUTE_CAP, owner_id)
        return value

    async def call(self, call_id: str) -> asyncpg.Record | None:
        row: asyncpg.Record | None = await self.conn.fetchrow(_CALL, call_id)
        return row

    async def settle(
        self,
        call_id: str,
        now: datetime.datetime,
        cost: Decimal | None,
        note: str,
        cdr: str,
        result: str,
        drawn: tuple[Target, int] | None = None,
    ) -> asyncpg.Record:
        """``tollgate_call_finalize``; ``drawn``: the counter this call drew from (locked by
        :meth:`lock_counter` in this transaction) and its new used seconds."""
        allowance_id = start = used = None
        if drawn is not None:
            allowance_id, start = drawn[0].counter
            used = drawn[1]
        row: asyncpg.Record = await self.conn.fetchrow(
            _FINALIZE, call_id, now, cost, uuid7(), note, cdr, result, allowance_id, start, used
        )
        return row

    async def allowance_used(self, owner_id: uuid.UUID, target: Target) -> int | None:
        """The counter's used seconds as committed (authorize's estimate; no lock)."""
        allowance_id, start = target.counter
        value: int | None = await self.conn.fetchval(
            COUNTER_USED_SQL, owner_id, allowance_id, start
        )
        return value

    async def lock_counter(
        self, owner_id: uuid.UUID, reseller_id: uuid.UUID | None, target: Target
    ) -> int:
        """Upsert and lock the counter until the transaction ends; its used seconds then."""
        allowance_id, start = target.counter
        value: int = await self.conn.fetchval(
            COUNTER_LOCK_SQL,
            uuid7(),
            owner_id,
            reseller_id,
            allowance_id,
            start,
            target.end,
        )
        return value

    def transaction(self) -> AbstractAsyncContextManager[object]:
        """A transaction around several statements (inside a caller's, they are already in
        one: nothing to open)."""
        if self.shared:
            return nullcontext()
        return self.conn.transaction()  # type: ignore[no-any-return]


async def session_db(session: AsyncSession) -> CallDb:
    """A :class:`CallDb` inside ``session``'s transaction (its connection, committed with it)."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert isinstance(driver, asyncpg.Connection)
    if not driver.is_in_transaction():
        # SQLAlchemy opens its transaction lazily, on its first statement: without one, ours
        # would commit on their own instead of with the caller's.
        await session.execute(text("SELECT 1"))

    @asynccontextmanager
    async def same_session() -> AsyncIterator[AsyncSession]:
        yield session

    return CallDb(driver, same_session, shared=True)


async def _keep_session_state(connection: asyncpg.Connection) -> None:
    """Pool reset: our statements leave nothing behind, so skip asyncpg's reset round trip
    unless a cancelled request left a transaction open."""
    if connection.is_in_transaction():
        await connection.reset()


class CallStore:
    """The API process's asyncpg pool for call control, opened on first use."""

    def __init__(self, settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._settings = settings
        self._sessions = sessions
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()

    async def _open(self) -> asyncpg.Pool:
        async with self._lock:
            if self._pool is None:
                self._pool = await asyncpg.create_pool(
                    plain_database_url(self._settings.require_database_url()),
                    min_size=1,
                    max_size=self._settings.call_db_pool_size,
                    reset=_keep_session_state,
                    command_timeout=30,
                )
            return self._pool

    @asynccontextmanager
    async def _orm(self) -> AsyncIterator[AsyncSession]:
        async with self._sessions() as session:
            bind_system(session)
            yield session
            await session.commit()

    @asynccontextmanager
    async def db(self) -> AsyncIterator[CallDb]:
        pool = self._pool or await self._open()
        async with pool.acquire() as connection:
            yield CallDb(connection, self._orm)

    async def close(self) -> None:
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()


def json_text(value: Any) -> str:
    """``value`` as JSON text, for a ``$n::text::jsonb`` parameter."""
    return msgspec.json.encode(value).decode()
