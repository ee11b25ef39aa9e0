"""A client's custom rates and offers, and the margins of its reseller chain.

All three feed the client's pricing context: offers first, then custom rates, then the plan's
decks (the engine's priority order), and the reseller margins on top (top-level reseller first).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.service import get_user
from app.audit.service import Actor, record_change, snapshot
from app.db.models.client_rates import CustomRate, Offer
from app.db.models.user import User
from app.lib.access import Role
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.lib.money import within
from app.rating import Offer as EngineOffer
from app.rating import Rate, RateDeck, RateIndex, ResellerMargin, build_index

Prefix = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,20}$")]
Destination = Annotated[str, msgspec.Meta(max_length=200)]


class CustomRateWrite(msgspec.Struct, forbid_unknown_fields=True):
    client_id: uuid.UUID
    prefix: Prefix
    rate_per_minute: Decimal
    destination: Destination = ""
    connect_fee: Decimal = Decimal(0)
    initial_block: Annotated[int, msgspec.Meta(ge=0, le=86_400)] = 1
    increment: Annotated[int, msgspec.Meta(ge=1, le=86_400)] = 1
    flat_price: Decimal | None = None
    allowed: bool = True


class CustomRateRead(msgspec.Struct):
    id: uuid.UUID
    client_id: uuid.UUID
    prefix: str
    destination: str
    rate_per_minute: Decimal
    connect_fee: Decimal
    initial_block: int
    increment: int
    flat_price: Decimal | None
    allowed: bool


class OfferWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Free calls under ``prefix`` for ``days`` days from ``starts_at``."""

    client_id: uuid.UUID
    prefix: Prefix
    starts_at: datetime.datetime
    days: Annotated[int, msgspec.Meta(ge=1, le=3650)]
    destination: Destination = ""


class OfferRead(msgspec.Struct):
    id: uuid.UUID
    client_id: uuid.UUID
    prefix: str
    destination: str
    starts_at: datetime.datetime
    expires_at: datetime.datetime


def _amounts(data: CustomRateWrite) -> None:
    for name in ("rate_per_minute", "connect_fee", "flat_price"):
        value = getattr(data, name)
        if value is not None and not within(value, places=6, maximum=10**12 - 1):
            raise InvalidInputError(
                f"{name} must be a non-negative amount, 6 decimals at most",
                errors=[FieldError("invalid amount", field=name)],
            )


async def _client(session: AsyncSession, client_id: uuid.UUID) -> User:
    client = await get_user(session, client_id)
    if client.role is not Role.CLIENT:
        raise InvalidInputError(
            "Custom rates and offers are for clients",
            errors=[FieldError("not a client", field="client_id")],
        )
    return client


async def add_custom_rate(session: AsyncSession, actor: Actor, data: CustomRateWrite) -> CustomRate:
    _amounts(data)
    client = await _client(session, data.client_id)
    fields = msgspec.structs.asdict(data)
    fields.pop("client_id")
    row = CustomRate(**fields, owner_id=client.id, reseller_id=client.parent_id)
    session.add(row)
    await session.flush()
    await record_change(
        session,
        actor,
        action="custom_rate.create",
        object_type="custom_rate",
        object_id=row.id,
        owner_id=row.owner_id,
        reseller_id=row.reseller_id,
        after=snapshot(row),
    )
    return row


async def add_offer(session: AsyncSession, actor: Actor, data: OfferWrite) -> Offer:
    if data.starts_at.tzinfo is None:
        raise InvalidInputError(
            "starts_at needs a timezone offset",
            errors=[FieldError("add Z or +hh:mm", field="starts_at")],
        )
    client = await _client(session, data.client_id)
    row = Offer(
        prefix=data.prefix,
        destination=data.destination,
        starts_at=data.starts_at,
        expires_at=data.starts_at + datetime.timedelta(days=data.days),
        owner_id=client.id,
        reseller_id=client.parent_id,
    )
    session.add(row)
    await session.flush()
    await record_change(
        session,
        actor,
        action="offer.create",
        object_type="offer",
        object_id=row.id,
        owner_id=row.owner_id,
        reseller_id=row.reseller_id,
        after=snapshot(row),
    )
    return row


async def get_row(
    session: AsyncSession, kind: type[CustomRate] | type[Offer], row_id: uuid.UUID
) -> CustomRate | Offer:
    row: CustomRate | Offer | None = await session.get(kind, row_id)
    if row is None:
        raise NotFoundError(f"No {kind.__tablename__.replace('_', ' ')} {row_id}")
    return row


async def custom_rate_index(session: AsyncSession, client: User) -> RateIndex | None:
    rows = (
        (await session.execute(select(CustomRate).where(CustomRate.owner_id == client.id)))
        .scalars()
        .all()
    )
    if not rows:
        return None
    rates = [
        Rate(
            rate_id=str(r.id),
            prefix=r.prefix,
            destination=r.destination,
            rate_per_minute=r.rate_per_minute,
            connect_fee=r.connect_fee,
            initial_block=r.initial_block,
            increment=r.increment,
            flat_price=r.flat_price,
            allowed=r.allowed,
        )
        for r in rows
    ]
    return build_index(RateDeck(f"custom:{client.id}", 1, client.currency, rates))


async def offers(session: AsyncSession, client: User) -> list[EngineOffer]:
    rows = (await session.execute(select(Offer).where(Offer.owner_id == client.id))).scalars()
    return [
        EngineOffer(str(o.id), o.prefix, o.destination, o.starts_at, o.expires_at) for o in rows
    ]


async def reseller_margins(session: AsyncSession, client: User) -> tuple[ResellerMargin, ...]:
    """The client's reseller chain, top-level reseller first (the documented markup order)."""
    chain: list[ResellerMargin] = []
    parent_id = client.parent_id
    while parent_id is not None and len(chain) < 10:
        reseller = await session.get(User, parent_id)
        if reseller is None:
            break
        if reseller.margin_percent:
            chain.append(ResellerMargin(str(reseller.id), reseller.margin_percent))
        parent_id = reseller.parent_id
    return tuple(reversed(chain))
