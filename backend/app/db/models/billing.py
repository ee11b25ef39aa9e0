"""Balances as a ledger: billing accounts, their append-only entries, and idempotency records.

An account's ``balance`` is a cache of the sum of its entries, updated in the same transaction
as each entry; ``reserved`` is the sum of the credit held by its calls in progress. A database
trigger (migration 0007) refuses UPDATE, DELETE and TRUNCATE on ``ledger_entry``: money that
moved stays recorded, a correction is a new entry.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base
from app.db.models.rate_deck import MONEY


class EntryKind:
    CREDIT = "credit"
    PAYMENT = "payment"
    VOUCHER = "voucher"
    CALL_CHARGE = "call_charge"
    USAGE_CHARGE = "usage_charge"
    RECURRING_FEE = "recurring_fee"
    REFUND = "refund"
    ADJUSTMENT = "adjustment"
    PERIODIC_CREDIT = "periodic_credit"
    ALL = (
        CREDIT,
        PAYMENT,
        VOUCHER,
        CALL_CHARGE,
        USAGE_CHARGE,
        RECURRING_FEE,
        REFUND,
        ADJUSTMENT,
        PERIODIC_CREDIT,
    )


class BillingAccount(UUIDv7AuditBase, TenantOwned):
    """The money side of one client (``owner_id``): balance, limits and call-control guards."""

    __tablename__ = "billing_account"
    __table_args__ = (
        UniqueConstraint("owner_id"),
        CheckConstraint("credit_limit >= 0 AND reserved >= 0", name="limits"),
        CheckConstraint("kind IN ('prepaid', 'postpaid')", name="kind"),
        CheckConstraint(
            "periodic_credit_period IS NULL OR periodic_credit_period IN "
            "('daily', 'weekly', 'monthly')",
            name="period",
        ),
    )

    kind: Mapped[str] = mapped_column(String(8), default="prepaid")
    currency: Mapped[str] = mapped_column(String(3))
    balance: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    """Cached sum of the account's ledger entries."""
    reserved: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    """Credit held by calls in progress."""
    credit_limit: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    """How far below zero a postpaid account may go (0 for prepaid)."""
    max_concurrent_calls: Mapped[int | None] = mapped_column(Integer)
    monthly_spend_cap: Mapped[Decimal | None] = mapped_column(MONEY)
    max_price_per_minute: Mapped[Decimal | None] = mapped_column(MONEY)
    max_price_per_call: Mapped[Decimal | None] = mapped_column(MONEY)
    low_credit_threshold: Mapped[Decimal | None] = mapped_column(MONEY)
    periodic_credit_amount: Mapped[Decimal | None] = mapped_column(MONEY)
    """Seed 003's "50 credit units, reset daily": the balance is topped back to this amount."""
    periodic_credit_period: Mapped[str | None] = mapped_column(String(8))
    periodic_credit_next_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTimeUTC(timezone=True)
    )
    mask_digits: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    """The client's choice to hide the last three digits of dialled numbers (UCRM): recorded on
    each CDR stored while it holds, never applied to calls stored before."""
    notify_low_credit: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    notify_spend_cap: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    notify_invoices: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    notification_email: Mapped[str | None] = mapped_column(String(320))
    """Where alerts go; the user's own e-mail address when NULL."""
    # Invoicing (docs/invoicing.md): how the autobill run invoices this client.
    invoice_mode: Mapped[str] = mapped_column(
        String(16), default="consolidated", server_default="consolidated"
    )
    """``consolidated``: one invoice per period (autobill v3); ``itemized``: one for usage and
    one per subscribed service (autobill v2)."""
    billing_cycle: Mapped[str] = mapped_column(
        String(16), default="monthly", server_default="monthly"
    )
    """Calendar periods in the client's timezone: ``monthly``, ``quarterly`` or ``yearly``."""
    tax_rate: Mapped[Decimal | None] = mapped_column(Numeric(7, 4))
    """Tax on usage in percent; the tenant's ``usage_tax_rate`` when NULL."""
    invoice_due_days: Mapped[int | None] = mapped_column(Integer)
    """Days a postpaid invoice is payable; the tenant's ``due_days`` when NULL."""


class LedgerEntry(UUIDv7Base, TenantOwned):
    """One movement of money on one account. Never updated, never deleted."""

    __tablename__ = "ledger_entry"
    __table_args__ = (
        UniqueConstraint("account_id", "idempotency_key"),
        Index("ix_ledger_entry_account_created", "account_id", "created_at"),
    )

    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("billing_account.id", ondelete="RESTRICT")
    )
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[Decimal] = mapped_column(MONEY)
    """Signed: credits are positive, charges negative."""
    currency: Mapped[str] = mapped_column(String(3))
    balance_after: Mapped[Decimal] = mapped_column(MONEY)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(1000))
    reference: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    """What the entry is for: a call id, the CDR ids of an import batch, a payment id."""
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    created_by: Mapped[uuid.UUID | None] = mapped_column(GUID)
    """Who posted it (no foreign key: deleting that user must not rewrite the entry)."""


class IdempotencyRecord(UUIDv7Base):
    """Stripe-style ``Idempotency-Key``: the first response to a key is stored and replayed."""

    __tablename__ = "idempotency_record"
    __table_args__ = (UniqueConstraint("scope", "key"),)

    scope: Mapped[str] = mapped_column(String(100))
    """Who sent the key (a user or API key id) and which operation it was sent to."""
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    """NULL while the first request is still in flight."""
    response_body: Mapped[bytes | None] = mapped_column(LargeBinary)
    media_type: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
