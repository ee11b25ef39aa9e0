"""A plan's special-number rules and per-direction pricing: the ``CallPricer`` of a client.

ictVoIP's packages check special patterns (``1300*``, ``1800*`` flat per call) before the
tariff and price inbound calls with their own cost and round-up. The rules are rows of the
plan (``plan_special_rate``); the inbound tariff is four columns of the plan. The engine side
is ``app.rating.direction`` (docs/bundles.md, "Per-direction pricing").
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Annotated, Literal

import msgspec
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, record_change, snapshot
from app.db.models.bundle import PlanSpecialRate
from app.db.models.plan import Plan
from app.lib.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.lib.money import within
from app.rating import CallPricer, Direction, InboundTariff, PricingContext, SpecialRate

Pattern = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,20}\*?$")]


class SpecialRateWrite(msgspec.Struct, forbid_unknown_fields=True):
    """A special-number rule: numbers starting with ``pattern`` (digits, optional trailing
    ``*``) cost ``flat_price`` per call, or ``rate_per_minute`` with the given blocks."""

    pattern: Pattern
    label: Annotated[str, msgspec.Meta(max_length=200)] = ""
    direction: Literal["outbound", "inbound"] = "outbound"
    flat_price: Decimal | None = None
    rate_per_minute: Decimal = Decimal(0)
    connect_fee: Decimal = Decimal(0)
    initial_block: Annotated[int, msgspec.Meta(ge=0, le=86_400)] = 1
    increment: Annotated[int, msgspec.Meta(ge=1, le=86_400)] = 1


class SpecialRateRead(msgspec.Struct):
    id: uuid.UUID
    plan_id: uuid.UUID
    pattern: str
    label: str
    direction: str
    flat_price: Decimal | None
    rate_per_minute: Decimal
    connect_fee: Decimal
    initial_block: int
    increment: int


def special_rate_read(row: PlanSpecialRate) -> SpecialRateRead:
    fields = SpecialRateRead.__struct_fields__
    return SpecialRateRead(**{name: getattr(row, name) for name in fields})


def _check_amounts(data: SpecialRateWrite) -> None:
    for name in ("flat_price", "rate_per_minute", "connect_fee"):
        value = getattr(data, name)
        if value is not None and not within(value, places=6, maximum=10**12 - 1):
            raise InvalidInputError(
                f"{name} must be a non-negative amount with at most 6 decimals",
                errors=[FieldError("invalid amount", field=name)],
            )


async def add_special_rate(
    session: AsyncSession, actor: Actor, plan: Plan, data: SpecialRateWrite
) -> PlanSpecialRate:
    """Add a rule to ``plan`` (a plan found within the caller's reach); 409 on a repeat."""
    _check_amounts(data)
    row = PlanSpecialRate(
        plan_id=plan.id,
        owner_id=plan.owner_id,
        reseller_id=plan.reseller_id,
        **msgspec.structs.asdict(data),
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError as exc:
        raise ConflictError(
            f"The plan already has a {data.direction} rule for {data.pattern!r}"
        ) from exc
    await record_change(
        session,
        actor,
        action="special_rate.create",
        object_type="plan_special_rate",
        object_id=row.id,
        owner_id=row.owner_id,
        reseller_id=row.reseller_id,
        after=snapshot(row),
    )
    return row


async def special_rates(session: AsyncSession, plan_id: uuid.UUID) -> list[PlanSpecialRate]:
    rows = await session.execute(
        select(PlanSpecialRate)
        .where(PlanSpecialRate.plan_id == plan_id)
        .order_by(PlanSpecialRate.direction, PlanSpecialRate.pattern)
    )
    return list(rows.scalars())


async def get_special_rate(
    session: AsyncSession, plan_id: uuid.UUID, rule_id: uuid.UUID
) -> PlanSpecialRate:
    row = await session.get(PlanSpecialRate, rule_id)
    if row is None or row.plan_id != plan_id:
        raise NotFoundError(f"No special rate {rule_id} on plan {plan_id}")
    return row


def engine_special_rates(rows: list[PlanSpecialRate]) -> list[SpecialRate]:
    return [
        SpecialRate(
            rule_id=str(r.id),
            pattern=r.pattern,
            label=r.label,
            flat_price=r.flat_price,
            rate_per_minute=r.rate_per_minute,
            connect_fee=r.connect_fee,
            initial_block=r.initial_block,
            increment=r.increment,
            direction=Direction(r.direction),
        )
        for r in rows
    ]


def inbound_tariff(plan: Plan) -> InboundTariff | None:
    """The plan's inbound price and round-up, or None when inbound calls are not priced."""
    if plan.inbound_rate_per_minute is None:
        return None
    return InboundTariff(
        rate_per_minute=plan.inbound_rate_per_minute,
        connect_fee=plan.inbound_connect_fee,
        initial_block=plan.inbound_initial_block,
        increment=plan.inbound_increment,
    )


async def call_pricer(session: AsyncSession, plan: Plan, context: PricingContext) -> CallPricer:
    """The client's direction-aware pricer: ``context`` (built from ``plan``) plus the plan's
    special rules and inbound tariff. Run it on a session that can see the plan's rows (a
    system session, as authorize, finalize and the CDR import use)."""
    rules = engine_special_rates(await special_rates(session, plan.id))
    return CallPricer(context, specials=rules, inbound=inbound_tariff(plan))
