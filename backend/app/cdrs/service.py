"""Reading and deleting CDRs: the filtered selection shared by the list, the failed-calls view,
the CSV export, the summaries, GraphQL and the bulk delete.

Every query runs on the caller's scoped session (``app.lib.scoping``): a client sees its own
records, a reseller its clients' (and the unassigned records of its own imports), staff all.
A time range is always applied (default: the last 30 days, at most 400 days) so PostgreSQL
only scans the monthly partitions it covers.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, fields
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cdrs import keyset
from app.db.models.cdr import Cdr
from app.lib.errors import FieldError, InvalidInputError

DEFAULT_DAYS = 30
MAX_DAYS = 400
EXPORT_BATCH = 2000
ANSWERED = "ANSWERED"


@dataclass(frozen=True, slots=True)
class CdrFilter:
    started_from: datetime.datetime
    started_to: datetime.datetime
    client_id: uuid.UUID | None = None
    sip_user_id: uuid.UUID | None = None
    direction: str | None = None
    rating_status: str | None = None
    disposition: str | None = None
    number: str | None = None
    """A prefix of the dialled (or normalized) number."""
    caller: str | None = None
    """A prefix of the calling number."""
    trunk_id: uuid.UUID | None = None
    cost_min: Decimal | None = None
    cost_max: Decimal | None = None
    source: str | None = None
    unassigned: bool = False
    failed: bool = False
    """Only calls that were not answered (disposition other than ANSWERED)."""

    def narrowing(self) -> dict[str, Any]:
        """The filters set besides the time range (empty: every record of the range)."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name not in ("started_from", "started_to")
            and getattr(self, f.name) not in (None, False)
        }


@dataclass(frozen=True, slots=True)
class CdrSlice:
    """One page: the rows, the cursor of the next page (None at the end) and, when asked, the
    number of rows the whole selection holds."""

    rows: list[Cdr]
    next_cursor: str | None
    total: int | None


def time_range(
    started_from: datetime.datetime | None,
    started_to: datetime.datetime | None,
    now: datetime.datetime,
) -> tuple[datetime.datetime, datetime.datetime]:
    """The range to read: defaults fill in, and an empty or too long range names its field."""
    end = started_to or now
    try:
        start = started_from or end - datetime.timedelta(days=DEFAULT_DAYS)
    except OverflowError:  # year 1: no 30 days before it
        raise InvalidInputError(
            "started_to is out of range",
            errors=[FieldError("out of range: give started_from", field="started_to")],
        ) from None
    if end <= start:
        raise InvalidInputError(
            "started_to must be after started_from",
            errors=[FieldError("must be after started_from", field="started_to")],
        )
    if end - start > datetime.timedelta(days=MAX_DAYS):
        raise InvalidInputError(
            f"A range is at most {MAX_DAYS} days",
            errors=[FieldError(f"at most {MAX_DAYS} days after started_from", field="started_to")],
        )
    return start, end


def _escaped(prefix: str) -> str:
    return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _dialled_prefix(prefix: str) -> ColumnElement[bool]:
    """The dialled or normalized number starts with ``prefix``. A masked record's hidden digits
    are not searchable either: a prefix reaching into its last three digits never matches it,
    so probing digit by digit cannot reveal them."""
    matches = []
    for column, wanted in (
        (Cdr.dialled_number, prefix),
        (Cdr.normalized_number, prefix.removeprefix("+")),
    ):
        visible = or_(Cdr.masked.is_(False), func.length(column) - 3 >= len(wanted))
        matches.append(and_(column.like(_escaped(wanted), escape="\\"), visible))
    return or_(*matches)


def conditions(selection: CdrFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [
        Cdr.started_at >= selection.started_from,
        Cdr.started_at < selection.started_to,
    ]
    if selection.unassigned:
        found.append(Cdr.owner_id.is_(None))
    for column, value in (
        (Cdr.owner_id, selection.client_id),
        (Cdr.sip_user_id, selection.sip_user_id),
        (Cdr.trunk_id, selection.trunk_id),
        (Cdr.direction, selection.direction),
        (Cdr.rating_status, selection.rating_status),
        (Cdr.disposition, selection.disposition),
        (Cdr.source, selection.source),
    ):
        if value is not None:
            found.append(column == value)
    if selection.failed:
        found.append(Cdr.disposition != ANSWERED)
    if selection.cost_min is not None:
        found.append(Cdr.cost >= selection.cost_min)
    if selection.cost_max is not None:
        found.append(Cdr.cost <= selection.cost_max)
    if selection.number:
        found.append(_dialled_prefix(selection.number))
    if selection.caller:
        found.append(Cdr.caller_number.like(_escaped(selection.caller), escape="\\"))
    return found


async def count_cdrs(session: AsyncSession, selection: CdrFilter) -> int:
    query = select(func.count()).select_from(Cdr).where(*conditions(selection))
    return int((await session.execute(query)).scalar_one())


async def list_cdrs(
    session: AsyncSession,
    selection: CdrFilter,
    *,
    sort: str,
    limit: int,
    cursor: str | None = None,
    offset: int = 0,
    with_total: bool = False,
) -> CdrSlice:
    """A page of the selection: after ``cursor`` (keyset) or, for old callers, at ``offset``.

    One row more than asked is read to know whether a next page exists, so the last page
    carries no cursor.
    """
    where = conditions(selection)
    if cursor is not None:
        where.append(keyset.after(cursor, sort))
    query = keyset.ordered(select(Cdr).where(*where), sort).limit(limit + 1).offset(offset)
    rows = list((await session.execute(query)).scalars().all())
    more = len(rows) > limit
    rows = rows[:limit]
    total = await count_cdrs(session, selection) if with_total else None
    next_cursor = keyset.encode(sort, rows[-1]) if more and rows else None
    return CdrSlice(rows, next_cursor, total)


async def stream_cdrs(
    session: AsyncSession, selection: CdrFilter, *, sort: str
) -> AsyncIterator[list[Cdr]]:
    """The whole selection in batches, read through a server-side cursor."""
    query = keyset.ordered(select(Cdr).where(*conditions(selection)), sort)
    result = await session.stream(query.execution_options(yield_per=EXPORT_BATCH))
    async for batch in result.scalars().partitions():
        yield list(batch)


async def delete_cdrs(session: AsyncSession, selection: CdrFilter, *, confirm_all: bool) -> int:
    """Delete the selection within the caller's reach; the number of records deleted.

    A selection narrowed by nothing but its time range deletes every record of the range within
    reach, so it needs ``confirm_all``. Ledger entries are never touched: money that moved
    stays recorded (docs/ledger.md), as does the re-rating history.
    """
    if not selection.narrowing() and not confirm_all:
        message = "no filter narrows the range: set confirm_all to delete every record in it"
        raise InvalidInputError(message, errors=[FieldError(message, field="confirm_all")])
    statement = (
        delete(Cdr).where(*conditions(selection)).execution_options(synchronize_session=False)
    )
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)
