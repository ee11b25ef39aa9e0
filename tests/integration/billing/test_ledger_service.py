"""The ledger's service API: entries are append-only, posting is idempotent, the cached balance
is the sum of the entries, and concurrent first uses of an account create one account."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from app.billing.ledger import account_for, available, post_entry
from app.db.models.billing import BillingAccount, EntryKind
from app.lib.errors import InvalidInputError, NotFoundError
from tests.support.billing import entries_of, ledger_state, make_client, system_session


async def _post(
    sessions: async_sessionmaker[AsyncSession], client_id: object, amount: str, key: str
) -> Decimal:
    async with system_session(sessions) as session:
        account = await account_for(session, client_id, lock=True)  # type: ignore[arg-type]
        entry = await post_entry(
            session,
            account,
            kind=EntryKind.CREDIT,
            amount=Decimal(amount),
            idempotency_key=key,
            at=datetime.now(UTC),
        )
        await session.commit()
        return entry.balance_after


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entry SET amount = amount + 1 WHERE owner_id = :owner",
        "DELETE FROM ledger_entry WHERE owner_id = :owner",
        "TRUNCATE ledger_entry CASCADE",
    ],
)
async def test_the_database_refuses_to_change_or_delete_ledger_entries(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine, statement: str
) -> None:
    client_id = await make_client(sessions)
    await _post(sessions, client_id, "10", "first")
    async with engine.connect() as connection:
        with pytest.raises(DBAPIError) as refused:
            await connection.execute(text(statement), {"owner": client_id})
    assert refused.value.orig.sqlstate == "23001"  # type: ignore[union-attr]
    assert await ledger_state(engine, client_id) == (Decimal(10), Decimal(10), 1)


async def test_concurrent_first_uses_create_one_account(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    client_id = await make_client(sessions, currency="GBP")

    async def first_use() -> object:
        async with system_session(sessions) as session:
            account = await account_for(session, client_id, lock=True)
            await asyncio.sleep(0.05)  # hold the lock while the others queue
            await session.commit()
            return account.id

    ids = await asyncio.gather(*(first_use() for _ in range(6)))
    assert len(set(ids)) == 1
    async with system_session(sessions) as session:
        count = await session.execute(
            select(func.count())
            .select_from(BillingAccount)
            .where(BillingAccount.owner_id == client_id)
        )
        assert count.scalar_one() == 1
        account = await account_for(session, client_id)
        assert (account.kind, account.currency, account.balance) == ("prepaid", "GBP", 0)
        assert available(account) == 0


async def test_account_for_an_unknown_user_is_not_found(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with system_session(sessions) as session:
        with pytest.raises(NotFoundError):
            await account_for(session, uuid.uuid4())


async def test_posting_a_key_twice_has_one_effect(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    client_id = await make_client(sessions)
    assert await _post(sessions, client_id, "5.25", "payment-1") == Decimal("5.25")
    assert await _post(sessions, client_id, "5.25", "payment-1") == Decimal("5.25")
    assert await _post(sessions, client_id, "-1.000001", "charge-1") == Decimal("4.249999")
    assert await ledger_state(engine, client_id) == (Decimal("4.249999"), Decimal("4.249999"), 2)


async def test_concurrent_posts_keep_the_cached_balance_equal_to_the_sum(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine
) -> None:
    client_id = await make_client(sessions)
    amounts = ["1.5", "-0.25", "3", "0.000001", "-2", "7.123456", "1.5", "-0.25"]
    await asyncio.gather(
        *(_post(sessions, client_id, amount, f"k{i}") for i, amount in enumerate(amounts))
    )
    total = sum(Decimal(a) for a in amounts)
    assert await ledger_state(engine, client_id) == (total, total, len(amounts))


@pytest.mark.parametrize("amount", ["0.0000001", "1.1234567", "NaN", "Infinity", "1e13"])
async def test_amounts_are_never_rounded_silently(
    sessions: async_sessionmaker[AsyncSession], engine: AsyncEngine, amount: str
) -> None:
    client_id = await make_client(sessions)
    with pytest.raises(InvalidInputError) as refused:
        await _post(sessions, client_id, amount, "odd")
    assert [e.field for e in refused.value.errors] == ["amount"]
    assert await entries_of(engine, client_id) == []


async def test_an_exact_amount_with_trailing_zeros_is_accepted(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    client_id = await make_client(sessions)
    assert await _post(sessions, client_id, "2.500000000", "zeros") == Decimal("2.5")
