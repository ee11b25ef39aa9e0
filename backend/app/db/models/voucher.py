"""Prepaid voucher codes (CellHub "Vouchers"), generated in batches, each redeemable once."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base
from app.db.models.rate_deck import MONEY


class VoucherBatch(UUIDv7AuditBase, TenantOwned):
    """``count`` codes worth ``value`` each. ``owner_id`` issued it; ``reseller_id`` is the
    tenant whose clients may redeem them (NULL: the platform's direct clients)."""

    __tablename__ = "voucher_batch"
    __table_args__ = (
        CheckConstraint("value > 0", name="value"),
        CheckConstraint("count BETWEEN 1 AND 10000", name="count"),
    )

    prefix: Mapped[str] = mapped_column(String(8), default="")
    count: Mapped[int] = mapped_column(Integer)
    value: Mapped[Decimal] = mapped_column(MONEY)
    currency: Mapped[str] = mapped_column(String(3))
    expires_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    note: Mapped[str | None] = mapped_column(String(1000))


class Voucher(UUIDv7Base, TenantOwned):
    """One code of a batch; the tenant columns are the batch's."""

    __tablename__ = "voucher"
    __table_args__ = (UniqueConstraint("code"),)

    batch_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("voucher_batch.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(40))
    """Canonical form: upper case, no separators."""
    redeemed_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    redeemed_by: Mapped[uuid.UUID | None] = mapped_column(GUID)
    ledger_entry_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("ledger_entry.id", ondelete="RESTRICT")
    )
