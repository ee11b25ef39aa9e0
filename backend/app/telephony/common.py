"""Helpers the telephony services share: finding rows within reach, uniqueness, patches."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

import msgspec
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from app.lib.errors import ConflictError, FieldError, NotFoundError
from app.lib.scoping import unscoped

Row = TypeVar("Row")


async def get_row(session: AsyncSession, kind: type[Row], row_id: uuid.UUID, label: str) -> Row:
    """The row within the caller's reach, or a 404 (another tenant's row does not exist)."""
    row = await session.get(kind, row_id)
    if row is None:
        raise NotFoundError(f"No {label} {row_id}")
    return row


def patch_changes(patch: msgspec.Struct) -> dict[str, Any]:
    """The fields a PATCH body sent."""
    return {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET
    }


def conflict(field: str, detail: str) -> ConflictError:
    return ConflictError(detail, errors=[FieldError("already taken", field=field)])


async def taken(
    session: AsyncSession,
    column: Any,
    value: object,
    except_id: uuid.UUID | None,
    *,
    across_tenants: bool,
    extra: ColumnElement[bool] | None = None,
) -> bool:
    """Whether another row already holds ``value`` in ``column``. Globally unique values are
    looked up across tenants: the answer is a yes/no that reveals no row."""
    table = column.class_
    query = select(func.count()).select_from(table).where(column == value)
    if except_id is not None:
        query = query.where(table.id != except_id)
    if extra is not None:
        query = query.where(extra)
    if across_tenants:
        with unscoped(session):
            return bool((await session.execute(query)).scalar_one())
    return bool((await session.execute(query)).scalar_one())


async def flush_unique(session: AsyncSession, fields_by_constraint: dict[str, str]) -> None:
    """Flush; a unique constraint lost to a concurrent request is a 409 naming its field."""
    try:
        await session.flush()
    except IntegrityError as exc:
        text = str(exc.orig)
        for constraint, field in fields_by_constraint.items():
            if constraint in text:
                raise conflict(field, f"This {field} is already taken") from exc
        raise
