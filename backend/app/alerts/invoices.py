"""The "invoice issued" alert, for the invoicing feature to call when it issues an invoice."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.outbox import queue_message
from app.alerts.recipients import money, recipient_of
from app.alerts.template_service import effective_template
from app.alerts.templates import render_or_default
from app.db.models.alert import AlertKind
from app.lib.settings import Settings


async def send_invoice_issued(
    session: AsyncSession,
    settings: Settings,
    *,
    invoice_id: uuid.UUID,
    client_id: uuid.UUID,
    number: str,
    total: Decimal,
    currency: str,
    pdf_bytes: bytes | None = None,
    now: datetime.datetime | None = None,
) -> bool:
    """Queue the "invoice issued" e-mail (with the PDF attached, if given) in the caller's
    transaction, so it exists exactly when the issued invoice does; the alert job delivers it
    (within a minute, or at once after commit: enqueue ``alerts.deliver``). Once per invoice:
    calling it again for ``invoice_id`` queues nothing. Nothing is queued when the client opted
    out (``notify_invoices``) or has no billing account. Returns whether a message was queued."""
    recipient = await recipient_of(session, client_id)
    if recipient is None or not recipient.account.notify_invoices:
        return False
    template, _ = await effective_template(session, recipient.tenant, AlertKind.INVOICE_ISSUED)
    variables = {
        **recipient.variables(settings),
        "currency": currency,
        "invoice_id": str(invoice_id),
        "invoice_number": number,
        "invoice_total": money(total),
    }
    attachment = (f"invoice-{number}.pdf", pdf_bytes) if pdf_bytes is not None else None
    return await queue_message(
        session,
        owner_id=recipient.client.id,
        reseller_id=recipient.client.parent_id,
        kind=AlertKind.INVOICE_ISSUED,
        dedupe_key=f"{AlertKind.INVOICE_ISSUED}:{invoice_id}",
        to=recipient.address,
        text=render_or_default(AlertKind.INVOICE_ISSUED, template, variables),
        now=now or datetime.datetime.now(datetime.UTC),
        attachment=attachment,
    )
