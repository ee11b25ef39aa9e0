"""Invoicing: tenant invoicing profiles, recurring services and subscriptions, invoices and
their lines, credit notes, and billing runs (docs/invoicing.md).

A *tenant* here is whoever issues a client's invoices: the client's reseller, or the platform
(``reseller_id`` NULL). Invoice numbers come from counters on the tenant's
:class:`InvoicingProfile` row, locked in the issuing transaction, so a series has no gaps.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base
from app.db.models.rate_deck import MONEY

TAX_RATE = Numeric(7, 4)
"""A tax rate in percent (``20.0000`` = 20 %)."""
QUANTITY = Numeric(18, 6)
CYCLES = ("monthly", "quarterly", "yearly")


class InvoicingProfile(UUIDv7AuditBase):
    """One tenant's invoicing settings: branding, numbering counters, autobill schedule.

    ``reseller_id`` NULL is the platform's own profile (direct clients); unique with NULLs not
    distinct, so there is exactly one platform row."""

    __tablename__ = "invoicing_profile"
    __table_args__ = (
        UniqueConstraint("reseller_id", postgresql_nulls_not_distinct=True),
        CheckConstraint(
            "next_invoice_number >= 1 AND next_credit_note_number >= 1", name="counters"
        ),
        CheckConstraint("usage_tax_rate >= 0 AND due_days >= 0", name="terms"),
    )

    reseller_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str | None] = mapped_column(String(1000))
    email: Mapped[str | None] = mapped_column(String(320))
    tax_id: Mapped[str | None] = mapped_column(String(64))
    logo_url: Mapped[str | None] = mapped_column(Text)
    """A data:image URI (the PDF renderer fetches nothing from the network)."""
    footer: Mapped[str | None] = mapped_column(String(2000))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    """The tenant's IANA timezone: the autobill cron is evaluated in it."""
    invoice_prefix: Mapped[str] = mapped_column(String(20), default="INV-")
    credit_note_prefix: Mapped[str] = mapped_column(String(20), default="CN-")
    next_invoice_number: Mapped[int] = mapped_column(Integer, default=1)
    next_credit_note_number: Mapped[int] = mapped_column(Integer, default=1)
    usage_tax_rate: Mapped[Decimal] = mapped_column(TAX_RATE, default=Decimal(0))
    """Tax on call usage, unless the client's billing account sets its own."""
    due_days: Mapped[int] = mapped_column(Integer, default=14)
    """A postpaid invoice is due this many days after it is issued."""
    autobill_cron: Mapped[str | None] = mapped_column(String(100))
    """Five-field cron expression in ``timezone``; NULL: no scheduled runs."""
    autobill_next_at: Mapped[datetime.datetime | None] = mapped_column(
        DateTimeUTC(timezone=True), index=True
    )
    autobill_issue: Mapped[bool] = mapped_column(Boolean, default=True)
    """Issue the run's invoices at once (True) or leave them as drafts to review."""


class RecurringService(UUIDv7AuditBase, TenantOwned):
    """A catalogue entry (CellHub "Services"): DID rental, premium support, a PBX seat."""

    __tablename__ = "recurring_service"
    __table_args__ = (
        CheckConstraint("price >= 0 AND tax_rate >= 0", name="amounts"),
        CheckConstraint("cycle IN ('monthly', 'quarterly', 'yearly')", name="cycle"),
    )

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(1000))
    price: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    cycle: Mapped[str] = mapped_column(String(16), default="monthly")
    tax_rate: Mapped[Decimal] = mapped_column(TAX_RATE, default=Decimal(0))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class ServiceSubscription(UUIDv7AuditBase, TenantOwned):
    """A client (``owner_id``) subscribed to a service from ``starts_on`` to ``ends_on``
    (inclusive local dates in the client's timezone; NULL: open-ended)."""

    __tablename__ = "service_subscription"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
        CheckConstraint("unit_price IS NULL OR unit_price >= 0", name="price"),
    )

    service_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("recurring_service.id", ondelete="RESTRICT"), index=True
    )
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price: Mapped[Decimal | None] = mapped_column(MONEY)
    """This client's price; the service's when NULL."""
    starts_on: Mapped[datetime.date] = mapped_column(Date)
    ends_on: Mapped[datetime.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(1000))


