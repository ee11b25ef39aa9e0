"""The "invoice issued" alert, for the invoicing feature to call when it issues an invoice."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.outbox import queue_message, queue_messages
from app.alerts.recipients import Recipient, money, recipient_of
from app.alerts.template_service import effective_template
from app.alerts.templates import MailText, render_or_default
from app.db.models.alert import AlertKind
from app.db.models.billing import BillingAccount
from app.db.models.user import User
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


@dataclass(frozen=True, slots=True)
class IssuedInvoice:
    invoice_id: uuid.UUID
    client_id: uuid.UUID
    number: str
    total: Decimal
    currency: str
    now: datetime.datetime


_CHUNK = 1000  # outbox rows per INSERT (14 parameters each, well under 32,767)


async def send_invoices_issued(
    session: AsyncSession, settings: Settings, issued: list[IssuedInvoice]
) -> int:
    """:func:`send_invoice_issued` for many invoices of one transaction (an autobill batch):
    the recipients in one query, each tenant's template once, the outbox rows in one INSERT
    per thousand. Same rules: once per invoice, nothing for clients who opted out or have no
    billing account. Returns how many messages were queued."""
    if not issued:
        return 0
    rows = await session.execute(
        select(BillingAccount, User)
        .join(User, User.id == BillingAccount.owner_id)
        .where(BillingAccount.owner_id.in_({i.client_id for i in issued}))
    )
    found = {user.id: Recipient(client=user, account=acc) for acc, user in rows.all()}
    templates: dict[uuid.UUID | None, MailText] = {}
    messages: list[dict[str, Any]] = []
    for item in issued:
        recipient = found.get(item.client_id)
        if recipient is None or not recipient.account.notify_invoices:
            continue
        if recipient.tenant not in templates:
            kind = AlertKind.INVOICE_ISSUED
            templates[recipient.tenant] = (
                await effective_template(session, recipient.tenant, kind)
            )[0]
        variables = {
            **recipient.variables(settings),
            "currency": item.currency,
            "invoice_id": str(item.invoice_id),
            "invoice_number": item.number,
            "invoice_total": money(item.total),
        }
        text = render_or_default(AlertKind.INVOICE_ISSUED, templates[recipient.tenant], variables)
        messages.append(
            {
                "owner_id": recipient.client.id,
                "reseller_id": recipient.client.parent_id,
                "kind": AlertKind.INVOICE_ISSUED,
                "dedupe_key": f"{AlertKind.INVOICE_ISSUED}:{item.invoice_id}",
                "to": recipient.address,
                "text": text,
                "now": item.now,
            }
        )
    queued = 0
    for start in range(0, len(messages), _CHUNK):
        queued += await queue_messages(session, messages[start : start + _CHUNK])
    return queued
