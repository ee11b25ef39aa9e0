"""What happens when an invoice is issued, beyond the invoice itself.

``invoice_issued`` is called by :func:`app.invoicing.invoices.issue_invoice` and by credit
notes inside the issuing transaction, after the invoice has its number, status and ledger
charges. It queues the "invoice issued" e-mail in the same transaction (an outbox row that the
alert job delivers after commit, once per invoice, honouring the client's
``notify_invoices``), so a rolled-back issue never mails anyone. The mail links to the portal;
the PDF is not rendered here, because an autobill run issues thousands of invoices in a few
transactions and rendering each would hold them open.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.invoices import IssuedInvoice, send_invoice_issued, send_invoices_issued
from app.db.models.invoice import Invoice
from app.lib.settings import Settings


async def invoice_issued(session: AsyncSession, invoice: Invoice) -> None:
    """An invoice or credit note was issued (in ``session``'s open transaction)."""
    if invoice.number is None:
        return
    await send_invoice_issued(
        session,
        Settings.from_env(),
        invoice_id=invoice.id,
        client_id=invoice.owner_id,
        number=invoice.number,
        total=invoice.total,
        currency=invoice.currency,
        now=invoice.issued_at,
    )


async def invoices_issued(session: AsyncSession, invoices: list[Invoice]) -> None:
    """:func:`invoice_issued` for many invoices issued in one transaction (an autobill batch):
    the same messages, queued with a few statements instead of several per invoice."""
    issued = [
        IssuedInvoice(i.id, i.owner_id, i.number, i.total, i.currency, i.issued_at)
        for i in invoices
        if i.number is not None and i.issued_at is not None
    ]
    await send_invoices_issued(session, Settings.from_env(), issued)
