"""Rated usage of clients in one period, totalled per call type in the database.

The totals are the basis of an invoice's usage lines; the records themselves stay in the CDR
store (the invoice's CSV attachment lists them). Bundles (issue #7 item 1) will add an
"included minutes / overflow" split from each record's ``coverage``: the row shape leaves room
for it (``UsageTotal`` gains fields, the lines gain a line per call type).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
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
    query = (
        select(
            Cdr.owner_id,
            call_type,
            Cdr.currency,
            func.count(),
            func.coalesce(func.sum(Cdr.billable_seconds), 0),
            func.coalesce(func.sum(Cdr.cost), 0),
        )
        .select_from(Cdr)
        .join(User, User.id == Cdr.owner_id)
        .outerjoin(plan, plan.id == User.plan_id)
        .outerjoin(destination, destination.prefix == Cdr.matched_prefix)
        .where(*usage_conditions(client_ids, start, end))
        .group_by(Cdr.owner_id, call_type, Cdr.currency)
    )
    totals: dict[uuid.UUID, list[UsageTotal]] = {}
    for owner, kind, currency, calls, seconds, cost in (await session.execute(query)).all():
        assert owner is not None  # the query selects the given clients' records
        totals.setdefault(owner, []).append(
            UsageTotal(kind, currency or "", int(calls), int(seconds), Decimal(cost or 0))
        )
    return totals
