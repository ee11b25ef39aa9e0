"""CDR sources: the PBX feeds of an admin or reseller, within the caller's reach.

A source's ``name`` is the ``source`` of its records, hence unique on the whole platform (the
records' dedupe key starts with it). Its PBX password is stored to connect with and never shown
again; a push kind's ingest token is stored as a SHA-256 hash and shown only by the answers of
create and rotate.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
import zoneinfo
from typing import Any

import msgspec
from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, audit_row, changed_only, snapshot
from app.cdrs.csv_records import ASTERISK_DATE_FORMAT
from app.cdrs.sources.schemas import (
    SECRET_MASK,
    CdrSourceCreate,
    CdrSourcePatch,
    CdrSourceRead,
    Connection,
)
from app.db.models.cdr_source import PULL_KINDS, PUSH_KINDS, CdrSource
from app.lib.access import Principal
from app.lib.errors import ConflictError, FieldError, InvalidInputError
from app.telephony.common import conflict, flush_unique, get_row, patch_changes, taken

_UNIQUE = {"uq_cdr_source_name": "name"}
_REQUIRED = {"freepbx": ("host", "user"), "vodia": ("base_url", "domains")}
TOKEN_PREFIX = "tgs_"  # noqa: S105 - the shape of generated ingest tokens, not a secret


class CdrSourceRepository(SQLAlchemyAsyncRepository[CdrSource]):
    model_type = CdrSource


def invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(source: CdrSource, token: str) -> bool:
    """Constant-time check of a push's token against the stored hash."""
    return source.token_hash is not None and hmac.compare_digest(
        source.token_hash, token_hash(token)
    )


def source_read(row: CdrSource, *, token: str | None = None) -> CdrSourceRead:
    return CdrSourceRead(
        id=row.id,
        name=row.name,
        kind=row.kind,
        timezone=row.timezone,
        date_format=row.date_format,
        columns=dict(row.columns or {}),
        connection=dict(row.settings or {}),
        password=SECRET_MASK if row.password else None,
        ingest_token=token,
        cursor=dict(row.cursor or {}),
        enabled=row.enabled,
        pull_interval_seconds=row.pull_interval_seconds,
        last_run_at=row.last_run_at,
        last_status=row.last_status,
        last_detail=row.last_detail,
        last_job_id=row.last_job_id,
        owner_id=row.owner_id,
        reseller_id=row.reseller_id,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _check_zone(name: str) -> None:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise invalid("timezone", f"{name!r} is not an IANA timezone") from None


def _check_date_format(value: str) -> None:
    if value != "iso" and "%" not in value:
        raise invalid("date_format", "a strptime format such as %Y-%m-%d %H:%M:%S, or iso")


def _connection(kind: str, connection: Connection | None) -> dict[str, Any]:
    values = {} if connection is None else msgspec.to_builtins(connection)
    for name in _REQUIRED.get(kind, ()):
        if not values.get(name):
            raise invalid(f"connection.{name}", f"a {kind} source needs it")
    return dict(values)


async def list_sources(
    session: AsyncSession, *, limit: int, offset: int, kind: str | None = None
) -> tuple[list[CdrSource], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("name", "asc")]
    if kind is not None:
        filters.append(CdrSource.kind == kind)
    rows, total = await CdrSourceRepository(session=session).get_many_and_count(*filters)
    return list(rows), total


async def get_source(session: AsyncSession, source_id: uuid.UUID) -> CdrSource:
    return await get_row(session, CdrSource, source_id, "CDR source")


async def _check_name(session: AsyncSession, name: str, except_id: uuid.UUID | None) -> None:
    if await taken(session, CdrSource.name, name, except_id, across_tenants=True):
        raise conflict("name", f"The source name {name!r} is taken")


async def _check_renamable(session: AsyncSession, row: CdrSource) -> None:
    """A source that stored records keeps its name: it is part of their dedupe key, so a new
    name would let the same records be stored again."""
    found = await session.execute(
        text("SELECT EXISTS (SELECT 1 FROM cdr WHERE source = :name)"), {"name": row.name}
    )
    if found.scalar_one():
        raise ConflictError(
            "This source has stored records under its name; it cannot be renamed",
            errors=[FieldError("records are stored under this name", field="name")],
        )


async def create_source(
    session: AsyncSession, actor: Actor, principal: Principal, data: CdrSourceCreate
) -> tuple[CdrSource, str | None]:
    """A new source owned by the caller, and its ingest token (push kinds only)."""
    _check_zone(data.timezone)
    default_format = ASTERISK_DATE_FORMAT if data.kind in ("master_csv", "freepbx") else "iso"
    date_format = data.date_format or default_format
    _check_date_format(date_format)
    await _check_name(session, data.name, None)
    token = TOKEN_PREFIX + secrets.token_urlsafe(24) if data.kind in PUSH_KINDS else None
    row = CdrSource(
        name=data.name,
        kind=data.kind,
        timezone=data.timezone,
        date_format=date_format,
        columns={} if data.columns is None else msgspec.to_builtins(data.columns),
        settings=_connection(data.kind, data.connection),
        password=data.password,
        token_hash=None if token is None else token_hash(token),
        cursor={},
        enabled=data.enabled,
        pull_interval_seconds=data.pull_interval_seconds,
        owner_id=principal.user_id,
        reseller_id=principal.reseller_scope,
    )
    session.add(row)
    await flush_unique(session, _UNIQUE)
    await audit_row(session, actor, row, "cdr_source.create", after=snapshot(row))
    return row, token


async def update_source(
    session: AsyncSession, actor: Actor, source_id: uuid.UUID, patch: CdrSourcePatch
) -> CdrSource:
    row = await get_source(session, source_id)
    changes = patch_changes(patch)
    if "timezone" in changes:
        _check_zone(changes["timezone"])
    if "date_format" in changes:
        _check_date_format(changes["date_format"])
    if "name" in changes and changes["name"] != row.name:
        await _check_name(session, changes["name"], row.id)
        await _check_renamable(session, row)
    if "columns" in changes:
        changes["columns"] = msgspec.to_builtins(changes["columns"])
    if "connection" in changes:
        changes["settings"] = _connection(row.kind, changes.pop("connection"))
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    await flush_unique(session, _UNIQUE)
    old, new = changed_only(before, snapshot(row))
    if "password" in changes:
        new["credentials"] = "changed"
    if new:
        await audit_row(session, actor, row, "cdr_source.update", before=old, after=new)
    return row


async def rotate_token(session: AsyncSession, actor: Actor, source_id: uuid.UUID) -> str:
    row = await get_source(session, source_id)
    if row.kind not in PUSH_KINDS:
        raise invalid("kind", "only push sources (freeswitch) have an ingest token")
    token = TOKEN_PREFIX + secrets.token_urlsafe(24)
    row.token_hash = token_hash(token)
    await session.flush()
    await audit_row(
        session, actor, row, "cdr_source.rotate_token", after={"credentials": "rotated"}
    )
    return token


def check_pullable(row: CdrSource) -> None:
    if row.kind not in PULL_KINDS:
        raise invalid("kind", f"a {row.kind} source is not pulled (only {', '.join(PULL_KINDS)})")
