"""Rated usage of clients in one period, totalled per call type in the database.

The totals are the basis of an invoice's usage lines; the records themselves stay in the CDR
store (the invoice's CSV attachment lists them). Records that drew a plan allowance
(``coverage.kind = 'allowance'``, docs/bundles.md) are totalled per allowance group apart from
the rest of their call type, with their covered and overflow seconds from ``coverage``.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import ColumnElement, Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from app.db.models.cdr import Cdr, RatingStatus
from app.db.models.destination import Destination
from app.db.models.plan import Plan
from app.db.models.user import User
from app.invoicing.classify import call_type_expression


@dataclass(frozen=True, slots=True)
class UsageTotal:
    call_type: str
    currency: str
    calls: int
    billable_seconds: int
    cost: Decimal
    """Exact sum of the records' costs (6 places), before invoice rounding."""
    group: str | None = None
    """The allowance group these records drew from (None: records no allowance applied to)."""
    group_id: str | None = None
    covered_seconds: int = 0
    """Billed seconds the allowance covered (the "included minutes used")."""
    overflow_seconds: int = 0
    """Billed seconds beyond it, which ``cost`` pays for."""
    covered_calls: int = 0
    overflow_calls: int = 0


def usage_conditions(
    client_ids: Iterable[uuid.UUID], start: datetime.datetime, end: datetime.datetime
) -> list[ColumnElement[bool]]:
    """The records an invoice covers: the clients' rated records started in ``[start, end)``."""
    return [
        Cdr.owner_id.in_(list(client_ids)),
        Cdr.started_at >= start,
        Cdr.started_at < end,
        Cdr.rating_status == RatingStatus.RATED,
        Cdr.cost.is_not(None),
    ]


async def usage_totals(
    session: AsyncSession,
    client_ids: list[uuid.UUID],
    start: datetime.datetime,
    end: datetime.datetime,
) -> dict[uuid.UUID, list[UsageTotal]]:
    """Per client: calls, billable seconds and cost per call type and currency."""
    if not client_ids:
        return {}
    destination = aliased(Destination)
    plan = aliased(Plan)
    call_type = call_type_expression(destination, plan).label("call_type")
    group_id = Cdr.coverage["group_id"].astext.label("group_id")
    group = Cdr.coverage["group"].astext.label("group_name")
    covered = Cdr.coverage["covered_seconds"].astext.cast(Integer)
    overflow = Cdr.coverage["overflow_seconds"].astext.cast(Integer)
    query = (
        select(
            Cdr.owner_id,
            call_type,
            Cdr.currency,
            func.count(),
            func.coalesce(func.sum(Cdr.billable_seconds), 0),
            func.coalesce(func.sum(Cdr.cost), 0),
            group_id,
            group,
            func.coalesce(func.sum(covered), 0),
            func.coalesce(func.sum(overflow), 0),
            func.count().filter(covered > 0),
            func.count().filter(overflow > 0),
        )
        .select_from(Cdr)
        .join(User, User.id == Cdr.owner_id)
        .outerjoin(plan, plan.id == User.plan_id)
        .outerjoin(destination, destination.prefix == Cdr.matched_prefix)
        .where(*usage_conditions(client_ids, start, end))
        .group_by(Cdr.owner_id, call_type, Cdr.currency, group_id, group)
    )
    totals: dict[uuid.UUID, list[UsageTotal]] = {}
    for row in (await session.execute(query)).all():
        owner, kind, currency, calls, seconds, cost, gid, name, *split = row
        assert owner is not None  # the query selects the given clients' records
        total = UsageTotal(kind, currency or "", int(calls), int(seconds), Decimal(cost or 0))
        if gid is not None:  # only allowance coverage names a group
            covered_s, overflow_s, covered_n, overflow_n = (int(v) for v in split)
            total = replace(
                total,
                group=name or "",
                group_id=gid,
                covered_seconds=covered_s,
                overflow_seconds=overflow_s,
                covered_calls=covered_n,
                overflow_calls=overflow_n,
            )
        totals.setdefault(owner, []).append(total)
    return totals
