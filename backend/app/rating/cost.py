"""Billing increments and the one place a call's amount is rounded.

Rounding rule (docs/rating.md): a call's final amount is quantized once, by
``round_half_up``, to ``AMOUNT_PLACES`` (6) decimal places with ROUND_HALF_UP (halves away from
zero; every amount here is non-negative). Nothing upstream of it rounds.
"""

from __future__ import annotations

from decimal import Decimal

from .money import EXACT

AMOUNT_PLACES = 6
"""Decimal places of every per-call amount the engine returns."""

MICRO: int = 10**AMOUNT_PLACES

times_one_micro = EXACT.multiply  # exact: see money.EXACT
ONE_MICRO = Decimal(1).scaleb(-AMOUNT_PLACES)


def billed_seconds(duration: int, initial_block: int, increment: int) -> int:
    """Seconds billed for a call of ``duration`` answered seconds.

    Invariants: 0 for a zero duration; otherwise ``billed >= duration``, ``billed >=
    initial_block``, ``billed`` is ``initial_block`` or exceeds it by a positive multiple of
    ``increment``, and ``billed < max(duration, initial_block) + increment``.
    """
    if duration <= 0:
        return 0
    if duration <= initial_block:
        return initial_block
    return initial_block - (initial_block - duration) // increment * increment


def round_half_up(numerator: int, denominator: int) -> int:
    """``numerator / denominator`` rounded to an integer, halves up (both non-negative).

    This is the engine's only rounding: callers pass the exact amount as a fraction of
    micro-units (1e-6 of the currency) and get the charged number of micro-units.
    """
    return (2 * numerator + denominator) // (2 * denominator)


def micro_to_decimal(micro: int) -> Decimal:
    """The ``Decimal`` amount of ``micro`` micro-units, with exactly 6 decimal places."""
    return times_one_micro(micro, ONE_MICRO)
