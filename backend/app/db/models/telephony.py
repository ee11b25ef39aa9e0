"""SIP users, carrier trunks and trunk groups: what authorize needs to route and guard a call."""

from __future__ import annotations

import uuid

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base


class Trunk(UUIDv7AuditBase, TenantOwned):
    """A carrier route (CellHub "Trunks"): how to dial out, at what buy cost, how many calls."""

    __tablename__ = "trunk"
    __table_args__ = (
        UniqueConstraint("owner_id", "name"),
        CheckConstraint("status IN ('active', 'disabled')", name="status"),
        CheckConstraint("max_channels IS NULL OR max_channels >= 0", name="channels"),
    )

    name: Mapped[str] = mapped_column(String(100))
    dial_template: Mapped[str] = mapped_column(String(200))
    """Asterisk dial string with ``{number}``, e.g. ``PJSIP/{number}@carrier-a``."""
    strip_prefix: Mapped[str] = mapped_column(String(20), default="")
    add_prefix: Mapped[str] = mapped_column(String(20), default="")
    max_channels: Mapped[int | None] = mapped_column(Integer)
    buy_deck_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("rate_deck.id", ondelete="SET NULL"), index=True
    )
    """The carrier's price list: the buy side of every call sent here."""
    status: Mapped[str] = mapped_column(String(16), default="active")
    is_default: Mapped[bool] = mapped_column(default=False)
    """Tried last, after the least-cost candidates, when nothing else routes the call."""


class TrunkGroup(UUIDv7AuditBase, TenantOwned):
    """Trunks tried in a fixed priority order (CellHub "Trunk Groups")."""

    __tablename__ = "trunk_group"
    __table_args__ = (UniqueConstraint("owner_id", "name"),)

    name: Mapped[str] = mapped_column(String(100))


class TrunkGroupMember(UUIDv7Base):
    """One trunk of a group, at its place in the failover order."""

    __tablename__ = "trunk_group_member"
    __table_args__ = (
        UniqueConstraint("group_id", "trunk_id", name="uq_trunk_group_member_trunk"),
        UniqueConstraint("group_id", "position", name="uq_trunk_group_member_position"),
    )

    group_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("trunk_group.id", ondelete="CASCADE"), index=True
    )
    trunk_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("trunk.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)


class SipUser(UUIDv7AuditBase, TenantOwned):
    """A client's SIP device or account (CellHub "SIP Users"); ``owner_id`` is the client."""

    __tablename__ = "sip_user"
    __table_args__ = (
        CheckConstraint("status IN ('active', 'suspended')", name="status"),
        CheckConstraint(
            "max_concurrent_calls IS NULL OR max_concurrent_calls >= 0", name="concurrency"
        ),
    )

    username: Mapped[str] = mapped_column(String(64), unique=True)
    secret: Mapped[str] = mapped_column(String(128))
    account_code: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    caller_id_name: Mapped[str | None] = mapped_column(String(100))
    caller_id_number: Mapped[str | None] = mapped_column(String(32))
    max_concurrent_calls: Mapped[int | None] = mapped_column(Integer)
    strip_prefix: Mapped[str] = mapped_column(String(20), default="")
    add_prefix: Mapped[str] = mapped_column(String(20), default="")
    restricted_prefixes: Mapped[list[str]] = mapped_column(ARRAY(String(20)), default=list)
    allowed_cidrs: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    """Source addresses calls may come from (UCRM's customer-set IP range); empty = any."""
    caller_id_allow: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    """Caller-number prefixes allowed to call out; empty = any."""
    caller_id_deny: Mapped[list[str]] = mapped_column(ARRAY(String(32)), default=list)
    trunk_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("trunk.id", ondelete="SET NULL"))
    trunk_group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("trunk_group.id", ondelete="SET NULL")
    )
    rate_deck_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("rate_deck.id", ondelete="SET NULL")
    )
    """Overrides the client's plan: this deck prices the SIP user's calls."""


class RestrictedPrefix(UUIDv7AuditBase):
    """A prefix nobody may call (premium-rate, satellite, known fraud ranges)."""

    __tablename__ = "restricted_prefix"

    prefix: Mapped[str] = mapped_column(String(20), unique=True)
    note: Mapped[str | None] = mapped_column(String(400))
