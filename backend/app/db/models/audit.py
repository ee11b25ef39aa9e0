"""The audit log: who changed what, when, from what to what (CellHub "User History")."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import String
from sqlalchemy.dialects.postgresql import INET, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7Base


class AuditEntry(UUIDv7Base, TenantOwned):
    """Append-only. ``owner_id`` is the owner of the changed object, so the entry is visible to
    exactly those who may see the object."""

    __tablename__ = "audit_entry"

    # History outlives what it describes: plain ids, no foreign keys that would cascade away.
    owner_id: Mapped[uuid.UUID] = mapped_column(index=True)
    reseller_id: Mapped[uuid.UUID | None] = mapped_column(index=True)

    at: Mapped[datetime.datetime] = mapped_column(DateTimeUTC(timezone=True), index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    actor_via: Mapped[str] = mapped_column(String(16))
    credential_id: Mapped[uuid.UUID | None]
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(64), index=True)
    object_id: Mapped[str] = mapped_column(String(64), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    request_id: Mapped[str | None] = mapped_column(String(64))
    ip: Mapped[str | None] = mapped_column(INET)
