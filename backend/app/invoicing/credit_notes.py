"""Credit notes: the only way to correct an issued invoice.

A credit note references its invoice, has its own number series (the tenant's
``credit_note_prefix``), carries negative lines, and is issued as soon as it is made: it
credits the client's ledger with its total (a ``refund`` entry keyed by the note, so once).
All credit notes of an invoice together never exceed the invoice's total.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import account_for, post_entry
from app.db.models.billing import EntryKind
from app.db.models.invoice import Invoice, InvoiceLine
from app.invoicing import events
from app.invoicing.compose import DraftInvoice, DraftLine
from app.invoicing.invoices import add_invoices, lines_of, new_invoice, take_number
from app.invoicing.money import line_tax, round_money
from app.invoicing.schemas import CreditLineWrite, CreditNoteWrite
from app.lib.errors import ConflictError, FieldError, InvalidInputError


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])


async def credited_so_far(session: AsyncSession, invoice: Invoice) -> Decimal:
    """The (positive) total of the invoice's credit notes."""
    total = await session.execute(
        select(func.coalesce(func.sum(Invoice.total), 0)).where(
            Invoice.credited_invoice_id == invoice.id, Invoice.kind == "credit_note"
        )
    )
    return -Decimal(total.scalar_one())


def _given_line(index: int, line: CreditLineWrite, currency: str) -> DraftLine:
    amount, rate = Decimal(line.amount), Decimal(line.tax_rate)
    if amount != round_money(amount, currency):
        raise _invalid(f"lines[{index}].amount", f"at most the minor unit of {currency}")
    if amount == 0:
        raise _invalid(f"lines[{index}].amount", "must be more than 0")
    if rate > 100:
        raise _invalid(f"lines[{index}].tax_rate", "at most 100")
    return DraftLine(
        kind="credit",
        description=line.description,
        quantity=Decimal(1),
        unit="item",
        unit_price=-amount,
        tax_rate=rate,
        amount=-amount,
        tax=-line_tax(amount, rate, currency),
    )


def _negated(line: InvoiceLine) -> DraftLine:
    return DraftLine(
        kind="credit",
        description=f"Credit: {line.description}",
        quantity=line.quantity,
        unit=line.unit,
        unit_price=None if line.unit_price is None else -line.unit_price,
        tax_rate=line.tax_rate,
        amount=-line.amount,
        tax=-line.tax,
        call_type=line.call_type,
        subscription_id=line.subscription_id,
    )


async def _credit_lines(
    session: AsyncSession, invoice: Invoice, data: CreditNoteWrite, already: Decimal
) -> list[DraftLine]:
    if data.lines is None:
        if already:
            raise ConflictError("The invoice is partly credited already: list the lines")
        return [_negated(line) for line in await lines_of(session, invoice.id)]
    try:
        return [_given_line(i, line, invoice.currency) for i, line in enumerate(data.lines)]
    except InvalidOperation as exc:  # the patterns admit only decimals; defensive
        raise _invalid("lines", "amounts must be decimal numbers") from exc


async def create_credit_note(
    session: AsyncSession, invoice: Invoice, data: CreditNoteWrite, now: datetime.datetime
) -> Invoice:
    """Issue a credit note against ``invoice`` (locked by the caller) and credit the ledger."""
    if invoice.kind != "invoice" or invoice.status not in ("issued", "paid"):
        raise ConflictError(f"Only an issued or paid invoice can be credited ({invoice.status})")
    already = await credited_so_far(session, invoice)
    lines = await _credit_lines(session, invoice, data, already)
    if not lines:
        raise _invalid("lines", "a credit note needs at least one line")
    draft = DraftInvoice("credit", invoice.currency, lines)
    if -draft.total > invoice.total - already:
        raise _invalid("lines", f"at most {invoice.total - already} {invoice.currency} is left")
    note, note_lines = new_invoice(
        draft,
        client_id=invoice.owner_id,
        reseller_id=invoice.reseller_id,
        account_kind=invoice.account_kind,
        timezone=invoice.timezone,
        period=None,
        period_label=invoice.period_label,
        kind="credit_note",
        note=data.reason,
    )
    note.group_key = f"credit:{note.id}"
    note.credited_invoice_id = invoice.id
    note.sequence, note.number = await take_number(session, invoice.reseller_id, "credit_note")
    note.status, note.issued_at = "issued", now
    await add_invoices(session, [(note, note_lines)])
    account = await account_for(session, invoice.owner_id, lock=True)
    await post_entry(
        session,
        account,
        kind=EntryKind.REFUND,
        amount=-note.total,
        idempotency_key=f"credit_note:{note.id}",
        at=now,
        note=f"Credit note {note.number} for invoice {invoice.number}",
        reference={"invoice_id": str(invoice.id), "credit_note_id": str(note.id)},
    )
    await events.invoice_issued(session, note)
    return note
