"""Bundles: allowances a plan includes per destination group and period, each client's usage
of them per period, and a plan's special-number rules (see docs/bundles.md)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase
from app.db.models.rate_deck import MONEY


class PlanAllowance(UUIDv7AuditBase, TenantOwned):
    """``seconds`` of calls to a destination group included per ``period`` (UCRM "240 minutes
    UK landline each month"). Owned like its plan; one allowance per plan and group."""

    __tablename__ = "plan_allowance"
    __table_args__ = (
        UniqueConstraint("plan_id", "group_id"),
        CheckConstraint("seconds > 0", name="seconds"),
        CheckConstraint("period IN ('daily', 'weekly', 'monthly')", name="period"),
    )

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    """Indexed by the (plan_id, group_id) unique constraint."""
    group_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("destination_group.id", ondelete="RESTRICT"), index=True
    )
    seconds: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(8), default="monthly")


class AllowanceUsage(UUIDv7AuditBase, TenantOwned):
    """How much of an allowance the client ``owner_id`` used in one period.

    ``period_start``/``period_end`` are the UTC instants of the period's local bounds in the
    client's timezone. The unique key is the lock: drawing upserts this row and holds it
    (``INSERT … ON CONFLICT DO UPDATE``) until the transaction ends.
    """

    __tablename__ = "allowance_usage"
    __table_args__ = (
        UniqueConstraint("owner_id", "allowance_id", "period_start"),
        CheckConstraint("used_seconds >= 0", name="used"),
    )

    allowance_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan_allowance.id", ondelete="CASCADE"), index=True
    )
    period_start: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    period_end: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    used_seconds: Mapped[int] = mapped_column(Integer, default=0)


class PlanSpecialRate(UUIDv7AuditBase, TenantOwned):
    """A special-number rule of a plan (ictVoIP: ``1300*`` flat per call), checked before the
    tariff for calls of its direction."""

    __tablename__ = "plan_special_rate"
    __table_args__ = (
        UniqueConstraint("plan_id", "direction", "pattern"),
        CheckConstraint("direction IN ('outbound', 'inbound')", name="direction"),
        CheckConstraint(
            "rate_per_minute >= 0 AND connect_fee >= 0 AND (flat_price IS NULL OR flat_price >= 0)",
            name="amounts",
        ),
        CheckConstraint("initial_block >= 0 AND increment >= 1", name="blocks"),
    )

    plan_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"))
    """Indexed by the (plan_id, direction, pattern) unique constraint."""
    pattern: Mapped[str] = mapped_column(String(21))
    label: Mapped[str] = mapped_column(String(200), default="")
    direction: Mapped[str] = mapped_column(String(8), default="outbound")
    flat_price: Mapped[Decimal | None] = mapped_column(MONEY)
    rate_per_minute: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    connect_fee: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    initial_block: Mapped[int] = mapped_column(Integer, default=1)
    increment: Mapped[int] = mapped_column(Integer, default=1)
