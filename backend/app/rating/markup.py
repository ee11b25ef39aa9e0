"""Markups on top of the base cost, in the one documented order, as exact integer factors.

Order (docs/rating.md "Markup order"):

1. plan markup: ``plan_percent`` of the base cost plus ``plan_per_minute`` per billed minute,
   both computed on the base cost (neither compounds the other);
2. international markup: ``international_percent`` of the running total, only when the number
   is outside the client's home country code;
3. reseller margins: each reseller's percent of the running total, top-level reseller first,
   down to the client's own reseller.

A step whose value is zero is skipped and listed nowhere. The exact total is
``base * F_usage + markup_seconds * F_minute`` over a common denominator, so the hot path does
two integer multiplications and one rounding whatever the number of steps.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .cost import MICRO, round_half_up
from .errors import InvalidMarkupError
from .money import AMOUNT_SCALE, RATIO_SCALE, amount_to_units, percent_to_ratio_units
from .types import Markups, RateId

_NANO_PER_MICRO = AMOUNT_SCALE // MICRO
_BASE_DENOMINATOR = 60 * AMOUNT_SCALE
"""A base cost is ``base60`` (nano-units times 60) over this, in currency units."""


@dataclass(frozen=True, slots=True)
class MarkupComponent:
    """One applied markup: its kind, the exact amount it adds, and the reseller if any.

    ``kind`` is one of "plan_percent", "plan_per_minute", "international", "reseller".
    """

    kind: str
    amount: Fraction
    reseller_id: RateId | None = None


class MarkupFactors:
    """The markups of one pricing context for one side of the home-country line.

    The exact amount of a call, in micro-units, is ``(base60 * usage_factor + markup_seconds *
    minute_factor) / denominator`` where ``base60`` is the base cost in nano-units times 60 and
    ``markup_seconds`` the billed seconds the per-minute markup applies to.
    """

    __slots__ = (
        "_following",
        "_per_minute",
        "_plan_ratio",
        "denominator",
        "minute_factor",
        "usage_factor",
    )

    def __init__(self, markups: Markups, international: bool) -> None:
        scale = RATIO_SCALE
        self._plan_ratio = percent_to_ratio_units(markups.plan_percent, "plan markup")
        self._per_minute = amount_to_units(
            markups.plan_per_minute, "plan per-minute markup", InvalidMarkupError
        )
        following: list[tuple[str, RateId | None, int]] = []
        if international:
            ratio = percent_to_ratio_units(markups.international_percent, "international markup")
            following.append(("international", None, ratio))
        for margin in markups.reseller_margins:
            ratio = percent_to_ratio_units(margin.percent, f"reseller {margin.reseller_id} margin")
            following.append(("reseller", margin.reseller_id, ratio))
        self._following = tuple(step for step in following if step[2])
        usage, minute, denominator = 1, 0, 60 * _NANO_PER_MICRO
        if self._plan_ratio or self._per_minute:
            usage, minute = scale + self._plan_ratio, self._per_minute * scale
            denominator *= scale
        for _, _, ratio in self._following:
            usage *= scale + ratio
            minute *= scale + ratio
            denominator *= scale
        # Reduce the fraction: 10 % of a 9-place scale becomes 11/10, so the hot path multiplies
        # small integers instead of 140-bit ones. Same rational value, same rounding.
        common = math.gcd(usage, minute, denominator)
        self.usage_factor = usage // common
        self.minute_factor = minute // common
        self.denominator = denominator // common

    def total_micro(self, base60: int, markup_seconds: int) -> int:
        """The call's charged amount in micro-units: the only rounding (half up, 6 places)."""
        exact = base60 * self.usage_factor + markup_seconds * self.minute_factor
        return round_half_up(exact, self.denominator)

    def exact_total(self, base60: int, markup_seconds: int) -> Fraction:
        """The unrounded amount in currency units (what ``total_micro`` rounds)."""
        exact = base60 * self.usage_factor + markup_seconds * self.minute_factor
        return Fraction(exact, self.denominator * MICRO)

    def components(self, base60: int, markup_seconds: int) -> tuple[MarkupComponent, ...]:
        """Each markup's exact amount, in application order, for a base cost of ``base60`` / 60
        nano-units; their sum plus the base is the exact total (``exact_total``).

        The running total is kept as an integer numerator over a known denominator, so each
        amount is one ``Fraction`` (one gcd), not a chain of ``Fraction`` operations.
        """
        applied: list[MarkupComponent] = []
        scale = RATIO_SCALE
        running = base60 * scale  # the running total, over _BASE_DENOMINATOR * scale
        denominator = _BASE_DENOMINATOR * scale
        if self._plan_ratio:
            amount = base60 * self._plan_ratio
            applied.append(MarkupComponent("plan_percent", Fraction(amount, denominator)))
            running += amount
        if self._per_minute and markup_seconds:
            amount = markup_seconds * self._per_minute * scale
            applied.append(MarkupComponent("plan_per_minute", Fraction(amount, denominator)))
            running += amount
        for kind, reseller_id, ratio in self._following:
            amount = running * ratio
            denominator *= scale
            applied.append(MarkupComponent(kind, Fraction(amount, denominator), reseller_id))
            running = running * scale + amount
        return tuple(applied)
