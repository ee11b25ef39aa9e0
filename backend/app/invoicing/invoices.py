"""Invoices: drafts made from composed lines, numbered and charged at issue, voided, paid.

Invariants (docs/invoicing.md):

- a number is taken at issue, never at draft, from the tenant's counter row locked in the
  issuing transaction: a rolled-back issue gives its number back, so a series has no gaps;
- an issued invoice is never edited: corrections are credit notes (``credit_notes.py``);
- usage is already in the ledger (charged live, or by the CDR import); at issue the ledger
  gets the rest — services and their tax as one ``recurring_fee`` entry, tax on usage as one
  ``usage_charge`` entry — with idempotency keys naming the invoice, so never twice.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from app.billing.ledger import account_for, post_entry
from app.db.models.billing import EntryKind
from app.db.models.invoice import Invoice, InvoiceLine
from app.invoicing import events
from app.invoicing.compose import DraftInvoice, DraftLine
from app.invoicing.profiles import profile_for
from app.lib.errors import ConflictError, NotFoundError


def new_invoice(
    draft: DraftInvoice,
    *,
    client_id: uuid.UUID,
    reseller_id: uuid.UUID | None,
    account_kind: str,
    timezone: str,
    period: tuple[datetime.datetime, datetime.datetime] | None,
    period_label: str | None,
    billing_run_id: uuid.UUID | None = None,
    kind: str = "invoice",
    note: str | None = None,
) -> tuple[Invoice, list[InvoiceLine]]:
    """An unsaved draft and its lines (:func:`add_invoice` keeps them)."""
    invoice = Invoice(
        id=_new_id(),
        kind=kind,
        status="draft",
        group_key=draft.group_key,
        currency=draft.currency,
        account_kind=account_kind,
        owner_id=client_id,
        reseller_id=reseller_id,
        timezone=timezone,
        period_start=None if period is None else period[0],
        period_end=None if period is None else period[1],
        period_label=period_label,
        subtotal=draft.subtotal,
        tax_total=draft.tax_total,
        total=draft.total,
        usage_total=draft.usage_total,
        billing_run_id=billing_run_id,
        note=note,
    )
    lines = [_line(invoice.id, i, line) for i, line in enumerate(draft.lines, 1)]
    return invoice, lines


def _new_id() -> uuid.UUID:
    return uuid7()


def _line(invoice_id: uuid.UUID, position: int, line: DraftLine) -> InvoiceLine:
    return InvoiceLine(
        invoice_id=invoice_id,
        position=position,
        kind=line.kind,
        call_type=line.call_type,
        description=line.description[:400],
        quantity=line.quantity,
        unit=line.unit,
        unit_price=line.unit_price,
        tax_rate=line.tax_rate,
        amount=line.amount,
        tax=line.tax,
        days=line.days,
        period_days=line.period_days,
        calls=line.calls,
        billable_seconds=line.billable_seconds,
        subscription_id=line.subscription_id,
        detail=line.detail,
    )


async def add_invoices(
    session: AsyncSession, drafts: list[tuple[Invoice, list[InvoiceLine]]]
) -> None:
    """Store invoices, then their lines (two flushes: the lines reference the invoices)."""
    session.add_all([invoice for invoice, _ in drafts])
    await session.flush()
    session.add_all([line for _, lines in drafts for line in lines])
    await session.flush()


async def get_invoice(
    session: AsyncSession, invoice_id: uuid.UUID, *, lock: bool = False
) -> Invoice:
    """The invoice within the caller's reach (404 otherwise)."""
    query = select(Invoice).where(Invoice.id == invoice_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    invoice = (await session.execute(query)).scalar_one_or_none()
    if invoice is None:
        raise NotFoundError(f"No invoice {invoice_id}")
    return invoice


async def lines_of(session: AsyncSession, invoice_id: uuid.UUID) -> list[InvoiceLine]:
    rows = await session.execute(
        select(InvoiceLine)
        .where(InvoiceLine.invoice_id == invoice_id)
        .order_by(InvoiceLine.position)
    )
    return list(rows.scalars())


async def take_number(
    session: AsyncSession, reseller_id: uuid.UUID | None, kind: str
) -> tuple[int, str]:
    """The next number of the tenant's ``kind`` series, under the counter row's lock (held
    until the caller's transaction ends)."""
    return (await take_numbers(session, reseller_id, kind, 1))[0]


async def take_numbers(
    session: AsyncSession, reseller_id: uuid.UUID | None, kind: str, count: int
) -> list[tuple[int, str]]:
    """The next ``count`` consecutive numbers of the tenant's ``kind`` series, under one lock
    of its counter row (held until the caller's transaction ends)."""
    profile = await profile_for(session, reseller_id, lock=True)
    if kind == "credit_note":
        first = profile.next_credit_note_number
        profile.next_credit_note_number = first + count
        prefix = profile.credit_note_prefix
    else:
        first = profile.next_invoice_number
        profile.next_invoice_number = first + count
        prefix = profile.invoice_prefix
    return [(n, f"{prefix}{n:06d}") for n in range(first, first + count)]


async def add_issued_invoices(
    session: AsyncSession,
    drafts: list[tuple[Invoice, list[InvoiceLine], int]],
    now: datetime.datetime,
) -> None:
    """Store and issue many new invoices of one transaction (an autobill batch): what
    :func:`add_invoices` then :func:`issue_invoice` on each does, with one counter lock per
    tenant and series, the invoices inserted already numbered, and the ledger and mail in a
    few statements. Each tuple is an unsaved draft, its lines and its due days (postpaid)."""
    series: dict[tuple[uuid.UUID | None, str], list[Invoice]] = {}
    for invoice, _, _ in drafts:
        series.setdefault((invoice.reseller_id, invoice.kind), []).append(invoice)
    for (reseller_id, kind), invoices in series.items():
        numbers = await take_numbers(session, reseller_id, kind, len(invoices))
        for invoice, (sequence, number) in zip(invoices, numbers, strict=True):
            invoice.sequence, invoice.number = sequence, number
    for invoice, _, due_days in drafts:
        invoice.issued_at = now
        if invoice.account_kind == "prepaid":
            invoice.status, invoice.paid_at = "paid", now
        else:
            invoice.status = "issued"
            invoice.due_at = now + datetime.timedelta(days=due_days)
    await add_invoices(session, [(invoice, lines) for invoice, lines, _ in drafts])
    for invoice, lines, _ in drafts:
        await _charge(session, invoice, lines, now)
    await events.invoices_issued(session, [invoice for invoice, _, _ in drafts])


async def _charge(
    session: AsyncSession, invoice: Invoice, lines: list[InvoiceLine], at: datetime.datetime
) -> None:
    """Post what the ledger does not hold yet: services with their tax, and tax on usage."""
    services = sum((line.amount + line.tax for line in lines if line.kind == "service"), Decimal(0))
    usage_tax = sum((line.tax for line in lines if line.kind == "usage"), Decimal(0))
    if services == 0 and usage_tax == 0:
        return
    account = await account_for(session, invoice.owner_id, lock=True)
    reference = {"invoice_id": str(invoice.id), "number": invoice.number}
    for kind, amount, part in (
        (EntryKind.RECURRING_FEE, services, "services"),
        (EntryKind.USAGE_CHARGE, usage_tax, "usage_tax"),
    ):
        if amount:
            await post_entry(
                session,
                account,
                kind=kind,
                amount=-amount,
                idempotency_key=f"invoice:{invoice.id}:{part}",
                at=at,
                note=f"Invoice {invoice.number}: {part.replace('_', ' ')}",
                reference=reference,
            )


async def issue_invoice(
    session: AsyncSession, invoice: Invoice, now: datetime.datetime, *, due_days: int | None = None
) -> Invoice:
    """Number a draft invoice, charge the ledger, and mark it issued (postpaid: payable in
    ``due_days``) or paid (prepaid: a statement settled from the balance)."""
    if invoice.status != "draft":
        raise ConflictError(f"Invoice {invoice.number} is {invoice.status}, not a draft")
    invoice.sequence, invoice.number = await take_number(session, invoice.reseller_id, invoice.kind)
    invoice.issued_at = now
    if invoice.account_kind == "prepaid":
        invoice.status, invoice.paid_at = "paid", now
    else:
        invoice.status = "issued"
        if due_days is None:
            due_days = await _due_days(session, invoice)
        invoice.due_at = now + datetime.timedelta(days=due_days)
    await session.flush()
    await _charge(session, invoice, await lines_of(session, invoice.id), now)
    await events.invoice_issued(session, invoice)
    return invoice


async def _due_days(session: AsyncSession, invoice: Invoice) -> int:
    account = await account_for(session, invoice.owner_id)
    if account.invoice_due_days is not None:
        return account.invoice_due_days
    return (await profile_for(session, invoice.reseller_id)).due_days


async def delete_draft(session: AsyncSession, invoice: Invoice) -> None:
    """Discard a draft (it never had a number); the next run for its period makes it again."""
    if invoice.status != "draft":
        raise ConflictError(f"Invoice {invoice.number} is {invoice.status}: void or credit it")
    await session.execute(delete(Invoice).where(Invoice.id == invoice.id))


async def void_invoice(session: AsyncSession, invoice: Invoice, now: datetime.datetime) -> Invoice:
    """An issued, unpaid invoice becomes void and its ledger charges are reversed; its number
    stays used (the series keeps no gap). A draft is deleted instead; a paid invoice, or one
    with credit notes, is corrected by a credit note."""
    if invoice.kind != "invoice":
        raise ConflictError("A credit note cannot be voided")
    if invoice.status != "issued":
        raise ConflictError(
            f"Invoice {invoice.number or invoice.id} is {invoice.status}: "
            + ("delete the draft" if invoice.status == "draft" else "issue a credit note")
        )
    credited = await session.execute(
        select(Invoice.id).where(Invoice.credited_invoice_id == invoice.id).limit(1)
    )
    if credited.first() is not None:
        raise ConflictError(f"Invoice {invoice.number} has credit notes: it cannot be voided")
    charged = invoice.total - invoice.usage_total
    if charged:
        account = await account_for(session, invoice.owner_id, lock=True)
        await post_entry(
            session,
            account,
            kind=EntryKind.ADJUSTMENT,
            amount=charged,
            idempotency_key=f"invoice:{invoice.id}:void",
            at=now,
            note=f"Invoice {invoice.number} voided",
            reference={"invoice_id": str(invoice.id), "number": invoice.number},
        )
    invoice.status, invoice.voided_at = "void", now
    await session.flush()
    return invoice


async def mark_paid(session: AsyncSession, invoice: Invoice, now: datetime.datetime) -> Invoice:
    """Record that an issued invoice was paid. Money moves through the payments feature (its
    ledger credit); this only settles the invoice's status. Paid twice is a no-op."""
    if invoice.status == "paid":
        return invoice
    if invoice.status != "issued" or invoice.kind != "invoice":
        raise ConflictError(f"Invoice {invoice.number or invoice.id} is {invoice.status}")
    invoice.status, invoice.paid_at = "paid", now
    await session.flush()
    return invoice


__all__ = [
    "add_invoices",
    "add_issued_invoices",
    "delete_draft",
    "get_invoice",
    "issue_invoice",
    "lines_of",
    "mark_paid",
    "new_invoice",
    "take_number",
    "take_numbers",
    "void_invoice",
]
