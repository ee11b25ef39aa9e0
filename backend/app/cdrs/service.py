"""Reading CDRs: the filtered selection shared by the list, the CSV export and the summaries.

Every query runs on the caller's scoped session (``app.lib.scoping``): a client sees its own
records, a reseller its clients' (and the unassigned records of its own imports), staff all.
A time range is always applied (default: the last 30 days, at most 400 days) so PostgreSQL
only scans the monthly partitions it covers.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cdrs.schemas import Period, SummaryRow
from app.db.models.cdr import Cdr
from app.lib.errors import FieldError, InvalidInputError

DEFAULT_DAYS = 30
MAX_DAYS = 400
EXPORT_BATCH = 2000


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
    unassigned: bool = False


def time_range(
    started_from: datetime.datetime | None,
    started_to: datetime.datetime | None,
    now: datetime.datetime,
) -> tuple[datetime.datetime, datetime.datetime]:
    """The range to read: defaults fill in, and an empty or too long range names its field."""
    end = started_to or now
    start = started_from or end - datetime.timedelta(days=DEFAULT_DAYS)
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


def conditions(selection: CdrFilter) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [
        Cdr.started_at >= selection.started_from,
        Cdr.started_at < selection.started_to,
    ]
    if selection.unassigned:
        found.append(Cdr.owner_id.is_(None))
    if selection.client_id is not None:
        found.append(Cdr.owner_id == selection.client_id)
    if selection.sip_user_id is not None:
        found.append(Cdr.sip_user_id == selection.sip_user_id)
    for column, value in (
        (Cdr.direction, selection.direction),
        (Cdr.rating_status, selection.rating_status),
        (Cdr.disposition, selection.disposition),
    ):
        if value is not None:
            found.append(column == value)
    if selection.number:
        pattern = _escaped(selection.number)
        found.append(
            or_(
                Cdr.dialled_number.like(pattern, escape="\\"),
                Cdr.normalized_number.like(pattern.removeprefix("+"), escape="\\"),
            )
        )
    return found


def ordered(query: Select[Any], sort: str) -> Select[Any]:
    descending = sort.startswith("-")
    column = Cdr.cost if sort.lstrip("-") == "cost" else Cdr.started_at
    if descending:
        return query.order_by(column.desc().nulls_last(), Cdr.id.desc())
    return query.order_by(column.asc().nulls_last(), Cdr.id.asc())


async def list_cdrs(
    session: AsyncSession, selection: CdrFilter, *, sort: str, limit: int, offset: int
) -> tuple[list[Cdr], int]:
    where = conditions(selection)
    total = (await session.execute(select(func.count()).select_from(Cdr).where(*where))).scalar()
    query = ordered(select(Cdr).where(*where), sort).limit(limit).offset(offset)
    rows = (await session.execute(query)).scalars().all()
    return list(rows), int(total or 0)


async def stream_cdrs(
    session: AsyncSession, selection: CdrFilter, *, sort: str
) -> AsyncIterator[list[Cdr]]:
    """The whole selection in batches, read through a server-side cursor."""
    query = ordered(select(Cdr).where(*conditions(selection)), sort)
    result = await session.stream(query.execution_options(yield_per=EXPORT_BATCH))
    async for batch in result.scalars().partitions():
        yield list(batch)


_FORMATS = {"day": "YYYY-MM-DD", "month": "YYYY-MM"}
_MINUTES = Decimal("0.01")


async def summarize(
    session: AsyncSession, selection: CdrFilter, *, period: Period, timezone: str
) -> list[SummaryRow]:
    """Calls, billable time and cost per local day or month of ``timezone`` and currency."""
    local = func.timezone(timezone, Cdr.started_at)
    label = func.to_char(func.date_trunc(period, local), _FORMATS[period]).label("period")
    query = (
        select(
            label,
            Cdr.currency,
            func.count(),
            func.coalesce(func.sum(Cdr.billable_seconds), 0),
            func.coalesce(func.sum(Cdr.cost), 0),
        )
        .select_from(Cdr)
        .where(*conditions(selection))
        .group_by(label, Cdr.currency)
        .order_by(label, Cdr.currency.nulls_last())
    )
    rows = []
    for name, currency, calls, seconds, cost in (await session.execute(query)).all():
        minutes = (Decimal(int(seconds)) / 60).quantize(_MINUTES, rounding=ROUND_HALF_UP)
        rows.append(
            SummaryRow(
                period=name,
                currency=currency,
                calls=int(calls),
                billable_seconds=int(seconds),
                billable_minutes=minutes,
                cost=Decimal(cost),
            )
        )
    return rows
