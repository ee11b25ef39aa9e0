"""The engine's entry points: rate a call (sell side), cost it (buy side), and the margin."""

from __future__ import annotations

from datetime import UTC, datetime, tzinfo

from .errors import CurrencyMismatchError, PriceNotAvailableError
from .index import RateIndex
from .money import Money
from .result import CallRating, RateMatch
from .select import PricingContext, match_carrier

match_rate = PricingContext.match
"""``match_rate(context, dialled, at) -> RateMatch``: the sell rate (``PricingContext.match``)."""

rate_call = PricingContext.rate
"""``rate_call(context, dialled, at, duration) -> CallRating``: price one sell-side call.

An alias of ``PricingContext.rate`` (no extra call frame on the hot path): normalize, select
by priority, cost, mark up, round once. See that method for the invariants.
"""


def match_buy_rate(
    carrier: RateIndex, number: str, at: datetime, *, timezone: tzinfo = UTC
) -> RateMatch:
    """The carrier (buy) rate for a normalized number; the carrier's bands read in ``timezone``."""
    return match_carrier(number, at, carrier, timezone)


def rate_buy_cost(
    carrier: RateIndex, number: str, at: datetime, duration: int, *, timezone: tzinfo = UTC
) -> CallRating:
    """Price a call against a carrier deck with the same maths as the sell side, no markups."""
    return match_carrier(number, at, carrier, timezone).price(duration)


def margin(sell: CallRating, buy: CallRating) -> Money:
    """``sell - buy`` for one call, in their common currency.

    Raises ``CurrencyMismatchError`` if they are in different currencies (no conversion here)
    and ``PriceNotAvailableError`` if either side has no amount.
    """
    if sell.currency != buy.currency:
        raise CurrencyMismatchError(
            f"sell price in {sell.currency} and buy cost in {buy.currency} cannot be compared"
        )
    if sell.total_micro is None or buy.total_micro is None:
        raise PriceNotAvailableError("margin needs both a sell price and a buy cost")
    return sell.as_money() - buy.as_money()
