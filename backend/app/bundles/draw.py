"""Drawing allowances in the database: one locked counter per client, allowance and period.

The counter row (``allowance_usage``, unique on client + allowance + period start) is upserted
with ``INSERT … ON CONFLICT DO UPDATE … RETURNING``, which takes its row lock: a second
transaction drawing the same counter waits until the first commits and then sees its total,
so concurrent calls never overdraw. Counters are locked in a fixed order (allowance id, period
start), so two imports drawing several counters cannot deadlock. Everything happens in the
caller's transaction (finalize's, the import job's): the draw commits or rolls back with the
charge and the CDR.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import uuid_utils
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.bundles.allowances import (
    Allowance,
    AllowanceSet,
    Counter,
    Target,
    draw_calls,
    match_draws_allowance,
    period_bounds,
    targets,
)
from app.bundles.coverage import Coverage, coverage_of
from app.db.models.bundle import AllowanceUsage, PlanAllowance
from app.db.models.destination import DestinationGroup, DestinationGroupPrefix
from app.db.models.plan import Plan
from app.db.models.user import User
from app.lib.errors import NotFoundError
from app.lib.scoping import unscoped
from app.rating import CallRating, RateMatch

_LOCK = text(
    "INSERT INTO allowance_usage (id, owner_id, reseller_id, allowance_id, period_start, "
    "period_end, used_seconds, created_at, updated_at) "
    "VALUES (:id, :owner, :reseller, :allowance, :start, :end, 0, now(), now()) "
    "ON CONFLICT (owner_id, allowance_id, period_start) "
    "DO UPDATE SET used_seconds = allowance_usage.used_seconds "
    "RETURNING used_seconds"
)
# The same lock and read for call control, which runs its statements on a plain asyncpg
# connection (app.calls.store): $1 id, $2 owner, $3 reseller, $4 allowance, $5 start, $6 end.
COUNTER_LOCK_SQL = (
    "INSERT INTO allowance_usage (id, owner_id, reseller_id, allowance_id, period_start, "
    "period_end, used_seconds, created_at, updated_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, 0, now(), now()) "
    "ON CONFLICT (owner_id, allowance_id, period_start) "
    "DO UPDATE SET used_seconds = allowance_usage.used_seconds "
    "RETURNING used_seconds"
)
COUNTER_USED_SQL = (
    "SELECT used_seconds FROM allowance_usage "
    "WHERE owner_id = $1 AND allowance_id = $2 AND period_start = $3"
)
_STORE = text(
    "UPDATE allowance_usage SET used_seconds = :used, updated_at = now() "
    "WHERE owner_id = :owner AND allowance_id = :allowance AND period_start = :start"
)


@dataclass(frozen=True, slots=True)
class ClientAllowances:
    """What drawing needs to know about one client, loaded once (reuse it for a batch)."""

    client_id: uuid.UUID
    reseller_id: uuid.UUID | None
    timezone: ZoneInfo
    country_code: str
    allowances: AllowanceSet


async def load_client_allowances(session: AsyncSession, client_id: uuid.UUID) -> ClientAllowances:
    """The client's plan allowances with their groups' prefixes (read across tenants: a plan
    is usually staff-owned while the session may be the client's)."""
    with unscoped(session):
        client = await session.get(User, client_id)
        if client is None:
            raise NotFoundError(f"No client {client_id}")
        plan = None if client.plan_id is None else await session.get(Plan, client.plan_id)
    return await plan_allowances(session, client, plan)


async def plan_allowances(
    session: AsyncSession, client: User, plan: Plan | None
) -> ClientAllowances:
    """``load_client_allowances`` for a client and plan already read (call control's cache)."""
    with unscoped(session):
        found = [] if plan is None else await _plan_allowances(session, plan.id)
    zone = _zone(client.timezone)
    country = "" if plan is None else plan.country_code
    return ClientAllowances(client.id, client.parent_id, zone, country, AllowanceSet(found))


async def _plan_allowances(session: AsyncSession, plan_id: uuid.UUID) -> list[Allowance]:
    rows = (
        await session.execute(
            select(PlanAllowance, DestinationGroup.name)
            .join(DestinationGroup, DestinationGroup.id == PlanAllowance.group_id)
            .where(PlanAllowance.plan_id == plan_id)
            .order_by(PlanAllowance.id)
        )
    ).all()
    if not rows:
        return []
    prefixes: dict[uuid.UUID, list[str]] = {row[0].group_id: [] for row in rows}
    found = await session.execute(
        select(DestinationGroupPrefix.group_id, DestinationGroupPrefix.prefix).where(
            DestinationGroupPrefix.group_id.in_(list(prefixes))
        )
    )
    for group_id, prefix in found:
        prefixes[group_id].append(prefix)
    return [
        Allowance(a.id, a.group_id, name, a.seconds, a.period, tuple(prefixes[a.group_id]))  # type: ignore[arg-type]
        for a, name in rows
    ]


def _zone(name: str | ZoneInfo) -> ZoneInfo:
    return name if isinstance(name, ZoneInfo) else ZoneInfo(name)


async def _lock_counters(
    session: AsyncSession, client: ClientAllowances, counters: dict[Counter, datetime.datetime]
) -> dict[Counter, int]:
    """Upsert and lock each counter (in key order); its used seconds as now committed."""
    used: dict[Counter, int] = {}
    for key in sorted(counters):
        allowance_id, start = key
        result = await session.execute(
            _LOCK,
            {
                "id": uuid.UUID(bytes=uuid_utils.uuid7().bytes),
                "owner": client.client_id,
                "reseller": client.reseller_id,
                "allowance": allowance_id,
                "start": start,
                "end": counters[key],
            },
        )
        used[key] = int(result.scalar_one())
    return used


async def apply_allowances_bulk(
    session: AsyncSession,
    client: ClientAllowances,
    calls: Sequence[tuple[CallRating, datetime.datetime]],
) -> list[Coverage]:
    """Draw the allowances of many calls of one client; one ``Coverage`` per call, in input
    order. Calls draw in time order (``at``: the answer time), each counter is locked once.

    Invariants (``allowances.draw_calls``): no counter ever holds more than its allowance;
    ``covered + overflow == billed`` for every call; calls that cannot draw keep their engine
    price. Calls already stored must not be passed again (they would draw twice).
    """
    where = targets(client.allowances, client.timezone, calls)
    counters = {t.counter: t.end for t in where if t is not None}
    used = await _lock_counters(session, client, counters) if counters else {}
    before = dict(used)
    draws = draw_calls(calls, where, used)
    changed = [
        {"used": used[k], "owner": client.client_id, "allowance": k[0], "start": k[1]}
        for k in sorted(used)
        if used[k] != before[k]
    ]
    if changed:
        await session.execute(_STORE, changed)
    results = []
    for (rating, _), draw in zip(calls, draws, strict=True):
        target = draw.target
        allowance, start = (None, None) if target is None else (target.allowance, target.start)
        results.append(coverage_of(rating, draw.split, client.country_code, allowance, start))
    return results


async def apply_allowances(
    session: AsyncSession,
    client_id: uuid.UUID,
    call: CallRating,
    at: datetime.datetime,
    tz: str | ZoneInfo | None = None,
    *,
    allowances: ClientAllowances | None = None,
) -> Coverage:
    """Draw the allowance of one call (finalize): lock its counter, split the call, store the
    new total, and return what to charge and what to store in ``cdr.coverage``.

    ``tz`` overrides the client's timezone (None: the client's own); ``allowances`` reuses an
    already loaded ``ClientAllowances`` (a cache), else it is loaded here.
    """
    client = allowances or await load_client_allowances(session, client_id)
    if tz is not None:
        client = ClientAllowances(
            client.client_id, client.reseller_id, _zone(tz), client.country_code, client.allowances
        )
    return (await apply_allowances_bulk(session, client, [(call, at)]))[0]


async def remaining_allowance_seconds(
    session: AsyncSession,
    client_id: uuid.UUID,
    group_id: uuid.UUID,
    at: datetime.datetime,
    tz: str | ZoneInfo | None = None,
    *,
    allowances: ClientAllowances | None = None,
) -> int:
    """Allowance seconds of ``group_id`` the client has left in the period containing ``at``
    (0 without such an allowance). Reads without locking: for authorize's estimate."""
    client = allowances or await load_client_allowances(session, client_id)
    found = next((a for a in client.allowances.allowances if a.group_id == group_id), None)
    if found is None:
        return 0
    return await _remaining(session, client, found, at, _zone(tz or client.timezone))


async def _remaining(
    session: AsyncSession,
    client: ClientAllowances,
    allowance: Allowance,
    at: datetime.datetime,
    zone: ZoneInfo,
) -> int:
    start, _ = period_bounds(at, zone, allowance.period)
    with unscoped(session):
        used = (
            await session.execute(
                select(AllowanceUsage.used_seconds).where(
                    AllowanceUsage.owner_id == client.client_id,
                    AllowanceUsage.allowance_id == allowance.allowance_id,
                    AllowanceUsage.period_start == start,
                )
            )
        ).scalar_one_or_none()
    return max(0, allowance.seconds - (used or 0))


async def free_seconds_for_call(
    session: AsyncSession,
    client_id: uuid.UUID,
    match: RateMatch,
    at: datetime.datetime,
    *,
    allowances: ClientAllowances | None = None,
) -> int:
    """Authorize's free time: the remaining allowance the matched call would draw (0 when it
    cannot draw). Feed it to ``app.rating.max_duration_with_allowance``."""
    if not match_draws_allowance(match):
        return 0
    client = allowances or await load_client_allowances(session, client_id)
    found = free_target(client, match, at)
    if found is None:
        return 0
    return await _remaining(session, client, found.allowance, at, client.timezone)


def free_target(client: ClientAllowances, match: RateMatch, at: datetime.datetime) -> Target | None:
    """The counter a call with ``match`` starting at ``at`` would draw from (None: it cannot
    draw). Pure: with the counter's used seconds, ``remaining_of`` gives authorize's free time
    (call control reads that one row itself, on its own connection)."""
    if not client.allowances or not match_draws_allowance(match):
        return None
    found = client.allowances.for_number(match.number)
    if found is None:
        return None
    return Target(found, *period_bounds(at, client.timezone, found.period))


def remaining_of(target: Target, used_seconds: int | None) -> int:
    """Seconds left on ``target``'s counter holding ``used_seconds`` (None: no row yet)."""
    return max(0, target.allowance.seconds - (used_seconds or 0))


def call_target(
    client: ClientAllowances, rating: CallRating, at: datetime.datetime
) -> Target | None:
    """The counter a priced call answered at ``at`` draws from (None: it does not draw)."""
    return targets(client.allowances, client.timezone, [(rating, at)])[0]


async def update_cdr_coverage(
    session: AsyncSession,
    rows: Sequence[tuple[uuid.UUID, datetime.datetime, Decimal | None, dict[str, Any]]],
) -> None:
    """Store (cdr id, started_at, cost, coverage) on already inserted CDRs (the import path:
    insert first, draw for the rows actually inserted, then store what the draw decided)."""
    if not rows:
        return
    await session.execute(
        text(
            "UPDATE cdr SET cost = :cost, coverage = CAST(:coverage AS jsonb) "
            "WHERE id = :id AND started_at = :started_at"
        ),
        [
            {"id": i, "started_at": s, "cost": c, "coverage": json.dumps(cov)}
            for i, s, c, cov in rows
        ],
    )
