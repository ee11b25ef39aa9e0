"""The one ingest pipeline every import path shares: own → filter → rate → store → charge.

CSV and Master.csv uploads, FreeSWITCH pushes, FreePBX and Vodia pulls all parse their input
into :class:`~app.cdrs.csv_records.ParsedCdr` records and hand them to :func:`ingest`, in the
caller's transaction (so a pull can move its cursor in the same commit as the records).
"""

from __future__ import annotations

import asyncio
import datetime
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cdrs.allowances import load_drawing
from app.cdrs.csv_records import ParsedCdr
from app.cdrs.owners import load_owners, load_pricing
from app.cdrs.partitions import ensure_partitions, month_of
from app.cdrs.rows import Built, Owned, RowBuilder
from app.cdrs.rules import load_rules
from app.cdrs.store import Stored, anything_stored, lock_source, store_rows
from app.db.models.cdr_source import CdrSource
from app.db.models.user import User
from app.lib.access import Role

CHARGE_BATCH = 200_000
"""Records per stored batch: each batch's clients are charged once (one ledger entry each)."""
THREAD_THRESHOLD = 20_000
"""Batches at least this big are owned and rated in a thread (the event loop stays free)."""


@dataclass(frozen=True, slots=True)
class IngestTarget:
    """Where records go and on whose behalf: the source name, the registered source (if any),
    the importer (bounds which clients may be matched), the charge's batch key and time."""

    source: str
    importer: User
    batch_key: str
    now: datetime.datetime
    source_id: uuid.UUID | None = None
    reference: dict[str, Any] = field(default_factory=dict)


@dataclass
class Timings:
    rate_seconds: float = 0.0
    store_seconds: float = 0.0


async def source_named(session: AsyncSession, name: str) -> CdrSource | None:
    """The registered source of this name (its rules and numbers apply), if any."""
    found = await session.execute(select(CdrSource).where(CdrSource.name == name))
    return found.scalar_one_or_none()


async def _maybe_thread(size: int, fn: Callable[[], Any]) -> Any:
    return await asyncio.to_thread(fn) if size >= THREAD_THRESHOLD else fn()


async def _prepare(
    session: AsyncSession, records: Sequence[ParsedCdr], target: IngestTarget
) -> tuple[RowBuilder, Owned]:
    """Owners, rules and pricing of this import, and each record's owner and rule verdict."""
    importer = target.importer
    owners = await load_owners(session, importer, target.source_id)
    rules = await load_rules(session, target.source_id)
    reseller = importer.id if importer.role == Role.RESELLER else None
    builder = RowBuilder(target.source, owners, rules, reseller, target.now)
    owned: Owned = await _maybe_thread(len(records), lambda: builder.own(records))
    await load_pricing(session, owned.needs_pricing.values())
    priced = (o.client_id for o in owned.needs_pricing.values() if o.context is not None)
    builder.allowances = await load_drawing(session, priced)
    builder.drawing = frozenset(builder.allowances)
    return builder, owned


async def ingest(
    session: AsyncSession,
    records: Sequence[ParsedCdr],
    target: IngestTarget,
    progress: Callable[[int], object] = lambda done: None,
    timings: Timings | None = None,
) -> dict[str, Any]:
    """Own, filter, rate, store and charge ``records`` (a system session, the caller commits).

    Records are stored in batches of :data:`CHARGE_BATCH`: each batch's clients are charged
    once (one ledger entry per client per batch). While one batch is being written the next
    is rated in a thread, so the database and the rating work side by side.

    The result counts what happened: ``records``, ``stored``, ``duplicates`` (already stored,
    or repeated in the input), ``suppressed``, ``excluded``, ``unassigned``, ``rated`` and the
    ``charges``.
    """
    timings = timings or Timings()
    started = time.perf_counter()
    builder, owned = await _prepare(session, records, target)
    timings.rate_seconds += time.perf_counter() - started
    batches = len(range(0, len(records), CHARGE_BATCH))

    def build(start: int) -> tuple[Built, float]:
        began = time.perf_counter()
        built = builder.rows(records[start : start + CHARGE_BATCH], owned, start)
        return built, time.perf_counter() - began

    # Before anything of this import is stored: did its range hold records of the source?
    # If not, no batch can meet a stored duplicate (repeats within it are dropped in memory).
    check = None
    if records:
        await lock_source(session, target.source)
        # Partitions first: creating one (on its own connection) waits for every transaction
        # that has read ``cdr``, this one included.
        await ensure_partitions(session, {month_of(record.started_at) for record in records})
        first = min(record.started_at for record in records)
        last = max(record.started_at for record in records)
        check = await anything_stored(session, target.source, first, last)
    total: dict[str, Any] = {"records": len(records), "suppressed": owned.suppressed}
    merge_results(total, _counts(Stored(), 0))
    pending = asyncio.ensure_future(_maybe_thread(len(records), lambda: build(0)))
    try:
        for number in range(1, batches + 1):
            built, spent = await pending
            timings.rate_seconds += spent
            if number < batches:  # rate the next batch while this one is written
                pending = asyncio.ensure_future(asyncio.to_thread(build, number * CHARGE_BATCH))
            began = time.perf_counter()
            single = batches == 1
            stored = await store_rows(
                session,
                built.rows,
                source=target.source,
                batch_key=target.batch_key if single else f"{target.batch_key}:{number}",
                reference=target.reference if single else {**target.reference, "batch": number},
                now=target.now,
                progress=_offset(progress, total["stored"]),
                check_stored=check,
                draws=built.draws,
                allowances=builder.allowances,
            )
            timings.store_seconds += time.perf_counter() - began
            merge_results(total, _counts(stored, built.in_file_duplicates))
    finally:
        pending.cancel()
    return total


def _offset(progress: Callable[[int], object], base: int) -> Callable[[int], object]:
    return lambda rows: progress(base + rows)


def _counts(stored: Stored, in_file_duplicates: int) -> dict[str, Any]:
    return {
        "stored": stored.rows,
        "duplicates": stored.duplicates + in_file_duplicates,
        "excluded": stored.excluded,
        "unassigned": stored.unassigned,
        "rated": stored.rated,
        "charges": stored.charges,
    }


def merge_results(
    total: dict[str, Any], part: dict[str, Any], *, whole: bool = False
) -> dict[str, Any]:
    """Add one batch's result to a running total (``whole``: ``part`` is a whole ingest's)."""
    if whole:
        for name in ("records", "suppressed"):
            total[name] = total.get(name, 0) + part.get(name, 0)
    for name in ("stored", "duplicates", "excluded", "unassigned"):
        total[name] = total.get(name, 0) + part.get(name, 0)
    total["rated"] = total.get("rated", 0) + part.get("rated", 0)
    total["charges"] = [*total.get("charges", []), *part.get("charges", [])]
    return total
