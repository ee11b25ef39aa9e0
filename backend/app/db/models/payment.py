"""Payments received from clients (CellHub "Payments") and the providers that report them.

A payment is recorded once and never edited in its money: its credit is a ledger entry, and a
void or refund is a second, reversing entry (``reversal_entry_id``); only its status moves.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase
from app.db.models.rate_deck import MONEY


class PaymentMethod:
    CASH = "cash"
    BANK_TRANSFER = "bank_transfer"
    CARD = "card"
    OTHER = "other"
    ONLINE = "online"
    """Reported by a payment provider's webhook."""
    ALL = (CASH, BANK_TRANSFER, CARD, OTHER, ONLINE)


class PaymentStatus:
    COMPLETED = "completed"
    VOIDED = "voided"
    REFUNDED = "refunded"
    ALL = (COMPLETED, VOIDED, REFUNDED)


class Payment(UUIDv7AuditBase, TenantOwned):
    """Money received from the client ``owner_id``, credited to its account."""

    __tablename__ = "payment"
    __table_args__ = (
        UniqueConstraint("provider", "provider_event_id"),
        CheckConstraint("amount > 0", name="amount"),
        CheckConstraint(
            "method IN ('cash', 'bank_transfer', 'card', 'other', 'online')", name="method"
        ),
        CheckConstraint("status IN ('completed', 'voided', 'refunded')", name="status"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("billing_account.id", ondelete="RESTRICT"), index=True
    )
    amount: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(16))
    reference: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(1000))
    received_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    invoice_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    """The invoice it settles, if any (no foreign key: invoices are another feature's)."""
    status: Mapped[str] = mapped_column(String(10), default=PaymentStatus.COMPLETED)
    provider: Mapped[str | None] = mapped_column(String(64))
    provider_event_id: Mapped[str | None] = mapped_column(String(255))
    provider_payment_id: Mapped[str | None] = mapped_column(String(255))
    ledger_entry_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("ledger_entry.id", ondelete="RESTRICT")
    )
    reversal_entry_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ledger_entry.id", ondelete="RESTRICT")
    )
    reversed_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    reversed_by: Mapped[uuid.UUID | None] = mapped_column(GUID)
    reversal_reason: Mapped[str | None] = mapped_column(String(1000))
    created_by: Mapped[uuid.UUID | None] = mapped_column(GUID)
    """Who recorded it (NULL: a provider's webhook)."""


class PaymentProvider(UUIDv7AuditBase):
    """A payment provider that may POST signed events to /api/v1/webhooks/payments/{name}."""

    __tablename__ = "payment_provider"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint("tolerance_seconds BETWEEN 1 AND 86400", name="tolerance"),
    )

    name: Mapped[str] = mapped_column(String(64))
    signing_secret: Mapped[str] = mapped_column(String(200))
    """The shared HMAC key (kept as is: verifying a signature needs it)."""
    tolerance_seconds: Mapped[int] = mapped_column(Integer, default=300)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
