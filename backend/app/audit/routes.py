"""REST surface of the audit log: /api/v1/audit."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import msgspec
from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from litestar import Controller, get
from litestar.params import FromQuery

from app.db.models.audit import AuditEntry
from app.lib.access import requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import (
    ScopedSession,
)


class AuditRead(msgspec.Struct):
    id: uuid.UUID
    at: datetime.datetime
    actor_id: uuid.UUID | None
    actor_via: str
    credential_id: uuid.UUID | None
    action: str
    object_type: str
    object_id: str
    owner_id: uuid.UUID
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    request_id: str | None


class AuditRepository(SQLAlchemyAsyncRepository[AuditEntry]):
    model_type = AuditEntry


class AuditController(Controller):
    path = "/api/v1/audit"
    tags = ("audit",)

    @get("/", opt=requires("audit:read"), operation_id="listAuditEntries")
    async def list_entries(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        object_type: FromQuery[str | None] = None,
        object_id: FromQuery[str | None] = None,
        actor_id: FromQuery[uuid.UUID | None] = None,
    ) -> Page[AuditRead]:
        """Who changed what and when, newest first — for the objects the caller may see."""
        filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("at", "desc")]
        if object_type:
            filters.append(AuditEntry.object_type == object_type)
        if object_id:
            filters.append(AuditEntry.object_id == object_id)
        if actor_id:
            filters.append(AuditEntry.actor_id == actor_id)
        rows, total = await AuditRepository(session=session).list_and_count(*filters)
        items = [msgspec.convert(row, AuditRead, from_attributes=True) for row in rows]
        return Page(items, total=total, limit=limit, offset=offset)
