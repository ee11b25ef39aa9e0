"""Hook points other features attach to. The lead wires them; they do nothing yet.

``invoice_issued`` is called by :func:`app.invoicing.invoices.issue_invoice` inside the issuing
transaction, after the invoice has its number, status and ledger charges, for every invoice
and credit note issued (by the API or by an autobill run). The alerts feature (e-mail "invoice
issued", honouring ``BillingAccount.notify_invoices``) should enqueue its mail from here —
after commit, e.g. by recording an outbox row in ``session`` — never send inline: the
transaction may still roll back.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.invoice import Invoice


async def invoice_issued(session: AsyncSession, invoice: Invoice) -> None:
    """An invoice or credit note was issued (in ``session``'s open transaction)."""
    del session, invoice
