"""The alert outbox: a message is written in the transaction that decided it, then delivered.

Deciding and delivering are split so that an SMTP outage loses nothing and a crossing is never
alerted twice: the decision (and its message) commits once; delivery retries a pending message
on each run of the job (up to :data:`MAX_ATTEMPTS`, then it is marked ``failed``). Rows being
delivered are locked ``FOR UPDATE SKIP LOCKED``, so two overlapping runs never send one twice.
A message is sent at least once: only a crash between the SMTP server's "250 OK" and the
commit that follows could send it again.
"""

from __future__ import annotations

import asyncio
import datetime
import smtplib
import uuid
from typing import Any, Final, cast

import structlog
from sqlalchemy import Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.alerts.mailer import build_message, send_message
from app.alerts.templates import MailText
from app.db.models.alert import AlertMessage
from app.lib.scoping import bind_system
from app.lib.settings import Settings

log = structlog.get_logger(__name__)

MAX_ATTEMPTS: Final = 5
BATCH: Final = 50


async def queue_message(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    reseller_id: uuid.UUID | None,
    kind: str,
    dedupe_key: str,
    to: str,
    text: MailText,
    now: datetime.datetime,
    attachment: tuple[str, bytes] | None = None,
) -> bool:
    """Add a message to the outbox in the caller's transaction; False when ``dedupe_key`` was
    queued before (nothing new)."""
    result = await session.execute(
        insert(AlertMessage)
        .values(
            id=uuid.uuid4(),
            owner_id=owner_id,
            reseller_id=reseller_id,
            kind=kind,
            dedupe_key=dedupe_key[:200],
            to_address=to,
            subject=text.subject,
            text_body=text.text_body,
            html_body=text.html_body,
            attachment_name=attachment[0] if attachment else None,
            attachment=attachment[1] if attachment else None,
            status="pending",
            attempts=0,
            created_at=now,
        )
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(AlertMessage.id)
    )
    return result.scalar_one_or_none() is not None


async def queue_messages(session: AsyncSession, messages: list[dict[str, Any]]) -> int:
    """:func:`queue_message` for many messages in one statement (each dict holds its keyword
    arguments; no attachments). Returns how many were new."""
    if not messages:
        return 0
    rows = [
        {
            "id": uuid.uuid4(),
            "owner_id": m["owner_id"],
            "reseller_id": m["reseller_id"],
            "kind": m["kind"],
            "dedupe_key": m["dedupe_key"][:200],
            "to_address": m["to"],
            "subject": m["text"].subject,
            "text_body": m["text"].text_body,
            "html_body": m["text"].html_body,
            "attachment_name": None,
            "attachment": None,
            "status": "pending",
            "attempts": 0,
            "created_at": m["now"],
        }
        for m in messages
    ]
    # executemany of one cached statement (insertmanyvalues): a multi-row VALUES would be
    # compiled afresh for every call, which cost more than the database's work
    table = cast(Table, AlertMessage.__table__)
    statement = (
        insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(table.c.id)
    )
    result = await session.execute(statement, rows)
    return len(result.all())


def _send(settings: Settings, row: AlertMessage) -> None:
    attachment = (
        (row.attachment_name or "attachment.pdf", row.attachment)
        if row.attachment is not None
        else None
    )
    message = build_message(
        settings,
        to=row.to_address,
        subject=row.subject,
        text_body=row.text_body,
        html_body=row.html_body,
        attachment=attachment,
    )
    send_message(settings, message)


async def _deliver_batch(
    session: AsyncSession, settings: Settings, now: datetime.datetime
) -> tuple[int, int]:
    rows = await session.execute(
        select(AlertMessage)
        .where(AlertMessage.status == "pending")
        .order_by(AlertMessage.created_at)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    )
    handled = failed = 0
    for row in rows.scalars():
        handled += 1
        row.attempts += 1
        try:
            await asyncio.to_thread(_send, settings, row)
        except (OSError, smtplib.SMTPException) as exc:
            row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
            if row.attempts >= MAX_ATTEMPTS:
                row.status = "failed"
            log.warning("alert_delivery_failed", message_id=str(row.id), error=row.last_error)
            failed += 1
            continue
        row.status = "sent"
        row.sent_at = now
        row.last_error = None
    await session.commit()
    return handled, failed


async def deliver_pending(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, now: datetime.datetime
) -> int:
    """Try the pending messages (in batches) until none is left or one fails (the server is
    then likely down: the next run retries); return how many were attempted."""
    attempted = 0
    while True:
        async with sessions() as session:
            bind_system(session)
            handled, failed = await _deliver_batch(session, settings, now)
        attempted += handled
        if handled < BATCH or failed:
            return attempted
