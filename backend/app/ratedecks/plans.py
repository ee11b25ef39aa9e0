"""Plans, and the pricing context the engine uses for a plan or a client.

A plan lists sell decks in the order the engine searches them, its markups (percent and per
minute, international), an optional billing mode overriding the decks' blocks, and the
numbering plan its clients dial with.
"""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Sequence

import msgspec
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, record_change, snapshot
from app.db.models.plan import Plan, PlanDeck
from app.db.models.rate_deck import RateDeck
from app.lib.access import Principal
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.lib.money import within
from app.ratedecks.schemas import PlanPatch, PlanRead, PlanWrite
from app.ratedecks.snapshot import load_index
from app.rating import (
    BillingMode,
    Markups,
    NumberingPlan,
    Offer,
    PricingContext,
    RateIndex,
    ResellerMargin,
)

_PLAN_FIELDS = [name for name in PlanWrite.__struct_fields__ if name != "deck_ids"]


async def get_plan(session: AsyncSession, plan_id: uuid.UUID) -> Plan:
    plan = await session.get(Plan, plan_id)
    if plan is None:
        raise NotFoundError(f"No plan {plan_id}")
    return plan


async def deck_ids(session: AsyncSession, plan_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.execute(
        select(PlanDeck.deck_id).where(PlanDeck.plan_id == plan_id).order_by(PlanDeck.position)
    )
    return list(rows.scalars())


async def plan_read(session: AsyncSession, plan: Plan) -> PlanRead:
    values = {
        name: getattr(plan, name) for name in PlanRead.__struct_fields__ if name != "deck_ids"
    }
    return PlanRead(**values, deck_ids=await deck_ids(session, plan.id))


def _check_markups(data: PlanWrite) -> None:
    for name in ("markup_percent", "markup_per_minute", "international_markup_percent"):
        value = getattr(data, name)
        if not within(value, places=6, maximum=1000):
            raise InvalidInputError(
                f"{name} must be between 0 and 1000 with at most 6 decimals",
                errors=[FieldError("out of range", field=name)],
            )
    for name in ("inbound_rate_per_minute", "inbound_connect_fee"):
        value = getattr(data, name)
        if value is not None and not within(value, places=6, maximum=10**12 - 1):
            raise InvalidInputError(
                f"{name} must be a non-negative amount with at most 6 decimals",
                errors=[FieldError("invalid amount", field=name)],
            )


async def _check_decks(session: AsyncSession, data: PlanWrite) -> None:
    _check_markups(data)
    for position, deck_id in enumerate(data.deck_ids):
        deck = await session.get(RateDeck, deck_id)
        problem = None
        if deck is None:
            problem = "no such deck within your reach"
        elif deck.kind != "sell":
            problem = "a plan prices with sell decks only"
        elif deck.currency != data.currency:
            problem = f"the deck is in {deck.currency}, the plan in {data.currency}"
        if problem:
            raise InvalidInputError(
                f"Deck {deck_id}: {problem}",
                errors=[FieldError(problem, field=f"deck_ids[{position}]")],
            )
    if len(set(data.deck_ids)) != len(data.deck_ids):
        raise InvalidInputError(
            "A deck appears twice", errors=[FieldError("duplicate deck", field="deck_ids")]
        )
    if (data.billing_initial_block is None) != (data.billing_increment is None):
        raise InvalidInputError(
            "A billing mode needs both the initial block and the increment",
            errors=[FieldError("set both or neither", field="billing_increment")],
        )


async def save_plan(
    session: AsyncSession,
    actor: Actor,
    principal: Principal,
    data: PlanWrite,
    plan_id: uuid.UUID | None = None,
) -> Plan:
    """Create a plan, or replace one's settings and deck list."""
    await _check_decks(session, data)
    values = {name: getattr(data, name) for name in _PLAN_FIELDS}
    if plan_id is None:
        plan = Plan(**values, owner_id=principal.user_id, reseller_id=principal.reseller_scope)
        session.add(plan)
        before = None
    else:
        plan = await get_plan(session, plan_id)
        before = snapshot(plan)
        for name, value in values.items():
            setattr(plan, name, value)
        await session.execute(delete(PlanDeck).where(PlanDeck.plan_id == plan.id))
    await session.flush()
    session.add_all(
        PlanDeck(plan_id=plan.id, deck_id=deck_id, position=position)
        for position, deck_id in enumerate(data.deck_ids)
    )
    await session.flush()
    await record_change(
        session,
        actor,
        action="plan.create" if before is None else "plan.update",
        object_type="plan",
        object_id=plan.id,
        owner_id=plan.owner_id,
        reseller_id=plan.reseller_id,
        before=before,
        after={**snapshot(plan), "deck_ids": [str(d) for d in data.deck_ids]},
    )
    return plan


async def update_plan(
    session: AsyncSession,
    actor: Actor,
    principal: Principal,
    plan_id: uuid.UUID,
    patch: PlanPatch,
) -> Plan:
    """Change some of a plan's settings (the plan is found first: out of reach is a 404)."""
    plan = await get_plan(session, plan_id)
    current = {name: getattr(plan, name) for name in _PLAN_FIELDS}
    current["deck_ids"] = await deck_ids(session, plan.id)
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET
    }
    return await save_plan(session, actor, principal, PlanWrite(**{**current, **changes}), plan.id)


