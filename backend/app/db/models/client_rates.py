"""What a client gets on top of its plan: negotiated custom rates and time-limited offers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Boolean, CheckConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase
from app.db.models.rate_deck import MONEY


class CustomRate(UUIDv7AuditBase, TenantOwned):
    """A client's own rate for a prefix; it wins over the plan's decks (CellHub custom rates)."""

    __tablename__ = "custom_rate"
    __table_args__ = (
        UniqueConstraint("owner_id", "prefix"),
        CheckConstraint("rate_per_minute >= 0 AND connect_fee >= 0", name="amounts"),
        CheckConstraint("initial_block >= 0 AND increment >= 1", name="blocks"),
    )

    prefix: Mapped[str] = mapped_column(String(20))
    destination: Mapped[str] = mapped_column(String(200), default="")
    rate_per_minute: Mapped[Decimal] = mapped_column(MONEY)
    connect_fee: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    initial_block: Mapped[int] = mapped_column(Integer, default=1)
    increment: Mapped[int] = mapped_column(Integer, default=1)
    flat_price: Mapped[Decimal | None] = mapped_column(MONEY)
    allowed: Mapped[bool] = mapped_column(Boolean, default=True)


class Offer(UUIDv7AuditBase, TenantOwned):
    """Calls under ``prefix`` cost nothing in [starts_at, expires_at) (CellHub "Offers")."""

    __tablename__ = "offer"
    __table_args__ = (CheckConstraint("expires_at > starts_at", name="window"),)

    prefix: Mapped[str] = mapped_column(String(20))
    destination: Mapped[str] = mapped_column(String(200), default="")
    starts_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
