"""The CSV export of a CDR selection: a header row, then one line per record, streamed.

Times are UTC ISO 8601 (``2026-01-15T10:00:00Z``); money is a decimal string, never a float;
masked numbers stay masked.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import AsyncIterator, Iterable

from app.cdrs.schemas import mask
from app.db.models.cdr import Cdr

HEADER = (
    "id",
    "started_at",
    "answered_at",
    "ended_at",
    "client_id",
    "sip_user_id",
    "source",
    "external_id",
    "account_code",
    "caller_number",
    "dialled_number",
    "normalized_number",
    "direction",
    "duration",
    "billable_seconds",
    "disposition",
    "matched_prefix",
    "destination",
    "cost",
    "currency",
    "rating_status",
)


def utc(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")


def _line(cdr: Cdr) -> list[object]:
    return [
        cdr.id,
        utc(cdr.started_at),
        utc(cdr.answered_at),
        utc(cdr.ended_at),
        cdr.owner_id or "",
        cdr.sip_user_id or "",
        cdr.source,
        cdr.external_id,
        cdr.account_code or "",
        cdr.caller_number or "",
        mask(cdr.dialled_number, cdr.masked),
        mask(cdr.normalized_number, cdr.masked) or "",
        cdr.direction,
        cdr.duration,
        cdr.billable_seconds,
        cdr.disposition,
        cdr.matched_prefix or "",
        cdr.destination or "",
        "" if cdr.cost is None else f"{cdr.cost:f}",
        cdr.currency or "",
        cdr.rating_status,
    ]


def render(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


async def csv_chunks(batches: AsyncIterator[list[Cdr]]) -> AsyncIterator[str]:
    yield render([HEADER])
    async for batch in batches:
        yield render(_line(cdr) for cdr in batch)
