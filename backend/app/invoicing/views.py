"""Invoices as the API lists and shows them. A client never sees drafts: they are the tenant's
work in progress, not yet an invoice."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.invoice import Invoice, InvoiceLine
from app.invoicing.money import round_money
from app.invoicing.schemas import InvoiceLineRead, InvoiceRead
from app.lib.access import Principal, Role
from app.lib.errors import NotFoundError


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    client_id: uuid.UUID | None = None
    status: str | None = None
    kind: str | None = None
    billing_run_id: uuid.UUID | None = None


def line_read(line: InvoiceLine, currency: str) -> InvoiceLineRead:
    return InvoiceLineRead(
        position=line.position,
        kind=line.kind,
        call_type=line.call_type,
        description=line.description,
        quantity=line.quantity,
        unit=line.unit,
        unit_price=line.unit_price,
        tax_rate=line.tax_rate,
        amount=round_money(line.amount, currency),
        tax=round_money(line.tax, currency),
        days=line.days,
        period_days=line.period_days,
        calls=line.calls,
        billable_seconds=line.billable_seconds,
        subscription_id=line.subscription_id,
    )


def invoice_read(invoice: Invoice, lines: list[InvoiceLine]) -> InvoiceRead:
    return InvoiceRead(
        id=invoice.id,
        kind=invoice.kind,
        status=invoice.status,
        number=invoice.number,
        client_id=invoice.owner_id,
        currency=invoice.currency,
        account_kind=invoice.account_kind,
        period_start=invoice.period_start,
        period_end=invoice.period_end,
        period_label=invoice.period_label,
        # stored at 6 places, always already rounded to the currency's minor unit
        subtotal=round_money(invoice.subtotal, invoice.currency),
        tax_total=round_money(invoice.tax_total, invoice.currency),
        total=round_money(invoice.total, invoice.currency),
        usage_total=round_money(invoice.usage_total, invoice.currency),
        issued_at=invoice.issued_at,
        due_at=invoice.due_at,
        paid_at=invoice.paid_at,
        voided_at=invoice.voided_at,
        credited_invoice_id=invoice.credited_invoice_id,
        billing_run_id=invoice.billing_run_id,
        note=invoice.note,
        created_at=invoice.created_at,
        lines=[line_read(line, invoice.currency) for line in lines],
    )


def visible_to(principal: Principal, invoice: Invoice) -> None:
    """A client's draft does not exist for the client (404)."""
    if principal.role is Role.CLIENT and invoice.status == "draft":
        raise NotFoundError(f"No invoice {invoice.id}")


async def list_invoices(
    session: AsyncSession,
    principal: Principal,
    selection: InvoiceFilter,
    *,
    limit: int,
    offset: int,
) -> tuple[list[InvoiceRead], int]:
    where: list[Any] = []
    if principal.role is Role.CLIENT:
        where.append(Invoice.status != "draft")
    for column, value in (
        (Invoice.owner_id, selection.client_id),
        (Invoice.status, selection.status),
        (Invoice.kind, selection.kind),
        (Invoice.billing_run_id, selection.billing_run_id),
    ):
        if value is not None:
            where.append(column == value)
    total = await session.execute(select(func.count()).select_from(Invoice).where(*where))
    rows = await session.execute(
        select(Invoice)
        .where(*where)
        .order_by(Invoice.created_at.desc(), Invoice.id.desc())
        .limit(limit)
        .offset(offset)
    )
    invoices = list(rows.scalars())
    lines: dict[uuid.UUID, list[InvoiceLine]] = {i.id: [] for i in invoices}
    if invoices:
        found = await session.execute(
            select(InvoiceLine)
            .where(InvoiceLine.invoice_id.in_(list(lines)))
            .order_by(InvoiceLine.invoice_id, InvoiceLine.position)
        )
        for line in found.scalars():
            lines[line.invoice_id].append(line)
    return [invoice_read(i, lines[i.id]) for i in invoices], int(total.scalar_one())
