"""Storing imported records: rate each through the one engine, COPY, insert without doubles,
and charge each client once per import job.

Rows go to a temporary table by ``COPY``, then ``INSERT … SELECT … ON CONFLICT (source,
external_id, started_at) DO NOTHING RETURNING``: a record already stored (an earlier import,
or the same record twice in the file) is counted as a duplicate and never charged again. Only
the rows actually inserted are summed into the clients' charges. Everything happens in the
caller's transaction: the job stores all of it or nothing.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import msgspec
import uuid_utils
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import account_for, post_entry
from app.cdrs.csv_records import ParsedCdr
from app.cdrs.owners import Owners, PricingCache
from app.cdrs.partitions import ensure_partitions, month_of
from app.db.models.billing import EntryKind
from app.db.models.cdr import RatingStatus
from app.ratedecks.quote import as_quote
from app.rating import CallRating, InvalidNumberError
from app.rating import RatingStatus as EngineStatus

COLUMNS = (
    "id",
    "started_at",
    "owner_id",
    "reseller_id",
    "source",
    "external_id",
    "sip_user_id",
    "account_code",
    "caller_number",
    "dialled_number",
    "normalized_number",
    "direction",
    "answered_at",
    "ended_at",
    "duration",
    "billable_seconds",
    "disposition",
    "matched_prefix",
    "destination",
    "rate_id",
    "deck_id",
    "deck_version",
    "cost",
    "currency",
    "breakdown",
    "coverage",
    "rating_status",
    "masked",
    "created_at",
)
_BATCH = 50_000
MAX_REFERENCED_IDS = 1000
"""A charge's reference lists the CDR ids it covers up to this many (always their count)."""


def _status(rating: CallRating | None) -> str:
    if rating is None or rating.status in (EngineStatus.UNRATED, EngineStatus.BLOCKED):
        return RatingStatus.UNRATED
    if rating.status == EngineStatus.PENDING_PRICE:
        return RatingStatus.PENDING_PRICE
    return RatingStatus.RATED


async def _rating(record: ParsedCdr, cache: PricingCache, sip_user: Any) -> CallRating | None:
    if sip_user is None or record.direction != "outbound":
        return None
    pricing = await cache.pricing(sip_user)
    if pricing is None:
        return None
    at = record.answered_at or record.started_at
    try:
        return pricing.context.rate(record.dialled_number, at, record.billable_seconds)
    except InvalidNumberError:
        return None


async def record_row(
    record: ParsedCdr,
    source: str,
    owners: Owners,
    cache: PricingCache,
    unassigned_reseller: uuid.UUID | None,
    now: datetime.datetime,
) -> tuple[Any, ...]:
    """One ``COPY`` row: the record, its owner and its rating (as finalize stores them)."""
    sip_user = owners.resolve(record)
    client = None if sip_user is None else owners.clients.get(sip_user.owner_id)
    rating = await _rating(record, cache, sip_user)
    status = _status(rating)
    if record.direction != "outbound" and client is not None:
        status = RatingStatus.EXCLUDED  # inbound and local calls are not priced on import
    quote = None if rating is None else as_quote(rating, rating.currency)
    return (
        uuid.UUID(bytes=uuid_utils.uuid7().bytes),
        record.started_at,
        None if client is None else client.id,
        unassigned_reseller if client is None else client.parent_id,
        source,
        record.external_id,
        None if sip_user is None else sip_user.id,
        record.account_code,
        record.caller_number,
        record.dialled_number,
        None if rating is None else rating.number,
        record.direction,
        record.answered_at,
        record.ended_at,
        record.duration,
        record.billable_seconds,
        record.disposition,
        None if rating is None else rating.matched_prefix,
        None if rating is None else rating.destination,
        None if rating is None or rating.rate_id is None else str(rating.rate_id),
        None if rating is None else _uuid_or_none(rating.deck_id),
        None if rating is None else rating.deck_version,
        None if rating is None else rating.total,
        None if rating is None else rating.currency,
        json.dumps({} if quote is None else msgspec.to_builtins(quote)),
        "{}",
        status,
        False,
        now,
    )


def _uuid_or_none(value: object) -> uuid.UUID | None:
    try:
        return None if value is None else uuid.UUID(str(value))
    except ValueError:
        return None


async def insert_rows(
    session: AsyncSession, rows: list[tuple[Any, ...]], progress: Callable[[int], object]
) -> list[tuple[uuid.UUID, uuid.UUID | None, Decimal | None, str]]:
    """COPY ``rows`` and insert those not stored yet; (id, owner, cost, status) of each new one."""
    await ensure_partitions(session, {month_of(row[1]) for row in rows})
    await session.execute(
        text("CREATE TEMP TABLE cdr_import_rows (LIKE cdr INCLUDING DEFAULTS) ON COMMIT DROP")
    )
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        await raw.copy_records_to_table("cdr_import_rows", records=batch, columns=COLUMNS)
        progress(start + len(batch))
    names = ", ".join(COLUMNS)
    # ORDER BY: of two equal records in one file the first (by line) is the one kept.
    inserted = await session.execute(
        text(
            f"INSERT INTO cdr ({names}) SELECT {names} FROM cdr_import_rows ORDER BY id "  # noqa: S608 (constant column names)
            "ON CONFLICT (source, external_id, started_at) DO NOTHING "
            "RETURNING id, owner_id, cost, rating_status"
        )
    )
    found = [(r[0], r[1], r[2], r[3]) for r in inserted]
    await session.execute(text("DROP TABLE cdr_import_rows"))
    return found


async def charge_clients(
    session: AsyncSession,
    inserted: list[tuple[uuid.UUID, uuid.UUID | None, Decimal | None, str]],
    job_id: uuid.UUID,
    now: datetime.datetime,
) -> list[dict[str, Any]]:
    """One ``usage_charge`` per client for the records this job inserted (key: job + client)."""
    costs: dict[uuid.UUID, Decimal] = defaultdict(Decimal)
    ids: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for cdr_id, owner, cost, _ in inserted:
        if owner is not None and cost:
            costs[owner] += cost
            ids[owner].append(cdr_id)
    charges = []
    for client_id in sorted(costs):
        account = await account_for(session, client_id, lock=True)
        covered = ids[client_id]
        entry = await post_entry(
            session,
            account,
            kind=EntryKind.USAGE_CHARGE,
            amount=-costs[client_id],
            idempotency_key=f"cdr_import:{job_id}:{client_id}",
            at=now,
            note=f"Imported calls ({len(covered)})",
            reference={
                "job_id": str(job_id),
                "cdr_count": len(covered),
                "cdr_ids": [str(i) for i in covered[:MAX_REFERENCED_IDS]],
            },
        )
        await session.execute(
            text("UPDATE cdr SET ledger_entry_id = :entry WHERE id = ANY(:ids)"),
            {"entry": entry.id, "ids": covered},
        )
        charges.append(
            {
                "client_id": str(client_id),
                "amount": str(costs[client_id]),
                "currency": account.currency,
                "cdr_count": len(covered),
                "ledger_entry_id": str(entry.id),
            }
        )
    return charges
