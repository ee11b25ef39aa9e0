"""Calls in progress and finished: what authorize granted and what finalize answered.

A row is written at authorize and holds the credit ``reserved`` for the granted duration until
finalize settles it (or the sweeper expires it). Finalize is idempotent on ``call_id``: its
stored ``result`` is what a retry or a duplicate hangup gets back.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7Base
from app.db.models.rate_deck import MONEY


class CallStatus:
    AUTHORIZED = "authorized"
    FINALIZED = "finalized"
    EXPIRED = "expired"
    ALL = (AUTHORIZED, FINALIZED, EXPIRED)


class Call(UUIDv7Base, TenantOwned):
    __tablename__ = "call"
    __table_args__ = (
        CheckConstraint("status IN ('authorized', 'finalized', 'expired')", name="status"),
        CheckConstraint("reserved >= 0", name="reserved"),
        Index("ix_call_status_expires", "status", "expires_at"),
        # Concurrency limits count calls in progress (migration 0014).
        Index(
            "ix_call_live_sip_user", "sip_user_id", postgresql_where=text("status = 'authorized'")
        ),
        Index("ix_call_live_account", "account_id", postgresql_where=text("status = 'authorized'")),
    )

    call_id: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("billing_account.id", ondelete="RESTRICT"), index=True
    )
    sip_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sip_user.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=CallStatus.AUTHORIZED)
    caller_number: Mapped[str | None] = mapped_column(String(64))
    dialled_number: Mapped[str] = mapped_column(String(64))
    normalized_number: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(200))
    source_ip: Mapped[str | None] = mapped_column(String(64))
    authorized_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    """After this the reservation is swept (max duration plus a grace period)."""
    max_duration: Mapped[int] = mapped_column(Integer)
    reserved: Mapped[Decimal] = mapped_column(MONEY, default=Decimal(0))
    """Credit held while the call is in progress; 0 once settled or expired."""
    rate_id: Mapped[str | None] = mapped_column(String(64))
    pricing: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    """The deck versions authorize priced with, so finalize prices with the same ones."""
    trunks: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    """Finalize's answer, replayed to a retry or a duplicate hangup."""
    finalized_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
