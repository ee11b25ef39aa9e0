"""User accounts, groups, and the tokens that sign them in."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import Enum, ForeignKey, Integer, Numeric, String
from sqlalchemy.dialects.postgresql import CITEXT, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase, UUIDv7Base
from app.lib.access import Role


class UserStatus:
    ACTIVE = "active"
    SUSPENDED = "suspended"
    BLOCKED = "blocked"
    ALL = (ACTIVE, SUSPENDED, BLOCKED)


class User(UUIDv7AuditBase):
    """A person or company with a login: staff, a reseller, or a client (CellHub "Users")."""

    __tablename__ = "user_account"

    email: Mapped[str] = mapped_column(CITEXT(), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(
        Enum(
            Role,
            name="user_role",
            native_enum=False,
            length=16,
            values_callable=lambda roles: [r.value for r in roles],
        ),
        index=True,
    )
    status: Mapped[str] = mapped_column(String(16), default=UserStatus.ACTIVE)
    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(400))
    country: Mapped[str | None] = mapped_column(String(2))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    currency: Mapped[str] = mapped_column(String(3), default="USD")
    language: Mapped[str] = mapped_column(String(16), default="en")
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="RESTRICT"), index=True
    )
    group_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_group.id", ondelete="SET NULL"), index=True
    )
    sip_account_limit: Mapped[int] = mapped_column(Integer, default=0)
    plan_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("plan.id", ondelete="RESTRICT"), index=True
    )
    """The plan that prices this client's calls."""
    margin_percent: Mapped[Decimal] = mapped_column(
        Numeric(9, 4), default=Decimal(0), server_default="0"
    )
    """A reseller's margin on top of its parent's price (CellHub "Reseller Margin")."""
    notification_preferences: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)


class UserGroup(UUIDv7AuditBase, TenantOwned):
    """Accounts that share quotas (CellHub "Group Users")."""

    __tablename__ = "user_group"

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(1000))


class RefreshToken(UUIDv7Base):
    """One refresh token of a sign-in family; rotation marks it used and issues the next."""

    __tablename__ = "refresh_token"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    family_id: Mapped[uuid.UUID] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    issued_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    used_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class PasswordResetToken(UUIDv7Base):
    __tablename__ = "password_reset_token"

    user_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True))
    used_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
