"""Storing built rows: never a record twice, and each client charged once per batch.

In the caller's transaction:

1. an advisory lock on the source serializes the batches of one source (two concurrent pulls
   or pushes of it can never both store a record);
2. records already stored are found: when no record of the source lies between the batch's
   first and last start (the common case of new records) there are none; otherwise the
   batch's keys go to a temporary table by ``COPY`` and are joined with ``cdr`` on the unique
   key ``(source, external_id, started_at)``;
3. the new records of clients whose plan has allowances draw them (``app.cdrs.allowances``:
   their cost becomes the overflow's, their coverage what covered them);
4. the new records' costs are summed per client and posted as **one** ``usage_charge`` per
   client (idempotency key ``<batch key>:<client id>``);
5. the new rows — each with its charge's ledger entry id — are ``COPY``-ed straight into
   ``cdr`` (the unique constraint still stands guard: a collision fails the whole batch).

A failed batch leaves neither records without charges nor charges without records.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import account_for, post_entry
from app.bundles import ClientAllowances
from app.cdrs.allowances import draw_allowances
from app.cdrs.partitions import ensure_partitions, month_of
from app.cdrs.rows import COLUMNS, COST, EXTERNAL, OWNER, STARTED, STATUS, Draws
from app.db.models.billing import EntryKind
from app.db.models.cdr import RatingStatus

BATCH = 50_000
MAX_REFERENCED_IDS = 1000
"""A charge's reference lists the CDR ids it covers up to this many (always their count)."""
STORED_COLUMNS = (*COLUMNS, "ledger_entry_id")


@dataclass
class Stored:
    rows: int = 0
    duplicates: int = 0
    unassigned: int = 0
    rated: int = 0
    excluded: int = 0
    charges: list[dict[str, Any]] = field(default_factory=list)


async def _driver(session: AsyncSession) -> Any:
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    return raw


async def anything_stored(
    session: AsyncSession, source: str, first: datetime.datetime, last: datetime.datetime
) -> bool:
    """Whether ``source`` has any record that started between ``first`` and ``last``."""
    found = await session.execute(
        text(
            "SELECT EXISTS (SELECT 1 FROM cdr WHERE source = :source "
            "AND started_at BETWEEN :first AND :last)"
        ),
        {"source": source, "first": first, "last": last},
    )
    return bool(found.scalar_one())


async def _stored_keys(
    session: AsyncSession, source: str, rows: Sequence[tuple[Any, ...]], check: bool | None
) -> set[tuple[str, datetime.datetime]]:
    """Keys of ``rows`` already in ``cdr``. ``check`` False: the caller knows there are none
    (nothing of the source was stored in the import's range before it began); None: find out."""
    first = min(row[STARTED] for row in rows)
    last = max(row[STARTED] for row in rows)
    bounds = {"source": source, "first": first, "last": last}
    if check is False or (
        check is None and not await anything_stored(session, source, first, last)
    ):
        return set()
    await session.execute(
        text(
            "CREATE TEMP TABLE cdr_batch_keys (external_id varchar(128), started_at timestamptz)"
            " ON COMMIT DROP"
        )
    )
    raw = await _driver(session)
    await raw.copy_records_to_table(
        "cdr_batch_keys", records=[(row[EXTERNAL], row[STARTED]) for row in rows]
    )
    found = await session.execute(
        text(
            "SELECT k.external_id, k.started_at FROM cdr_batch_keys k JOIN cdr c "
            "ON c.source = :source AND c.external_id = k.external_id "
            "AND c.started_at = k.started_at "
            "WHERE c.started_at BETWEEN :first AND :last"
        ),
        bounds,
    )
    keys = {(external, started) for external, started in found.all()}
    await session.execute(text("DROP TABLE cdr_batch_keys"))
    return keys


async def _charge(
    session: AsyncSession,
    rows: Sequence[tuple[Any, ...]],
    batch_key: str,
    reference: dict[str, Any],
    now: datetime.datetime,
) -> tuple[dict[Any, uuid.UUID], list[dict[str, Any]]]:
    """One ``usage_charge`` per client over its priced rows; client → ledger entry id."""
    costs: dict[Any, Decimal] = defaultdict(Decimal)
    ids: dict[Any, list[str]] = defaultdict(list)
    counts: dict[Any, int] = defaultdict(int)
    for row in rows:
        cost = row[COST]
        if cost:
            owner = row[OWNER]
            costs[owner] += cost
            counts[owner] += 1
            if counts[owner] <= MAX_REFERENCED_IDS:
                ids[owner].append(str(row[0]))
    entries: dict[Any, uuid.UUID] = {}
    charges = []
    for client_id in sorted(costs, key=str):
        account = await account_for(session, client_id, lock=True)
        entry = await post_entry(
            session,
            account,
            kind=EntryKind.USAGE_CHARGE,
            amount=-costs[client_id],
            idempotency_key=f"{batch_key}:{client_id}",
            at=now,
            note=f"Imported calls ({counts[client_id]})",
            reference={**reference, "cdr_count": counts[client_id], "cdr_ids": ids[client_id]},
        )
        entries[client_id] = entry.id
        charges.append(
            {
                "client_id": str(client_id),
                "amount": str(costs[client_id]),
                "currency": account.currency,
                "cdr_count": counts[client_id],
                "ledger_entry_id": str(entry.id),
            }
        )
    return entries, charges


async def lock_source(session: AsyncSession, source: str) -> None:
    """Serialize the batches of one source until the transaction ends (re-entrant)."""
    await session.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"cdr_source:{source}"},
    )


async def store_rows(
    session: AsyncSession,
    rows: list[tuple[Any, ...]],
    *,
    source: str,
    batch_key: str,
    reference: dict[str, Any],
    now: datetime.datetime,
    progress: Callable[[int], object] = lambda done: None,
    check_stored: bool | None = None,
    draws: Draws | None = None,
    allowances: Mapping[uuid.UUID, ClientAllowances] | None = None,
) -> Stored:
    """Store the rows not stored yet and charge them (see the module docstring).

    ``check_stored``: None looks for stored duplicates; True/False says whether the import's
    range held records of the source before the import began (False: none can collide, as
    repeats within the import are already dropped in memory). ``draws``/``allowances``: the
    rows that may draw an allowance and their clients' allowances (only new rows draw).
    """
    if not rows:
        return Stored()
    await lock_source(session, source)
    await ensure_partitions(session, {month_of(row[STARTED]) for row in rows})
    stored = await _stored_keys(session, source, rows, check_stored)
    fresh = [r for r in rows if (r[EXTERNAL], r[STARTED]) not in stored] if stored else rows
    if draws and allowances:
        fresh = await draw_allowances(session, fresh, draws, allowances)
    entries, charges = await _charge(session, fresh, batch_key, reference, now)
    raw = await _driver(session)
    get = entries.get
    for start in range(0, len(fresh), BATCH):
        batch = fresh[start : start + BATCH]
        await raw.copy_records_to_table(
            "cdr",
            records=[(*row, get(row[OWNER]) if row[COST] else None) for row in batch],
            columns=STORED_COLUMNS,
        )
        progress(start + len(batch))
    statuses = [row[STATUS] for row in fresh]
    return Stored(
        rows=len(fresh),
        duplicates=len(rows) - len(fresh),
        unassigned=sum(1 for row in fresh if row[OWNER] is None),
        rated=statuses.count(RatingStatus.RATED),
        excluded=statuses.count(RatingStatus.EXCLUDED),
        charges=charges,
    )
