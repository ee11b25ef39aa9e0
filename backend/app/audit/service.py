"""Writing and reading the audit log.

Services call :func:`record_change` in the same transaction as the change, so an entry exists
exactly when the change does. Snapshots never contain secrets: any column whose name says hash,
secret or token is left out.
"""

from __future__ import annotations

import datetime
import enum
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.audit import AuditEntry
from app.lib.access import Principal

_SECRET_MARKERS = ("hash", "secret", "token", "password")
# Bookkeeping columns: recorded in snapshots of creations, never reported as "changes".
_BOOKKEEPING = frozenset({"updated_at", "sa_orm_sentinel"})


@dataclass(frozen=True, slots=True)
class Actor:
    """Who makes a change, and from which request."""

    principal: Principal | None
    request_id: str | None = None
    ip: str | None = None

    @classmethod
    def system(cls) -> Actor:
        return cls(principal=None)


def _plain(value: Any) -> Any:
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    return value


def snapshot(obj: Any) -> dict[str, Any]:
    """The column values of a mapped object, without secrets, as JSON-ready values."""
    mapper = inspect(type(obj))
    return {
        column.key: _plain(getattr(obj, column.key))
        for column in mapper.column_attrs
        if not any(marker in column.key for marker in _SECRET_MARKERS)
        and column.key != "sa_orm_sentinel"
    }


def changed_only(
    before: dict[str, Any], after: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [key for key in after if key not in _BOOKKEEPING and before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


async def record_change(
    session: AsyncSession,
    actor: Actor,
    *,
    action: str,
    object_type: str,
    object_id: uuid.UUID | str,
    owner_id: uuid.UUID,
    reseller_id: uuid.UUID | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    principal = actor.principal
    entry = AuditEntry(
        at=datetime.datetime.now(datetime.UTC),
        actor_id=principal.user_id if principal else None,
        actor_via=principal.via if principal else "system",
        credential_id=principal.credential_id if principal else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        owner_id=owner_id,
        reseller_id=reseller_id,
        before=before,
        after=after,
        request_id=actor.request_id,
        ip=actor.ip,
    )
    session.add(entry)
    return entry


async def audit_row(
    session: AsyncSession,
    actor: Actor,
    row: Any,
    action: str,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Record a change of a tenant-owned row; ``action`` is ``<object type>.<verb>``."""
    return await record_change(
        session,
        actor,
        action=action,
        object_type=action.partition(".")[0],
        object_id=row.id,
        owner_id=row.owner_id,
        reseller_id=row.reseller_id,
        before=before,
        after=after,
    )


async def update_audited(
    session: AsyncSession, actor: Actor, row: Any, changes: dict[str, Any], action: str
) -> None:
    """Set ``changes`` on a tenant-owned row and record what actually changed (nothing is
    recorded when every value was already so)."""
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    await session.flush()
    old, new = changed_only(before, snapshot(row))
    if new:
        await audit_row(session, actor, row, action, before=old, after=new)


async def delete_audited(
    session: AsyncSession, actor: Actor, row: Any, *, object_type: str
) -> None:
    """Delete a tenant-owned row, recording what it was, in the same transaction."""
    await audit_row(session, actor, row, f"{object_type}.delete", before=snapshot(row))
    await session.delete(row)
    await session.flush()
