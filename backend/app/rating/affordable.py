"""How long a call the available money pays for, in O(1) integer maths."""

from __future__ import annotations

from decimal import ROUND_FLOOR

from .cost import AMOUNT_PLACES
from .errors import InvalidCallError
from .money import EXACT, Money, same_currency
from .result import RateMatch

DEFAULT_CAP_SECONDS = 4 * 3600
"""The default longest call granted when money is no limit (zero rate, offer, flat price)."""


def max_duration(match: RateMatch, balance: Money, cap_seconds: int = DEFAULT_CAP_SECONDS) -> int:
    """The longest call, in seconds, whose charged amount ``balance`` still covers.

    Uses exactly the maths of ``RateMatch.price`` (connect fee, initial block, increments,
    markups, the one half-up rounding), so, with ``m`` the result and ``cost`` the rounded
    amount of ``match.price``:

    * ``cost(m) <= balance``;
    * if ``0 < m < cap_seconds``: ``cost(m + increment) > balance``;
    * 0 when even the initial block plus connect fee is unaffordable, when the balance is
      negative, and when the match has no price (unrated, blocked, pending price: the caller
      applies its own policy to those);
    * ``cap_seconds`` for a call whose cost does not grow with time (offer, flat per-call
      price, zero rate) if that cost is affordable, else 0.
    """
    same_currency(balance.currency, match.currency)
    if type(cap_seconds) is not int or cap_seconds < 0:
        raise InvalidCallError(f"cap must be a non-negative int of seconds: {cap_seconds!r}")
    in_micro = balance.amount.scaleb(AMOUNT_PLACES, EXACT)
    limit = int(in_micro.to_integral_value(rounding=ROUND_FLOOR, context=EXACT))
    rate = match.rate
    if rate is None or not rate.tariff.priced or limit < 0:
        return 0
    tariff = rate.tariff
    factors = match.origin.factors
    if tariff.flat_units is not None:
        return cap_seconds if factors.total_micro(tariff.flat_units * 60, 0) <= limit else 0
    # cost(b) = floor((2 * exact(b) + den) / (2 * den)) with exact(b) = fixed + b * slope, and
    # floor(x / y) <= limit  <=>  x < (limit + 1) * y: solve for the largest billed b.
    den = factors.denominator
    fixed = tariff.connect_units * 60 * factors.usage_factor
    slope = tariff.rate_units * factors.usage_factor + factors.minute_factor
    room = 2 * den * (limit + 1) - 1 - den - 2 * fixed
    if room < 0:
        return 0
    if slope == 0:
        return cap_seconds
    most_billed = room // (2 * slope)
    initial, increment = match.initial_block, match.increment
    smallest_billed = initial if initial > 0 else increment
    if most_billed < smallest_billed:
        return 0
    longest = initial + (most_billed - initial) // increment * increment
    return min(longest, cap_seconds)
