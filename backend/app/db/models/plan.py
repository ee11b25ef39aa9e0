"""Plans: what prices a client's calls — ordered sell decks, markups, billing mode, numbering."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base

PERCENT = Numeric(9, 4)


class Plan(UUIDv7AuditBase, TenantOwned):
    __tablename__ = "plan"
    __table_args__ = (
        CheckConstraint(
            "markup_percent >= 0 AND markup_per_minute >= 0 AND international_markup_percent >= 0",
            name="markups",
        ),
        CheckConstraint(
            "(billing_initial_block IS NULL) = (billing_increment IS NULL)", name="billing_mode"
        ),
        CheckConstraint(
            "inbound_rate_per_minute IS NULL OR (inbound_rate_per_minute >= 0 AND "
            "inbound_connect_fee >= 0 AND inbound_initial_block >= 0 AND inbound_increment >= 1)",
            name="inbound",
        ),
    )

    name: Mapped[str] = mapped_column(String(200))
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str | None] = mapped_column(String(1000))
    country_code: Mapped[str] = mapped_column(String(4))
    exit_code: Mapped[str] = mapped_column(String(4), default="00")
    trunk_prefix: Mapped[str] = mapped_column(String(2), default="0")
    markup_percent: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal(0))
    markup_per_minute: Mapped[Decimal] = mapped_column(Numeric(18, 6), default=Decimal(0))
    international_markup_percent: Mapped[Decimal] = mapped_column(PERCENT, default=Decimal(0))
    billing_initial_block: Mapped[int | None] = mapped_column(Integer)
    billing_increment: Mapped[int | None] = mapped_column(Integer)
    """The billing mode is the outbound round-up; the inbound one is ``inbound_*``."""
    inbound_rate_per_minute: Mapped[Decimal | None] = mapped_column(Numeric(18, 6))
    """What an inbound call costs per minute (ictVoIP "Inbound Cost"); NULL: not priced."""
    inbound_connect_fee: Mapped[Decimal] = mapped_column(
        Numeric(18, 6), default=Decimal(0), server_default="0"
    )
    inbound_initial_block: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    inbound_increment: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    """ictVoIP "Billing Roundup Inbound"."""


class PlanDeck(UUIDv7Base):
    """A plan's sell decks, in the order the engine searches them."""

    __tablename__ = "plan_deck"
    __table_args__ = (UniqueConstraint("plan_id", "position"),)

    plan_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("plan.id", ondelete="CASCADE"), index=True
    )
    deck_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("rate_deck.id", ondelete="RESTRICT"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
