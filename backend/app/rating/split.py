"""Pricing part of a call: what the allowance (bundle) layer needs from the engine's maths.

A bundle covers the first seconds of a call's *billed* time; the rest (the overflow) is charged
at the call's rate. These functions price that rest with the exact formula and the one
half-up rounding of ``CallRating`` (docs/rating.md), so an overflow equal to the whole call
with the connect fee costs exactly the call's ``total``.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR

from .affordable import DEFAULT_CAP_SECONDS, max_duration
from .cost import AMOUNT_PLACES
from .errors import InvalidCallError
from .money import EXACT, Money, same_currency
from .result import RateMatch
from .types import RateSource


def is_metered(match: RateMatch) -> bool:
    """True when the call's price grows with its billed seconds: a priced deck rate without a
    flat per-call price, not an offer. Only such calls can draw a time allowance."""
    rate = match.rate
    return (
        rate is not None
        and rate.tariff.priced
        and rate.tariff.flat_units is None
        and match.source is not RateSource.OFFER
    )


def part_micro(match: RateMatch, seconds: int, *, connect_fee: bool) -> int:
    """The amount, in micro-units, of ``seconds`` billed seconds at the match's rate, with
    the match's markups, rounded once half up; plus the connect fee when ``connect_fee``.

    ``seconds`` are taken as billed already (no initial block or increment applied here).
    Invariant: ``part_micro(r, r.billed_seconds, connect_fee=True) == r.total_micro`` for a
    rated, metered call ``r`` with a positive duration.
    """
    if seconds.__class__ is not int or seconds < 0:
        raise InvalidCallError(f"seconds must be a non-negative int: {seconds!r}")
    if not is_metered(match):
        raise InvalidCallError("only a priced, metered rate can be split into parts")
    tariff = match.rate.tariff  # type: ignore[union-attr]  # is_metered: rate is set
    if seconds == 0 and not connect_fee:
        return 0
    factors = match.origin.factors
    base60 = seconds * tariff.rate_units + (tariff.connect_units * 60 if connect_fee else 0)
    return factors.total_micro(base60, seconds)


def max_duration_with_allowance(
    match: RateMatch,
    balance: Money,
    free_seconds: int,
    cap_seconds: int = DEFAULT_CAP_SECONDS,
) -> int:
    """The longest call the balance pays for when its first ``free_seconds`` billed seconds
    are covered by an allowance (the overflow rule of ``app.bundles``: the overflow is charged
    per second at the rate, without the connect fee, once any allowance is drawn).

    Invariants, with ``m`` the result: ``m`` is on the rate's billing grid (or the cap);
    charging ``m`` seconds (``billed(m) - free`` of overflow) costs no more than ``balance``;
    0 for a negative balance; with ``free_seconds == 0`` (or a rate that cannot draw an
    allowance) it is ``max_duration``.
    """
    if free_seconds.__class__ is not int or free_seconds < 0:
        raise InvalidCallError(f"free seconds must be a non-negative int: {free_seconds!r}")
    if free_seconds == 0 or not is_metered(match):
        return max_duration(match, balance, cap_seconds)
    same_currency(balance.currency, match.currency)
    if type(cap_seconds) is not int or cap_seconds < 0:
        raise InvalidCallError(f"cap must be a non-negative int of seconds: {cap_seconds!r}")
    in_micro = balance.amount.scaleb(AMOUNT_PLACES, EXACT)
    limit = int(in_micro.to_integral_value(rounding=ROUND_FLOOR, context=EXACT))
    if limit < 0:
        return 0  # as max_duration: a negative balance grants nothing, free time included
    tariff = match.rate.tariff  # type: ignore[union-attr]  # is_metered: rate is set
    factors = match.origin.factors
    slope = tariff.rate_units * factors.usage_factor + factors.minute_factor
    if slope == 0:
        return cap_seconds
    # cost(o) = (2 * o * slope + den) // (2 * den) <= limit  <=>  2 * o * slope < room
    den = factors.denominator
    room = 2 * den * (limit + 1) - den
    most_billed = free_seconds + (room - 1) // (2 * slope)
    initial, increment = match.initial_block, match.increment
    if most_billed < (initial if initial > 0 else increment):
        return 0
    longest = initial + (most_billed - initial) // increment * increment
    return min(longest, cap_seconds)
