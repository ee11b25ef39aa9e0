"""Destinations: the prefix reference table, and what other features ask about numbers.

- The reference table (CellHub "Prefixes": prefix → what it reaches) is global data: every role
  may read it, only admins and superadmins change it (the routes say so; the rows are not
  tenant-owned). A CSV import applies wholly or not at all: one bad line and nothing changes,
  every bad line reported with its number.
- :func:`blocked_prefixes` — the prefixes a client may not call (its blocked destination
  groups), for call authorization and CDR import.
- :func:`classify` — the destination group a number falls in (longest prefix), pure.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

import msgspec
import uuid_utils
from sqlalchemy import func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, changed_only, record_change, snapshot
from app.db.models.destination import (
    BlockedDestinationGroup,
    Destination,
    DestinationGroupPrefix,
)
from app.lib.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.ratedecks.csv_table import RowError, Table
from app.ratedecks.destination_csv import ParsedDestination, parse_destinations
from app.ratedecks.schemas import (
    DestinationImportResult,
    DestinationPatch,
    DestinationWrite,
)

MAX_UPLOAD_BYTES = 16 * 1024 * 1024
ImportMode = Literal["merge", "replace"]


async def list_destinations(
    session: AsyncSession,
    *,
    limit: int,
    offset: int,
    search: str | None = None,
    country: str | None = None,
    type: str | None = None,
) -> tuple[list[Destination], int]:
    """By prefix; ``search`` matches the start of a prefix or part of a name."""
    query = select(Destination)
    if search:
        query = query.where(
            or_(Destination.prefix.startswith(search), Destination.name.ilike(f"%{search}%"))
        )
    if country:
        query = query.where(Destination.country == country.upper())
    if type:
        query = query.where(Destination.type == type)
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = await session.execute(query.order_by(Destination.prefix).limit(limit).offset(offset))
    return list(rows.scalars()), total


async def get_destination(session: AsyncSession, destination_id: uuid.UUID) -> Destination:
    row = await session.get(Destination, destination_id)
    if row is None:
        raise NotFoundError(f"No destination {destination_id}")
    return row


async def lookup_destination(session: AsyncSession, number: str) -> Destination | None:
    """The entry with the longest prefix of ``number`` (E.164 digits), e.g. for a CDR's
    "destination name" column."""
    digits = number.removeprefix("+")
    if not digits.isdigit():
        return None
    candidates = [digits[:length] for length in range(1, min(len(digits), 20) + 1)]
    row = await session.execute(
        select(Destination)
        .where(Destination.prefix.in_(candidates))
        .order_by(func.length(Destination.prefix).desc())
        .limit(1)
    )
    return row.scalar_one_or_none()


async def _check_prefix_free(
    session: AsyncSession, prefix: str, except_id: uuid.UUID | None = None
) -> None:
    query = select(Destination.id).where(Destination.prefix == prefix)
    if except_id is not None:
        query = query.where(Destination.id != except_id)
    if (await session.execute(query)).first() is not None:
        raise ConflictError(
            f"Prefix {prefix} is already in the table",
            errors=[FieldError("already in the table", field="prefix")],
        )


async def _audit(
    session: AsyncSession,
    actor: Actor,
    action: str,
    object_id: uuid.UUID | str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    # Reference data has no tenant: an entry belongs to the staff member who made the change.
    assert actor.principal is not None, "destinations are changed by signed-in staff"
    await record_change(
        session,
        actor,
        action=action,
        object_type="destination",
        object_id=object_id,
        owner_id=actor.principal.user_id,
        reseller_id=None,
        before=before,
        after=after,
    )


async def create_destination(
    session: AsyncSession, actor: Actor, data: DestinationWrite
) -> Destination:
    await _check_prefix_free(session, data.prefix)
    row = Destination(**msgspec.structs.asdict(data))
    row.country = row.country.upper() if row.country else None
    session.add(row)
    await session.flush()
    await _audit(session, actor, "destination.create", row.id, after=snapshot(row))
    return row


async def update_destination(
    session: AsyncSession, actor: Actor, destination_id: uuid.UUID, patch: DestinationPatch
) -> Destination:
    row = await get_destination(session, destination_id)
    before = snapshot(row)
    changes = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not msgspec.UNSET}
    if "prefix" in changes:
        await _check_prefix_free(session, changes["prefix"], except_id=row.id)
    if changes.get("country"):
        changes["country"] = changes["country"].upper()
    for name, value in changes.items():
        setattr(row, name, value)
    await session.flush()
    old, new = changed_only(before, snapshot(row))
    if new:
        await _audit(session, actor, "destination.update", row.id, before=old, after=new)
    return row


async def delete_destination(
    session: AsyncSession, actor: Actor, destination_id: uuid.UUID
) -> None:
    row = await get_destination(session, destination_id)
    await _audit(session, actor, "destination.delete", row.id, before=snapshot(row))
    await session.delete(row)
    await session.flush()


# --- numbers and groups ----------------------------------------------------------------------


class PrefixedGroup(Protocol):
    """Anything with a group id and its prefixes (:class:`GroupPrefixes`, :class:`GroupRead`)."""

    @property
    def id(self) -> uuid.UUID: ...

    @property
    def prefixes(self) -> Collection[str]: ...


@dataclass(frozen=True, slots=True)
class GroupPrefixes:
    id: uuid.UUID
    prefixes: tuple[str, ...]


def classify(number: str, groups: Iterable[PrefixedGroup]) -> uuid.UUID | None:
    """The id of the group holding the longest prefix of ``number`` (E.164 digits, a leading
    ``+`` allowed), or None when no group's prefix starts it. Of two groups holding that same
    prefix, the first in ``groups`` wins. Pure: no I/O, no clock, standard library only."""
    digits = number.removeprefix("+")
    best: uuid.UUID | None = None
    longest = 0
    for group in groups:
        for prefix in group.prefixes:
            if len(prefix) > longest and digits.startswith(prefix):
                best, longest = group.id, len(prefix)
    return best


async def blocked_prefixes(session: AsyncSession, client_id: uuid.UUID) -> tuple[str, ...]:
    """Every prefix of every group blocked for ``client_id``, sorted, without repeats.

    Works on any session that can see the client's blocks (a system session, or one bound to
    the client, its reseller or staff); a session that cannot see them gets ``()``. A number is
    blocked when one of these prefixes starts it (E.164 digits)."""
    rows = await session.execute(
        select(DestinationGroupPrefix.prefix)
        .join(
            BlockedDestinationGroup,
            BlockedDestinationGroup.group_id == DestinationGroupPrefix.group_id,
        )
        .where(BlockedDestinationGroup.owner_id == client_id)
        .distinct()
        .order_by(DestinationGroupPrefix.prefix)
    )
    return tuple(rows.scalars())


# --- CSV import ------------------------------------------------------------------------------


def check_upload(content: bytes) -> None:
    if not content.strip():
        raise InvalidInputError("The file is empty", errors=[FieldError("empty", field="file")])
    if len(content) > MAX_UPLOAD_BYTES:
        raise InvalidInputError(
            "The file is too large", errors=[FieldError("at most 16 MiB", field="file")]
        )


def _parse(content: bytes) -> Table[ParsedDestination]:
    text = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    return parse_destinations(text)


def line_errors(errors: list[RowError]) -> list[FieldError]:
    """Parser errors as problem-detail entries: each names its CSV line and column."""
    return [FieldError(e.message, field=e.field, line=e.line) for e in errors]


def _rejection(table: Table[Any]) -> InvalidInputError:
    more = f" (the first {len(table.errors)} are listed)" if table.truncated_errors else ""
    if table.file_rejected:
        detail = "The file cannot be read as a destinations CSV; nothing was imported"
    else:
        detail = f"{table.error_count} bad lines{more}; nothing was imported"
    return InvalidInputError(detail, errors=line_errors(table.errors))


_UPSERT = text(
    """
    INSERT INTO destination (id, prefix, name, country, type, created_at, updated_at)
    SELECT id, prefix, name, country, type, now(), now() FROM destination_import
    ON CONFLICT (prefix) DO UPDATE SET name = excluded.name, country = excluded.country,
        type = excluded.type, updated_at = now()
    """
)


async def _store(
    session: AsyncSession, rows: list[ParsedDestination], mode: ImportMode
) -> tuple[int, int]:
    """COPY the rows into a temporary table, then upsert them in one statement (and, for
    ``replace``, delete what they do not list); how many prefixes existed, and were deleted."""
    # Through the session first: it opens the transaction the temporary table lives in.
    await session.execute(
        text(
            "CREATE TEMPORARY TABLE destination_import (id uuid, prefix varchar(20) PRIMARY KEY,"
            " name varchar(200), country varchar(2), type varchar(16)) ON COMMIT DROP"
        )
    )
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    records = [
        (uuid.UUID(bytes=uuid_utils.uuid7().bytes), r.prefix, r.name, r.country, r.type)
        for r in rows
    ]
    await raw.copy_records_to_table(
        "destination_import", records=records, columns=["id", "prefix", "name", "country", "type"]
    )
    existing = (
        await session.execute(
            text("SELECT count(*) FROM destination JOIN destination_import USING (prefix)")
        )
    ).scalar_one()
    deleted = 0
    if mode == "replace":
        gone = await session.execute(
            text(
                "DELETE FROM destination"
                " WHERE prefix NOT IN (SELECT prefix FROM destination_import)"
            )
        )
        deleted = int(gone.rowcount)  # type: ignore[attr-defined]
    await session.execute(_UPSERT)
    await session.execute(text("DROP TABLE destination_import"))
    return int(existing), deleted


async def import_destinations(
    session: AsyncSession, actor: Actor, content: bytes, mode: ImportMode
) -> DestinationImportResult:
    """Add or update every prefix of the file (``replace``: and delete the prefixes it does
    not list) — all in the caller's transaction, or nothing on any bad line."""
    check_upload(content)
    table = await asyncio.to_thread(_parse, content)
    if table.error_count:
        raise _rejection(table)
    rows = table.records
    if not rows:
        raise InvalidInputError(
            "The file has a header but no destinations; nothing was imported",
            errors=[FieldError("no data lines", field="file")],
        )
    existing, deleted = await _store(session, rows, mode)
    result = DestinationImportResult(
        rows=len(rows), created=len(rows) - existing, updated=existing, deleted=deleted
    )
    await _audit(
        session,
        actor,
        "destination.import",
        "import",
        after={"mode": mode, **msgspec.to_builtins(result)},
    )
    return result
