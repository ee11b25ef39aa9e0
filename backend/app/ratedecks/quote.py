"""Quotes: price one hypothetical call through the rating engine, with its breakdown."""

from __future__ import annotations

import datetime
import zoneinfo
from decimal import Decimal
from fractions import Fraction
from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.rules import check_timezone
from app.accounts.service import get_user
from app.lib.errors import FieldError, InvalidInputError
from app.lib.scoping import unscoped
from app.ratedecks import client_rates, plans
from app.ratedecks.schemas import Quote, QuoteComponent, QuoteRequest
from app.ratedecks.service import get_deck
from app.ratedecks.snapshot import load_index
from app.rating import (
    InvalidNumberError,
    NumberingPlan,
    PricingContext,
    RatingStatus,
    round_half_up,
)

_SIX = Decimal("0.000001")


def _decimal(value: Fraction) -> Decimal:
    """A breakdown component for display, at the engine's six places (half up)."""
    micro = round_half_up(value.numerator * 1_000_000, value.denominator)
    return Decimal(micro).scaleb(-6).quantize(_SIX)


async def _context_for(session: AsyncSession, request: QuoteRequest) -> PricingContext:
    chosen = [name for name in ("client_id", "plan_id", "deck_id") if getattr(request, name)]
    if len(chosen) != 1:
        raise InvalidInputError(
            "Quote for exactly one of a client, a plan or a deck",
            errors=[FieldError("give exactly one", field="client_id")],
        )
    check_timezone(request.timezone)
    if request.client_id is not None:
        client = await get_user(session, request.client_id)  # within the caller's reach
        if client.plan_id is None:
            raise InvalidInputError(
                "This client has no plan",
                errors=[FieldError("no plan assigned", field="client_id")],
            )
        with unscoped(session):  # what prices a visible client, even if staff made it
            plan = await plans.get_plan(session, client.plan_id)
            return await plans.pricing_context(
                session,
                plan,
                client.timezone,
                custom_rates=await client_rates.custom_rate_index(session, client),
                offers=await client_rates.offers(session, client),
                margins=await client_rates.reseller_margins(session, client),
            )
    if request.plan_id is not None:
        plan = await plans.get_plan(session, request.plan_id)
        return await plans.pricing_context(session, plan, request.timezone)
    assert request.deck_id is not None
    deck = await get_deck(session, request.deck_id)
    if deck.current_version == 0:
        raise InvalidInputError(
            "This deck has no rates yet", errors=[FieldError("no rates imported", field="deck_id")]
        )
    index = await load_index(session, deck, deck.current_version)
    return PricingContext(
        currency=deck.currency,
        numbering=NumberingPlan(request.country_code, request.exit_code, request.trunk_prefix),
        timezone=zoneinfo.ZoneInfo(request.timezone),
        plan_decks=[index],
    )


async def quote_call(session: AsyncSession, request: QuoteRequest) -> Quote:
    context = await _context_for(session, request)
    at = request.start_time or datetime.datetime.now(datetime.UTC)
    if at.tzinfo is None:
        raise InvalidInputError(
            "start_time needs a timezone offset",
            errors=[FieldError("add Z or +hh:mm", field="start_time")],
        )
    try:
        rating = context.rate(request.number, at, request.duration)
    except InvalidNumberError as exc:
        raise InvalidInputError(str(exc), errors=[FieldError(str(exc), field="number")]) from exc
    return as_quote(rating, context.currency)


def stored_breakdown(rating: object) -> dict[str, Any]:
    """A rated call's breakdown as a CDR stores it (imports, finalize, re-rating): ``as_quote``'s
    members, and ``"call_type": "special"`` for a call a special-number rule priced (invoices list
    those calls apart: ``app.invoicing.classify``)."""
    from app.rating import CallRating, is_special

    assert isinstance(rating, CallRating)
    quote: dict[str, Any] = msgspec.to_builtins(as_quote(rating, rating.currency))
    if is_special(rating):
        quote["call_type"] = "special"
    return quote


def as_quote(rating: object, currency: str) -> Quote:
    from app.rating import CallRating

    assert isinstance(rating, CallRating)
    components: list[QuoteComponent] = []
    breakdown = rating.breakdown if rating.status == RatingStatus.RATED else None
    if breakdown is not None:
        components = [
            QuoteComponent("connect_fee", _decimal(breakdown.connect_fee)),
            QuoteComponent("usage", _decimal(breakdown.usage_cost)),
            QuoteComponent("flat_price", _decimal(breakdown.flat_price)),
            *(QuoteComponent(m.kind, _decimal(m.amount)) for m in breakdown.markups),
        ]
    return Quote(
        status=str(rating.status),
        number=rating.number,
        currency=currency,
        total=rating.total,
        matched_prefix=rating.matched_prefix,
        destination=rating.destination,
        rate_id=None if rating.rate_id is None else str(rating.rate_id),
        deck_version=rating.deck_version,
        billed_seconds=rating.billed_seconds,
        rate_per_minute=rating.rate_per_minute,
        components=components,
    )
