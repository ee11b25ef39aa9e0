"""GraphQL surface of rates: decks, a deck's rates, plans, destination groups, destinations.

Every field calls the same service function as its REST route, on the caller's scoped session,
with the route's access rule — so a reseller sees only its own decks here as there.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any, TypeVar

import strawberry
from strawberry.types import Info

from app.graphql.context import require, run
from app.lib.access import STAFF
from app.lib.errors import FieldError, InvalidInputError
from app.ratedecks import destination_groups, destinations, plans, service

N = TypeVar("N")
_MAX_LIMIT = 200


def _node(kind: type[N], source: Any) -> N:
    return kind(**{name: getattr(source, name) for name in kind.__annotations__})


def _page(limit: int, offset: int) -> tuple[int, int]:
    return max(1, min(limit, _MAX_LIMIT)), max(0, offset)


def _search(text: str | None) -> str | None:
    return text[:200] if text else None


@strawberry.type(name="RateDeck")
class RateDeckNode:
    id: uuid.UUID
    name: str
    kind: str
    currency: str
    description: str | None
    current_version: int
    owner_id: uuid.UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry.type(name="Rate")
class RateNode:
    id: uuid.UUID
    prefix: str
    destination: str
    rate_per_minute: Decimal
    connect_fee: Decimal
    initial_block: int
    increment: int
    flat_price: Decimal | None
    effective_from: datetime.datetime | None
    effective_until: datetime.datetime | None
    allowed: bool
    late_billed: bool


@strawberry.type(name="Plan")
class PlanNode:
    id: uuid.UUID
    name: str
    currency: str
    country_code: str
    exit_code: str
    trunk_prefix: str
    deck_ids: list[uuid.UUID]
    markup_percent: Decimal
    markup_per_minute: Decimal
    international_markup_percent: Decimal
    billing_initial_block: int | None
    billing_increment: int | None
    description: str | None
    owner_id: uuid.UUID
    created_at: datetime.datetime


@strawberry.type(name="DestinationGroup")
class DestinationGroupNode:
    id: uuid.UUID
    name: str
    description: str | None
    prefixes: list[str]
    owner_id: uuid.UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry.type(name="Destination")
class DestinationNode:
    id: uuid.UUID
    prefix: str
    name: str
    country: str | None
    type: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


@strawberry.type
class RateDeckPage:
    items: list[RateDeckNode]
    total: int


@strawberry.type
class RatePage:
    items: list[RateNode]
    total: int


@strawberry.type
class PlanPage:
    items: list[PlanNode]
    total: int


@strawberry.type
class DestinationGroupPage:
    items: list[DestinationGroupNode]
    total: int


@strawberry.type
class DestinationPage:
    items: list[DestinationNode]
    total: int


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in ("sell", "buy"):
        raise InvalidInputError("kind is sell or buy", errors=[FieldError("sell or buy", "kind")])


@strawberry.type
class RatesQuery:
    @strawberry.field(description="Rate decks within reach, by name (staff only).")
    async def rate_decks(
        self,
        info: Info[Any, Any],
        limit: int = 50,
        offset: int = 0,
        kind: str | None = None,
        search: str | None = None,
    ) -> RateDeckPage:
        session, _ = require(info, "rates:read", STAFF)
        limit, offset = _page(limit, offset)

        async def fetch() -> RateDeckPage:
            _check_kind(kind)
            rows, total = await service.list_decks(
                session, limit=limit, offset=offset, kind=kind, search=_search(search)
            )
            return RateDeckPage(items=[_node(RateDeckNode, d) for d in rows], total=total)

        return await run(info, fetch)

    @strawberry.field(description="One rate deck within reach.")
    async def rate_deck(self, info: Info[Any, Any], id: uuid.UUID) -> RateDeckNode:
        session, _ = require(info, "rates:read", STAFF)
        return _node(RateDeckNode, await run(info, lambda: service.get_deck(session, id)))

    @strawberry.field(
        description="A deck's rates (current version unless given), by prefix; search by "
        "prefix start or destination name."
    )
    async def rates(
        self,
        info: Info[Any, Any],
        deck_id: uuid.UUID,
        version: int | None = None,
        search: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> RatePage:
        session, _ = require(info, "rates:read", STAFF)
        limit, offset = _page(limit, offset)

        async def fetch() -> RatePage:
            rows, total = await service.list_rates(
                session,
                deck_id,
                version=version,
                search=_search(search),
                limit=limit,
                offset=offset,
            )
            return RatePage(items=[_node(RateNode, r) for r in rows], total=total)

        return await run(info, fetch)

    @strawberry.field(description="Plans within reach, by name (staff only).")
    async def plans(
        self, info: Info[Any, Any], limit: int = 50, offset: int = 0, search: str | None = None
    ) -> PlanPage:
        session, _ = require(info, "rates:read", STAFF)
        limit, offset = _page(limit, offset)

        async def fetch() -> PlanPage:
            rows, total = await plans.list_plans(
                session, limit=limit, offset=offset, search=_search(search)
            )
            items = [_node(PlanNode, await plans.plan_read(session, p)) for p in rows]
            return PlanPage(items=items, total=total)

        return await run(info, fetch)

    @strawberry.field(description="One plan within reach.")
    async def plan(self, info: Info[Any, Any], id: uuid.UUID) -> PlanNode:
        session, _ = require(info, "rates:read", STAFF)

        async def fetch() -> PlanNode:
            return _node(
                PlanNode, await plans.plan_read(session, await plans.get_plan(session, id))
            )

        return await run(info, fetch)

    @strawberry.field(description="Destination groups within reach, by name (staff only).")
    async def destination_groups(
        self, info: Info[Any, Any], limit: int = 50, offset: int = 0, search: str | None = None
    ) -> DestinationGroupPage:
        session, _ = require(info, "rates:read", STAFF)
        limit, offset = _page(limit, offset)

        async def fetch() -> DestinationGroupPage:
            rows, total = await destination_groups.list_groups(
                session, limit=limit, offset=offset, search=_search(search)
            )
            items = await destination_groups.groups_read(session, rows)
            return DestinationGroupPage(
                items=[_node(DestinationGroupNode, g) for g in items], total=total
            )

        return await run(info, fetch)

    @strawberry.field(
        description="The prefix reference table, by prefix; search by prefix start or name."
    )
    async def destinations(
        self,
        info: Info[Any, Any],
        limit: int = 50,
        offset: int = 0,
        search: str | None = None,
        country: str | None = None,
        type: str | None = None,
    ) -> DestinationPage:
        session, _ = require(info, "rates:read")
        limit, offset = _page(limit, offset)

        async def fetch() -> DestinationPage:
            rows, total = await destinations.list_destinations(
                session,
                limit=limit,
                offset=offset,
                search=_search(search),
                country=country[:2] if country else None,
                type=type,
            )
            return DestinationPage(items=[_node(DestinationNode, d) for d in rows], total=total)

        return await run(info, fetch)