async def pricing_context(
    session: AsyncSession,
    plan: Plan,
    timezone: str,
    *,
    custom_rates: RateIndex | None = None,
    offers: Sequence[Offer] = (),
    margins: tuple[ResellerMargin, ...] = (),
) -> PricingContext:
    """The engine context of ``plan`` for a client in ``timezone``; decks at their current
    version (the authorize path pins the versions it priced with: app.calls.pricing)."""
    indexes = []
    for deck_id in await deck_ids(session, plan.id):
        deck = await session.get(RateDeck, deck_id)
        if deck is not None and deck.current_version > 0:
            indexes.append(await load_index(session, deck, deck.current_version))
    return context_of(
        plan, timezone, indexes, custom_rates=custom_rates, offers=offers, margins=margins
    )


def context_of(
    plan: Plan,
    timezone: str,
    indexes: Sequence[RateIndex],
    *,
    custom_rates: RateIndex | None = None,
    offers: Sequence[Offer] = (),
    margins: tuple[ResellerMargin, ...] = (),
    strip_prefix: str = "",
    add_prefix: str = "",
) -> PricingContext:
    """The engine context of ``plan`` over ``indexes``; ``strip_prefix``/``add_prefix`` are a
    SIP user's number manipulation."""
    billing = None
    if plan.billing_initial_block is not None and plan.billing_increment is not None:
        billing = BillingMode(plan.billing_initial_block, plan.billing_increment)
    return PricingContext(
        currency=plan.currency,
        numbering=NumberingPlan(
            plan.country_code,
            plan.exit_code,
            plan.trunk_prefix,
            strip_prefix=strip_prefix,
            add_prefix=add_prefix,
        ),
        timezone=zoneinfo.ZoneInfo(timezone),
        plan_decks=indexes,
        custom_rates=custom_rates,
        offers=offers,
        markups=Markups(
            plan_percent=plan.markup_percent,
            plan_per_minute=plan.markup_per_minute,
            international_percent=plan.international_markup_percent,
            reseller_margins=margins,
        ),
        billing_mode=billing,
    )


async def list_plans(
    session: AsyncSession, *, limit: int, offset: int, search: str | None = None
) -> tuple[list[Plan], int]:
    """Plans within reach, by name; ``search`` matches part of a name (REST and GraphQL)."""
    query = select(Plan)
    if search:
        query = query.where(Plan.name.ilike(f"%{search}%"))
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = await session.execute(query.order_by(Plan.name, Plan.id).limit(limit).offset(offset))
    return list(rows.scalars()), total
