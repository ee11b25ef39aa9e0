"""E-mail alerts: crossing state per billing account, the outbox, and per-tenant templates.

The crossing state lives in its own table rather than on ``billing_account``: that row is
locked by every live call, and the alert job must never wait for (or hold) it.
"""

from __future__ import annotations

import datetime
import uuid

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base


class AlertKind:
    LOW_CREDIT = "low_credit"
    SPEND_CAP = "spend_cap"
    INVOICE_ISSUED = "invoice_issued"
    ALL = (LOW_CREDIT, SPEND_CAP, INVOICE_ISSUED)


class BillingAlertState(UUIDv7Base):
    """Which crossings of one account were already alerted (one alert per crossing)."""

    __tablename__ = "billing_alert_state"
    __table_args__ = (UniqueConstraint("account_id"),)

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("billing_account.id", ondelete="CASCADE")
    )
    low_credit_alerted_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTimeUTC(timezone=True)
    )
    """Set when the balance fell below the threshold; cleared when it is back at or above."""
    spend_cap_alerted_for: Mapped[datetime.datetime | None] = mapped_column(
        DateTimeUTC(timezone=True)
    )
    """The (local) month start whose cap crossing was alerted."""


class AlertMessage(UUIDv7Base, TenantOwned):
    """One e-mail to a client, written in the transaction that decided it; the alert job
    delivers it over SMTP and records the outcome (an outbox)."""

    __tablename__ = "alert_message"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        CheckConstraint("status IN ('pending', 'sent', 'failed')", name="status"),
        Index(
            "ix_alert_message_pending",
            "created_at",
            postgresql_where=text("status = 'pending'"),
        ),
    )

    kind: Mapped[str] = mapped_column(String(32))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    to_address: Mapped[str] = mapped_column(String(320))
    subject: Mapped[str] = mapped_column(String(998))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(8), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(1000))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    sent_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class MailTemplate(UUIDv7AuditBase):
    """A tenant's wording of one alert (CellHub "Mail Templates"). ``reseller_id`` NULL is the
    platform's (edited by admins); without a row, the shipped default applies."""

    __tablename__ = "mail_template"
    __table_args__ = (
        Index(
            "uq_mail_template_tenant_kind",
            "reseller_id",
            "kind",
            unique=True,
            postgresql_where=text("reseller_id IS NOT NULL"),
        ),
        Index(
            "uq_mail_template_platform_kind",
            "kind",
            unique=True,
            postgresql_where=text("reseller_id IS NULL"),
        ),
    )

    reseller_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(998))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str | None] = mapped_column(Text)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(GUID)
