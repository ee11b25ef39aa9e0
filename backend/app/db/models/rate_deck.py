"""Rate decks: named, versioned sets of rates (sell decks for plans, buy decks for carriers).

A deck's rates never change in place: an import or an edit creates a new version and makes it
current, so a call keeps pricing with the version it was authorized with.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    SmallInteger,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base

MONEY = Numeric(18, 6)
"""Every stored amount: exact, six decimal places (the rating engine's rounding place)."""


class RateDeck(UUIDv7AuditBase, TenantOwned):
    __tablename__ = "rate_deck"
    __table_args__ = (CheckConstraint("kind IN ('sell', 'buy')", name="kind"),)

    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(8), default="sell")
    currency: Mapped[str] = mapped_column(String(3))
    description: Mapped[str | None] = mapped_column(String(1000))
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    """0 until the first version exists."""


class RateDeckVersion(UUIDv7Base, TenantOwned):
    __tablename__ = "rate_deck_version"
    __table_args__ = (UniqueConstraint("deck_id", "version"),)

    deck_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("rate_deck.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    rate_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(32))
    """"import:<format>" or "copy" — where the rates came from."""


class Rate(UUIDv7Base, TenantOwned):
    """One line of one deck version. ``band_days`` is a weekday bit mask (Monday = bit 0)."""

    __tablename__ = "rate"
    __table_args__ = (
        Index("ix_rate_version_prefix", "version_id", "prefix"),
        CheckConstraint("rate_per_minute >= 0 AND connect_fee >= 0", name="amounts"),
        CheckConstraint("initial_block >= 0 AND increment >= 1", name="blocks"),
    )

    version_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("rate_deck_version.id", ondelete="CASCADE")
    )
    prefix: Mapped[str] = mapped_column(String(20))
    destination: Mapped[str] = mapped_column(String(200), default="")
    rate_per_minute: Mapped[Decimal] = mapped_column(MONEY)
    connect_fee: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    initial_block: Mapped[int] = mapped_column(Integer, default=1)
    increment: Mapped[int] = mapped_column(Integer, default=1)
    flat_price: Mapped[Decimal | None] = mapped_column(MONEY)
    effective_from: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    effective_until: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    band_days: Mapped[int | None] = mapped_column(SmallInteger)
    band_start: Mapped[datetime.time | None] = mapped_column(Time)
    band_end: Mapped[datetime.time | None] = mapped_column(Time)
    allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    late_billed: Mapped[bool] = mapped_column(Boolean, default=False)
