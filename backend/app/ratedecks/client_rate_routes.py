"""REST surface of a client's custom rates and offers: /api/v1/custom-rates, /api/v1/offers."""

from __future__ import annotations

import uuid

import msgspec
from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from litestar import Controller, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from app.audit.service import delete_audited
from app.db.models.client_rates import CustomRate, Offer
from app.lib.access import STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.ratedecks import client_rates
from app.ratedecks.client_rates import CustomRateRead, CustomRateWrite, OfferRead, OfferWrite
from app.server.dependencies import CurrentActor, ScopedSession


class CustomRateRepository(SQLAlchemyAsyncRepository[CustomRate]):
    model_type = CustomRate


class OfferRepository(SQLAlchemyAsyncRepository[Offer]):
    model_type = Offer


def _read(row: CustomRate | Offer, kind: type[msgspec.Struct]) -> msgspec.Struct:
    values = {name: getattr(row, name) for name in kind.__struct_fields__ if name != "client_id"}
    return kind(**values, client_id=row.owner_id)


class CustomRateController(Controller):
    path = "/api/v1/custom-rates"
    tags = ("rates",)

    @get("/", opt=requires("rates:read", roles=STAFF), operation_id="listCustomRates")
    async def list_rates(
        self,
        session: ScopedSession,
        client_id: FromQuery[uuid.UUID | None] = None,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
    ) -> Page[CustomRateRead]:
        filters: list[object] = [LimitOffset(limit, offset), OrderBy("prefix", "asc")]
        if client_id:
            filters.append(CustomRate.owner_id == client_id)
        rows, total = await CustomRateRepository(session=session).list_and_count(*filters)  # type: ignore[arg-type]
        items = [_read(r, CustomRateRead) for r in rows]
        return Page(items, total=total, limit=limit, offset=offset)  # type: ignore[arg-type]

    @post("/", opt=requires("rates:write", roles=STAFF), operation_id="createCustomRate")
    async def create(
        self, session: ScopedSession, actor: CurrentActor, data: JSONBody[CustomRateWrite]
    ) -> CustomRateRead:
        """A client's own rate for a prefix: it wins over its plan's decks."""
        row = await client_rates.add_custom_rate(session, actor, data)
        return _read(row, CustomRateRead)  # type: ignore[return-value]

    @delete(
        "/{custom_rate_id:uuid}",
        opt=requires("rates:write", roles=STAFF, resource="custom_rate"),
        operation_id="deleteCustomRate",
    )
    async def remove(
        self, session: ScopedSession, actor: CurrentActor, custom_rate_id: FromPath[uuid.UUID]
    ) -> None:
        row = await client_rates.get_row(session, CustomRate, custom_rate_id)
        await delete_audited(session, actor, row, object_type="custom_rate")


class OfferController(Controller):
    path = "/api/v1/offers"
    tags = ("rates",)

    @get("/", opt=requires("rates:read", roles=STAFF), operation_id="listOffers")
    async def list_offers(
        self,
        session: ScopedSession,
        client_id: FromQuery[uuid.UUID | None] = None,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
    ) -> Page[OfferRead]:
        filters: list[object] = [LimitOffset(limit, offset), OrderBy("starts_at", "desc")]
        if client_id:
            filters.append(Offer.owner_id == client_id)
        rows, total = await OfferRepository(session=session).list_and_count(*filters)  # type: ignore[arg-type]
        items = [_read(r, OfferRead) for r in rows]
        return Page(items, total=total, limit=limit, offset=offset)  # type: ignore[arg-type]

    @post("/", opt=requires("rates:write", roles=STAFF), operation_id="createOffer")
    async def create(
        self, session: ScopedSession, actor: CurrentActor, data: JSONBody[OfferWrite]
    ) -> OfferRead:
        """Free calls under a prefix for N days (no markups apply to them)."""
        row = await client_rates.add_offer(session, actor, data)
        return _read(row, OfferRead)  # type: ignore[return-value]

    @delete(
        "/{offer_id:uuid}",
        opt=requires("rates:write", roles=STAFF, resource="offer"),
        operation_id="deleteOffer",
    )
    async def remove(
        self, session: ScopedSession, actor: CurrentActor, offer_id: FromPath[uuid.UUID]
    ) -> None:
        row = await client_rates.get_row(session, Offer, offer_id)
        await delete_audited(session, actor, row, object_type="offer")
