"""Destinations: the prefix reference table, destination groups, and the groups a client may
not call.

The reference table (CellHub "Prefixes": 1 = USA, 44 = UK) is global staff-managed data. A
destination group ("UK mobile", "International", "Special") is a set of prefixes owned by an
admin or a reseller; bundles and blocks use groups. A client's blocked groups are rows owned by
the client (so scoping shows them to the client, its reseller and staff).
"""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base

DESTINATION_TYPES = ("landline", "mobile", "toll_free", "premium", "special")


class Destination(UUIDv7AuditBase):
    """One prefix of the reference table and what it reaches."""

    __tablename__ = "destination"
    __table_args__ = (
        CheckConstraint(
            "type IS NULL OR type IN ('landline', 'mobile', 'toll_free', 'premium', 'special')",
            name="type",
        ),
    )

    prefix: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str | None] = mapped_column(String(2))
    """ISO 3166-1 alpha-2, upper case."""
    type: Mapped[str | None] = mapped_column(String(16))


class DestinationGroup(UUIDv7AuditBase, TenantOwned):
    """A named set of prefixes; its prefixes are :class:`DestinationGroupPrefix` rows."""

    __tablename__ = "destination_group"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(1000))


class DestinationGroupPrefix(UUIDv7Base):
    """One prefix of a group. Not tenant-owned: it is reached through its group, or through a
    client's block of the group (so a client's blocked prefixes resolve on a client's session)."""

    __tablename__ = "destination_group_prefix"
    __table_args__ = (UniqueConstraint("group_id", "prefix"),)

    group_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("destination_group.id", ondelete="CASCADE")
    )
    """Indexed by the (group_id, prefix) unique constraint."""
    prefix: Mapped[str] = mapped_column(String(20))


class BlockedDestinationGroup(UUIDv7Base, TenantOwned):
    """A group the client ``owner_id`` may not call. A group blocked for anyone cannot be
    deleted (RESTRICT): deleting it must never silently lift a block."""

    __tablename__ = "blocked_destination_group"
    __table_args__ = (UniqueConstraint("owner_id", "group_id"),)

    group_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("destination_group.id", ondelete="RESTRICT"), index=True
    )
