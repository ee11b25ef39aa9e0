"""GraphQL surface of call records: the filtered list (keyset pages), the summaries and the
trunk statistics.

Every field calls the same service function as its REST route, on the caller's scoped session,
with the route's access rule (``cdrs:read``): a client sees its own records here as there,
and masked digits are masked (the nodes are built from the REST representation).
"""

from __future__ import annotations

import datetime
import re
import uuid
from decimal import Decimal
from typing import Any, TypeVar, cast

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.cdrs import params, service, summaries
from app.cdrs.keyset import SORTS
from app.cdrs.params import DISPOSITION_PATTERN, SOURCE_PATTERN
from app.cdrs.schemas import Dimension, cdr_read
from app.db.models.cdr import RatingStatus
from app.graphql.context import require, run
from app.lib.errors import FieldError, InvalidInputError

N = TypeVar("N")
_MAX_LIMIT = 200
_NUMBER = re.compile(r"^\+?[0-9]{1,20}$")
_SOURCE = re.compile(SOURCE_PATTERN)
_DISPOSITION = re.compile(DISPOSITION_PATTERN)
_DIMENSIONS = ("day", "month", "client", "trunk", "destination", "did")


def _node(kind: type[N], source: Any) -> N:
    return kind(**{name: getattr(source, name) for name in kind.__annotations__})


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field)])


@strawberry.input
class CdrFilterInput:
    started_from: datetime.datetime | None = None
    started_to: datetime.datetime | None = None
    client_id: uuid.UUID | None = None
    sip_user_id: uuid.UUID | None = None
    direction: str | None = None
    rating_status: str | None = None
    disposition: str | None = None
    number: str | None = None
    caller: str | None = None
    trunk_id: uuid.UUID | None = None
    cost_min: Decimal | None = None
    cost_max: Decimal | None = None
    source: str | None = None
    unassigned: bool = False
    failed: bool = False


def selection_of(given: CdrFilterInput | None) -> service.CdrFilter:
    """The REST selection a GraphQL filter names, checked as the REST query is."""
    given = given or CdrFilterInput()
    for name in ("number", "caller"):
        value = getattr(given, name)
        if value is not None and not _NUMBER.match(value):
            raise _invalid(name, "digits, optionally after a +")
    for name, pattern in (("source", _SOURCE), ("disposition", _DISPOSITION)):
        value = getattr(given, name)
        if value is not None and not pattern.match(value):
            raise _invalid(name, f"must match {pattern.pattern}")
    if given.direction not in (None, "outbound", "inbound", "local"):
        raise _invalid("direction", "outbound, inbound or local")
    if given.rating_status is not None and given.rating_status not in RatingStatus.ALL:
        raise _invalid("rating_status", ", ".join(RatingStatus.ALL))
    params.check_amounts(cost_min=given.cost_min, cost_max=given.cost_max)
    for name in ("started_from", "started_to"):
        value = getattr(given, name)
        if value is not None and value.tzinfo is None:
            raise _invalid(name, "needs a timezone offset")
    start, end = service.time_range(
        given.started_from, given.started_to, datetime.datetime.now(datetime.UTC)
    )
    return service.CdrFilter(
        started_from=start,
        started_to=end,
        client_id=given.client_id,
        sip_user_id=given.sip_user_id,
        direction=given.direction,
        rating_status=given.rating_status,
        disposition=given.disposition,
        number=given.number,
        caller=given.caller,
        trunk_id=given.trunk_id,
        cost_min=given.cost_min,
        cost_max=given.cost_max,
        source=given.source,
        unassigned=given.unassigned,
        failed=given.failed,
    )


@strawberry.type(name="Cdr")
class CdrNode:
    id: uuid.UUID
    started_at: datetime.datetime
    answered_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    client_id: uuid.UUID | None
    sip_user_id: uuid.UUID | None
    source: str
    external_id: str
    account_code: str | None
    caller_number: str | None
    dialled_number: str
    normalized_number: str | None
    direction: str
    duration: int
    billable_seconds: int
    disposition: str
    hangup_cause: int | None
    trunk_id: uuid.UUID | None
    matched_prefix: str | None
    destination: str | None
    deck_id: uuid.UUID | None
    deck_version: int | None
    cost: Decimal | None
    currency: str | None
    rating_status: str
    breakdown: JSON
    masked: bool
    ledger_entry_id: uuid.UUID | None


