"""Call detail records: one table partitioned by month of ``started_at``.

PostgreSQL requires every unique constraint of a partitioned table to include the partition
key, so a record is identified by ``(source, external_id, started_at)``: the start time is part
of what a PBX reports about a call, so importing the same record twice always collides. The
primary key is ``(id, started_at)`` for the same reason. Monthly partitions are created ahead by
a worker (``cdrs.ensure_partitions``) and on demand by whoever inserts into a new month.

The references to users, SIP users and trunks are plain columns, not foreign keys: a key costs
a lookup per inserted record, and records are only written with ids read in the same
transaction. The keys' delete-side behaviour is kept by triggers on the referenced tables
(migration 0018): deleting a user who owns records fails, deleting a reseller, SIP user or
trunk sets the reference to NULL.
"""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal
from typing import Any

from advanced_alchemy.base import AdvancedDeclarativeBase, CommonTableAttributes
from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column
from uuid_utils.compat import uuid7

from app.db.models.base import TenantOwned, UUIDv7Base
from app.db.models.rate_deck import MONEY

CDR_PARTITION_PATTERN = r"^cdr_y\d{4}m\d{2}$"
"""Names of the monthly partitions; Alembic's comparison ignores them."""


def not_a_partition(obj: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
    """Alembic ``include_object``: leave out the monthly partitions (made at run time by a
    worker, not by migrations) and their indexes."""
    table = name if kind == "table" else getattr(getattr(obj, "table", None), "name", None)
    return not (table is not None and re.match(CDR_PARTITION_PATTERN, table))


class RatingStatus:
    RATED = "rated"
    UNRATED = "unrated"
    PENDING_PRICE = "pending_price"
    EXCLUDED = "excluded"
    ALL = (RATED, UNRATED, PENDING_PRICE, EXCLUDED)


class Cdr(CommonTableAttributes, AdvancedDeclarativeBase, TenantOwned):
    __tablename__ = "cdr"
    __table_args__ = (
        UniqueConstraint("source", "external_id", "started_at"),
        CheckConstraint(
            "rating_status IN ('rated', 'unrated', 'pending_price', 'excluded')",
            name="rating_status",
        ),
        CheckConstraint("direction IN ('outbound', 'inbound', 'local')", name="direction"),
        # Keyset order (started_at, id) per owner; the INCLUDE columns let a client's day or
        # month summary be an index-only scan (docs/cdrs.md, "Speed").
        Index(
            "ix_cdr_owner_started",
            "owner_id",
            "started_at",
            "id",
            postgresql_include=["billable_seconds", "cost", "buy_cost", "currency"],
        ),
        # A reseller's scope is ``reseller_id = :me``: records of direct clients and
        # unassigned ones need no entry here (one index update less per imported record).
        Index(
            "ix_cdr_reseller_started",
            "reseller_id",
            "started_at",
            "id",
            postgresql_where=text("reseller_id IS NOT NULL"),
        ),
        Index("ix_cdr_started", "started_at", "id"),
        {"postgresql_partition_by": "RANGE (started_at)"},
    )

    id: Mapped[uuid.UUID] = mapped_column(GUID, primary_key=True, default=uuid7)
    started_at: Mapped[datetime.datetime] = mapped_column(
        DateTimeUTC(timezone=True), primary_key=True
    )
    owner_id: Mapped[uuid.UUID | None] = mapped_column(  # type: ignore[assignment]
        GUID, nullable=True
    )
    """The client; NULL for a record no client could be matched to (listed as unassigned).
    A user who owns records cannot be deleted (trigger ``cdr_user_deleted``)."""
    reseller_id: Mapped[uuid.UUID | None] = mapped_column(GUID, nullable=True)
    """The client's reseller; set to NULL when the reseller is deleted."""
    source: Mapped[str] = mapped_column(String(64))
    """``agi``, or the import source's name: where the record came from."""
    external_id: Mapped[str] = mapped_column(String(128))
    sip_user_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    service: Mapped[str | None] = mapped_column(String(200))
    account_code: Mapped[str | None] = mapped_column(String(64))
    caller_number: Mapped[str | None] = mapped_column(String(64))
    dialled_number: Mapped[str] = mapped_column(String(64))
    normalized_number: Mapped[str | None] = mapped_column(String(64))
    direction: Mapped[str] = mapped_column(String(8), default="outbound")
    answered_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    ended_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    duration: Mapped[int] = mapped_column(Integer, default=0)
    billable_seconds: Mapped[int] = mapped_column(Integer, default=0)
    disposition: Mapped[str] = mapped_column(String(32), default="")
    hangup_cause: Mapped[int | None] = mapped_column(Integer)
    trunk_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    matched_prefix: Mapped[str | None] = mapped_column(String(20))
    destination: Mapped[str | None] = mapped_column(String(200))
    destination_group_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    rate_id: Mapped[str | None] = mapped_column(String(64))
    deck_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    deck_version: Mapped[int | None] = mapped_column(Integer)
    cost: Mapped[Decimal | None] = mapped_column(MONEY)
    buy_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    currency: Mapped[str | None] = mapped_column(String(3))
    breakdown: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    coverage: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    """Bundle or offer that covered the call, and how much of it."""
    rating_status: Mapped[str] = mapped_column(String(16))
    masked: Mapped[bool] = mapped_column(Boolean, default=False)
    """The client's digit-masking choice when the record was stored."""
    ledger_entry_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    created_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))


class CdrRatingHistory(UUIDv7Base, TenantOwned):
    """What a record was priced at before a re-rating job changed it (one row per change).

    ``cdr_id`` + ``started_at`` name the record (the partitioned table's key); there is no
    foreign key, so the history of money moved outlives a bulk delete of the records.
    """

    __tablename__ = "cdr_rating_history"

    cdr_id: Mapped[uuid.UUID] = mapped_column(GUID, index=True)
    started_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    job_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("job.id", ondelete="SET NULL"), index=True
    )
    old_rating_status: Mapped[str] = mapped_column(String(16))
    old_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    old_currency: Mapped[str | None] = mapped_column(String(3))
    old_rate_id: Mapped[str | None] = mapped_column(String(64))
    old_deck_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    old_deck_version: Mapped[int | None] = mapped_column(Integer)
    old_matched_prefix: Mapped[str | None] = mapped_column(String(20))
    old_breakdown: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    new_rating_status: Mapped[str] = mapped_column(String(16))
    new_cost: Mapped[Decimal | None] = mapped_column(MONEY)
    new_deck_version: Mapped[int | None] = mapped_column(Integer)
    ledger_entry_id: Mapped[uuid.UUID | None] = mapped_column(GUID)
    """The adjustment entry that posted the client's difference (None: nothing to post)."""
    at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
