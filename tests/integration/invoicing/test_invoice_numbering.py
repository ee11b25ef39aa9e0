"""Invoice numbers: per tenant, in issue order, without gaps — also when two transactions issue
at once, and when an issuing transaction rolls back."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models.invoice import Invoice
from app.db.models.user import User
from app.invoicing.compose import DraftInvoice, DraftLine
from app.invoicing.invoices import add_invoices, get_invoice, issue_invoice, new_invoice
from app.lib.access import Role
from app.lib.scoping import bind_system
from tests.support.invoicing import make_billed_client

NOW = datetime(2026, 4, 2, 9, 0, tzinfo=UTC)


async def _reseller(sessions: async_sessionmaker[AsyncSession]) -> uuid.UUID:
    async with sessions() as session:
        bind_system(session)
        user = User(
            email=f"res-{uuid.uuid4().hex[:10]}@example.com",
            password_hash="x",
            role=Role.RESELLER,
            name="Numbering reseller",
        )
        session.add(user)
        await session.commit()
        return user.id


async def _draft(
    sessions: async_sessionmaker[AsyncSession], client: uuid.UUID, reseller: uuid.UUID
) -> uuid.UUID:
    line = DraftLine(
        "service", "Support", Decimal(1), "month", Decimal(10), Decimal(0), Decimal(10), Decimal(0)
    )
    pair = new_invoice(
        DraftInvoice(f"manual:{uuid.uuid4()}", "EUR", [line]),
        client_id=client,
        reseller_id=reseller,
        account_kind="postpaid",
        timezone="UTC",
        period=None,
        period_label=None,
    )
    async with sessions() as session:
        bind_system(session)
        await add_invoices(session, [pair])
        await session.commit()
    return pair[0].id


async def _issue(
    sessions: async_sessionmaker[AsyncSession],
    invoice_id: uuid.UUID,
    *,
    hold: float = 0.0,
    roll_back: bool = False,
) -> str | None:
    async with sessions() as session:
        bind_system(session)
        invoice = await get_invoice(session, invoice_id, lock=True)
        await issue_invoice(session, invoice, NOW)
        number = invoice.number
        await asyncio.sleep(hold)  # keep the counter locked while the other one tries
        if roll_back:
            await session.rollback()
            return None
        await session.commit()
        return number


async def _numbers(sessions: async_sessionmaker[AsyncSession], reseller: uuid.UUID) -> list[int]:
    async with sessions() as session:
        bind_system(session)
        rows = await session.execute(
            select(Invoice.sequence)
            .where(Invoice.reseller_id == reseller, Invoice.kind == "invoice")
            .where(Invoice.sequence.is_not(None))
            .order_by(Invoice.sequence)
        )
        return [int(n) for n in rows.scalars()]


async def test_two_transactions_issuing_at_once_get_consecutive_numbers(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    reseller = await _reseller(sessions)
    client = await make_billed_client(sessions, kind="postpaid", parent_id=reseller)
    first, second = (
        await _draft(sessions, client, reseller),
        await _draft(sessions, client, reseller),
    )

    numbers = await asyncio.gather(
        _issue(sessions, first, hold=0.3), _issue(sessions, second, hold=0.3)
    )

    assert sorted(numbers) == ["INV-000001", "INV-000002"]  # type: ignore[type-var]
    assert await _numbers(sessions, reseller) == [1, 2]


async def test_a_rolled_back_issue_gives_its_number_back(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    reseller = await _reseller(sessions)
    client = await make_billed_client(sessions, kind="postpaid", parent_id=reseller)
    drafts = [await _draft(sessions, client, reseller) for _ in range(3)]
    assert await _issue(sessions, drafts[0]) == "INV-000001"

    # the failing one takes number 2 first and holds it; the other waits, then gets 2
    lost, kept = await asyncio.gather(
        _issue(sessions, drafts[1], hold=0.3, roll_back=True),
        _issue_later(sessions, drafts[2]),
    )

    assert lost is None and kept == "INV-000002"
    assert await _numbers(sessions, reseller) == [1, 2]
    async with sessions() as session:
        bind_system(session)
        still_draft = await session.get(Invoice, drafts[1])
        assert still_draft is not None and still_draft.status == "draft"
        assert still_draft.number is None


async def _issue_later(
    sessions: async_sessionmaker[AsyncSession], invoice_id: uuid.UUID
) -> str | None:
    await asyncio.sleep(0.1)
    return await _issue(sessions, invoice_id)


async def test_each_tenant_has_its_own_series(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    resellers = [await _reseller(sessions), await _reseller(sessions)]
    for reseller in resellers:
        client = await make_billed_client(sessions, kind="postpaid", parent_id=reseller)
        assert await _issue(sessions, await _draft(sessions, client, reseller)) == "INV-000001"