@strawberry.type
class CdrConnection:
    items: list[CdrNode]
    next_cursor: str | None
    """Pass as ``after`` for the next page; null on the last one."""


@strawberry.type(name="CdrSummaryRow")
class SummaryRowNode:
    key: str | None
    label: str | None
    currency: str | None
    calls: int
    billable_seconds: int
    billable_minutes: Decimal
    cost: Decimal
    buy_cost: Decimal | None
    margin: Decimal | None


@strawberry.type
class CdrSummary:
    by: str
    timezone: str
    started_from: datetime.datetime
    started_to: datetime.datetime
    rows: list[SummaryRowNode]


@strawberry.type(name="TrunkStats")
class TrunkStatsNode:
    trunk_id: uuid.UUID | None
    trunk_name: str | None
    attempts: int
    answered: int
    asr: Decimal | None
    acd: Decimal | None
    busy: int
    no_answer: int
    congestion: int
    chanunavail: int
    failed: int
    billable_seconds: int


@strawberry.type
class CdrsQuery:
    @strawberry.field(
        description="Call records within reach, a keyset page at a time (sort: started_at, "
        "-started_at, cost, -cost); masked digits stay masked."
    )
    async def cdrs(
        self,
        info: Info[Any, Any],
        filter: CdrFilterInput | None = None,
        sort: str = "-started_at",
        first: int = 50,
        after: str | None = None,
    ) -> CdrConnection:
        session, _ = require(info, "cdrs:read")

        async def fetch() -> CdrConnection:
            if sort not in SORTS:
                raise _invalid("sort", ", ".join(SORTS))
            found = await service.list_cdrs(
                session,
                selection_of(filter),
                sort=sort,
                limit=max(1, min(first, _MAX_LIMIT)),
                cursor=after,
            )
            items = [_node(CdrNode, cdr_read(r)) for r in found.rows]
            return CdrConnection(items=items, next_cursor=found.next_cursor)

        return await run(info, fetch)

    @strawberry.field(
        description="Calls, minutes and cost by day, month, client, trunk, destination or did "
        "(buy cost and margin for staff only); days and months in timezone, else the "
        "client's, else the caller's."
    )
    async def cdr_summary(
        self,
        info: Info[Any, Any],
        filter: CdrFilterInput | None = None,
        by: str = "day",
        timezone: str | None = None,
    ) -> CdrSummary:
        session, principal = require(info, "cdrs:read")

        async def fetch() -> CdrSummary:
            if by not in _DIMENSIONS:
                raise _invalid("by", ", ".join(_DIMENSIONS))
            selection = selection_of(filter)
            zone = await summaries.bucket_timezone(session, principal, selection, timezone)
            rows = await summaries.summarize(
                session,
                selection,
                by=cast(Dimension, by),
                timezone=zone,
                show_buy=principal.role in summaries.OPERATOR_ROLES,
            )
            return CdrSummary(
                by=by,
                timezone=zone,
                started_from=selection.started_from,
                started_to=selection.started_to,
                rows=[_node(SummaryRowNode, r) for r in rows],
            )

        return await run(info, fetch)

    @strawberry.field(description="Per trunk: attempts, ASR, ACD and failure dispositions.")
    async def cdr_trunk_errors(
        self, info: Info[Any, Any], filter: CdrFilterInput | None = None
    ) -> list[TrunkStatsNode]:
        session, _ = require(info, "cdrs:read")

        async def fetch() -> list[TrunkStatsNode]:
            rows = await summaries.trunk_stats(session, selection_of(filter))
            return [_node(TrunkStatsNode, r) for r in rows]

        return await run(info, fetch)