class Invoice(UUIDv7AuditBase, TenantOwned):
    """An invoice or a credit note of one client (``owner_id``), issued by its tenant
    (``reseller_id``). Numbered at issue, never at draft; never edited once issued."""

    __tablename__ = "invoice"
    __table_args__ = (
        UniqueConstraint("owner_id", "period_start", "group_key"),
        # One number per tenant and series; the platform's series has reseller_id NULL (NULLs
        # not distinct), drafts have no sequence yet (left out).
        Index(
            "uq_invoice_tenant_sequence",
            "reseller_id",
            "kind",
            "sequence",
            unique=True,
            postgresql_nulls_not_distinct=True,
            postgresql_where=text("sequence IS NOT NULL"),
        ),
        CheckConstraint("kind IN ('invoice', 'credit_note')", name="kind"),
        CheckConstraint("status IN ('draft', 'issued', 'paid', 'void')", name="status"),
        CheckConstraint("(status = 'draft') = (number IS NULL)", name="numbered"),
        Index("ix_invoice_owner_created", "owner_id", "created_at"),
    )

    kind: Mapped[str] = mapped_column(String(16), default="invoice")
    status: Mapped[str] = mapped_column(String(8), default="draft")
    number: Mapped[str | None] = mapped_column(String(40))
    sequence: Mapped[int | None] = mapped_column(Integer)
    group_key: Mapped[str] = mapped_column(String(80))
    """What the invoice covers within its period: ``all`` (consolidated), ``usage`` or
    ``subscription:<id>`` (itemized), ``credit:<id>`` (a credit note)."""
    currency: Mapped[str] = mapped_column(String(3))
    account_kind: Mapped[str] = mapped_column(String(8))
    """The client's account kind when billed: ``prepaid`` (a statement) or ``postpaid``."""
    period_start: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    period_end: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    period_label: Mapped[str | None] = mapped_column(String(40))
    """The period in the client's timezone, e.g. ``2026-03-01 to 2026-03-31``."""
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    subtotal: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    tax_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    usage_total: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    """Net usage already charged live through the ledger (not charged again at issue)."""
    issued_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    due_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    paid_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    voided_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    credited_invoice_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("invoice.id", ondelete="RESTRICT"), index=True
    )
    billing_run_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("billing_run.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str | None] = mapped_column(String(1000))


class InvoiceLine(UUIDv7Base):
    """One line of an invoice. Not tenant-owned: reached through its invoice."""

    __tablename__ = "invoice_line"
    __table_args__ = (UniqueConstraint("invoice_id", "position"),)

    invoice_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("invoice.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    """``usage``, ``service`` or ``credit``."""
    call_type: Mapped[str | None] = mapped_column(String(16))
    description: Mapped[str] = mapped_column(String(400))
    quantity: Mapped[Decimal] = mapped_column(QUANTITY)
    unit: Mapped[str] = mapped_column(String(16))
    unit_price: Mapped[Decimal | None] = mapped_column(MONEY)
    """NULL for usage lines (each call has its own rate)."""
    tax_rate: Mapped[Decimal] = mapped_column(TAX_RATE)
    amount: Mapped[Decimal] = mapped_column(MONEY)
    """Net amount, rounded to the currency's minor unit."""
    tax: Mapped[Decimal] = mapped_column(MONEY)
    days: Mapped[int | None] = mapped_column(Integer)
    period_days: Mapped[int | None] = mapped_column(Integer)
    """A prorated service line: charged ``days`` of ``period_days``."""
    calls: Mapped[int | None] = mapped_column(Integer)
    billable_seconds: Mapped[int | None] = mapped_column(Integer)
    subscription_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("service_subscription.id", ondelete="SET NULL")
    )
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class BillingRun(UUIDv7AuditBase, TenantOwned):
    """One autobill run: who or what started it, its progress and its report.

    ``owner_id`` is whoever asked for it (NULL for a scheduled run of the platform);
    ``reseller_id`` the tenant whose clients it bills (NULL: the platform's)."""

    __tablename__ = "billing_run"
    __table_args__ = (
        CheckConstraint("status IN ('queued', 'running', 'succeeded', 'failed')", name="status"),
    )

    owner_id: Mapped[uuid.UUID | None] = mapped_column(  # type: ignore[assignment]
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, nullable=True
    )
    trigger: Mapped[str] = mapped_column(String(16))
    """``api`` or ``schedule``."""
    status: Mapped[str] = mapped_column(String(16), default="queued")
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    period: Mapped[str | None] = mapped_column(String(7))
    """``YYYY-MM``: bill the client periods containing this month."""
    as_of: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    """Without ``period``: each client's last period closed at this instant."""
    everyone: Mapped[bool] = mapped_column(Boolean, default=False)
    """Bill every client within reach (staff) rather than the tenant's own."""
    client_ids: Mapped[list[str] | None] = mapped_column(JSONB)
    clients_total: Mapped[int] = mapped_column(Integer, default=0)
    clients_done: Mapped[int] = mapped_column(Integer, default=0)
    report: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    detail: Mapped[str | None] = mapped_column(String(2000))
    started_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    finished_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
