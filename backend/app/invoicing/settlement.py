"""Payments that name an invoice settle it: when the completed payments recorded against an
issued invoice reach its total, the invoice becomes paid.

The payment itself credits the ledger (``app.payments``); this only moves the invoice's
status, in the payment's transaction. A payment may name only an issued or paid invoice of the
same client, in the same currency: anything else is refused before any money moves.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.invoice import Invoice
from app.db.models.payment import Payment, PaymentStatus
from app.invoicing.invoices import mark_paid
from app.lib.errors import FieldError, InvalidInputError


def _invalid(message: str) -> InvalidInputError:
    return InvalidInputError(
        f"invoice_id: {message}", errors=[FieldError(message, field="invoice_id")]
    )


async def payable_invoice(
    session: AsyncSession, client_id: uuid.UUID, invoice_id: uuid.UUID, currency: str
) -> Invoice:
    """The client's invoice a payment is for, locked; refused when it cannot take payments."""
    invoice = (
        await session.execute(
            select(Invoice)
            .where(Invoice.id == invoice_id, Invoice.owner_id == client_id)
            .with_for_update()
        )
    ).scalar_one_or_none()
    if invoice is None:
        raise _invalid("no such invoice of this client")
    if invoice.kind != "invoice" or invoice.status not in ("issued", "paid"):
        raise _invalid(f"invoice {invoice.number or invoice.id} is {invoice.status}")
    if invoice.currency != currency:
        raise _invalid(f"invoice is in {invoice.currency}, the payment in {currency}")
    return invoice


async def settle(session: AsyncSession, invoice: Invoice, now: datetime.datetime) -> Invoice:
    """Mark ``invoice`` paid once the completed payments against it cover its total."""
    paid = (
        await session.execute(
            select(func.coalesce(func.sum(Payment.amount), 0)).where(
                Payment.invoice_id == invoice.id, Payment.status == PaymentStatus.COMPLETED
            )
        )
    ).scalar_one()
    if invoice.status == "issued" and Decimal(paid) >= invoice.total:
        await mark_paid(session, invoice, now)
    return invoice
