"""The set-based half of re-rating: changed ratings are ``COPY``-ed into a temporary table as
they are computed, then one ``INSERT … SELECT`` keeps the old ratings in
``cdr_rating_history`` and one ``UPDATE … FROM`` writes the new ones (both in the job's
transaction, after the clients' adjustments are posted, so each history row names its entry).
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.cdrs.reprice import Repriced

TABLE = "cdr_rerate_rows"
COLUMNS = (
    "id",
    "started_at",
    "owner_id",
    "normalized_number",
    "matched_prefix",
    "destination",
    "rate_id",
    "deck_id",
    "deck_version",
    "cost",
    "currency",
    "breakdown",
    "rating_status",
)


async def create_work_tables(session: AsyncSession) -> None:
    await session.execute(
        text(
            f"CREATE TEMP TABLE {TABLE} (id uuid, started_at timestamptz, owner_id uuid, "
            "normalized_number varchar(64), matched_prefix varchar(20), "
            "destination varchar(200), rate_id varchar(64), deck_id uuid, deck_version int, "
            "cost numeric(18, 6), currency varchar(3), breakdown jsonb, "
            "rating_status varchar(16)) ON COMMIT DROP"
        )
    )


def change_row(
    cdr_id: uuid.UUID, started_at: datetime.datetime, owner_id: uuid.UUID, new: Repriced
) -> tuple[Any, ...]:
    return (
        cdr_id,
        started_at,
        owner_id,
        new.normalized_number,
        new.matched_prefix,
        new.destination,
        new.rate_id,
        new.deck_id,
        new.deck_version,
        new.cost,
        new.currency,
        json.dumps(new.breakdown),
        new.rating_status,
    )


async def copy_changes(session: AsyncSession, rows: list[tuple[Any, ...]]) -> None:
    if not rows:
        return
    raw = (await (await session.connection()).get_raw_connection()).driver_connection
    assert raw is not None
    await raw.copy_records_to_table(TABLE, records=rows, columns=COLUMNS)


_ENTRIES = (
    "LEFT JOIN unnest(CAST(:owners AS uuid[]), CAST(:entries AS uuid[])) "
    "AS e(owner_id, entry_id) ON e.owner_id = t.owner_id"
)

_HISTORY = f"""
INSERT INTO cdr_rating_history (
    id, cdr_id, started_at, job_id, owner_id, reseller_id,
    old_rating_status, old_cost, old_currency, old_rate_id, old_deck_id, old_deck_version,
    old_matched_prefix, old_breakdown, new_rating_status, new_cost, new_deck_version,
    ledger_entry_id, at)
SELECT gen_random_uuid(), c.id, c.started_at, :job, c.owner_id, c.reseller_id,
    c.rating_status, c.cost, c.currency, c.rate_id, c.deck_id, c.deck_version,
    c.matched_prefix, c.breakdown, t.rating_status, t.cost, t.deck_version,
    e.entry_id, :now
FROM {TABLE} t
JOIN cdr c ON c.id = t.id AND c.started_at = t.started_at
{_ENTRIES}
"""  # noqa: S608 (constant names)

_UPDATE = f"""
UPDATE cdr AS c SET
    normalized_number = t.normalized_number, matched_prefix = t.matched_prefix,
    destination = t.destination, rate_id = t.rate_id, deck_id = t.deck_id,
    deck_version = t.deck_version, cost = t.cost, currency = t.currency,
    breakdown = t.breakdown, rating_status = t.rating_status,
    ledger_entry_id = COALESCE(c.ledger_entry_id, e.entry_id)
FROM {TABLE} t
{_ENTRIES}
WHERE c.id = t.id AND c.started_at = t.started_at
"""  # noqa: S608 (constant names)


async def apply_changes(
    session: AsyncSession,
    job_id: uuid.UUID,
    entries: dict[uuid.UUID, uuid.UUID],
    now: datetime.datetime,
) -> None:
    """Keep the old ratings, then write the new ones; a record that had no charge yet (a
    late-billed call now priced) points at its client's adjustment."""
    await session.execute(text(f"ANALYZE {TABLE}"))
    owners = list(entries)
    params = {"owners": owners, "entries": [entries[o] for o in owners]}
    await session.execute(text(_HISTORY), {**params, "job": job_id, "now": now})
    await session.execute(text(_UPDATE), params)
