"""What rating returns: the selected rate (``RateMatch``) and the priced call (``CallRating``).

Both are slotted and hold integers; ``Decimal`` and ``Fraction`` views are built only when
read, so rating a million calls does not build a million breakdowns nobody looks at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from operator import attrgetter
from typing import TYPE_CHECKING

from .cost import ONE_MICRO, micro_to_decimal, times_one_micro
from .errors import InvalidCallError, PriceNotAvailableError
from .index import CompiledRate, RateIndex
from .markup import MarkupComponent, MarkupFactors
from .money import AMOUNT_SCALE, Money, units_to_decimal
from .types import BillingMode, RateSource, RatingStatus

_NANO_MINUTE = 60 * AMOUNT_SCALE


class MatchOrigin:
    """Where a match came from and how it is billed; one per context source and call side.

    ``override`` is the plan billing mode replacing the rate's blocks (or None); ``factors``
    are the markups to apply (none for offers and carrier decks).
    """

    __slots__ = (
        "currency",
        "deck_id",
        "deck_version",
        "denominator",
        "denominator2",
        "factors",
        "index",
        "minute2",
        "override",
        "position",
        "source",
        "usage2",
    )

    def __init__(
        self,
        source: RateSource | None,
        position: int | None,
        index: RateIndex | None,
        override: BillingMode | None,
        factors: MarkupFactors,
        currency: str,
    ) -> None:
        self.source = source
        self.position = position
        self.index = index
        self.override = override
        self.factors = factors
        self.currency = currency
        self.deck_id = None if index is None else index.deck_id
        self.deck_version = None if index is None else index.version
        # The factors' integers, read by the hot path without a method call; doubled, as
        # cost.round_half_up rounds (2 * exact + den) // (2 * den).
        self.denominator = factors.denominator
        self.usage2 = 2 * factors.usage_factor
        self.minute2 = 2 * factors.minute_factor
        self.denominator2 = 2 * factors.denominator


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """The exact parts of a rated call's amount.

    Invariants: ``base_cost == connect_fee + usage_cost + flat_price`` (a per-call rate has only
    ``flat_price``; a metered rate has no ``flat_price``); ``base_cost + sum(markup amounts) ==
    total_exact``; ``total`` is ``total_exact`` rounded half up to 6 places. All ``Fraction``
    values are exact and unrounded, in ``currency`` units.
    """

    currency: str
    billed_seconds: int
    connect_fee: Fraction
    usage_cost: Fraction
    flat_price: Fraction
    base_cost: Fraction
    markups: tuple[MarkupComponent, ...]
    total_exact: Fraction
    total: Decimal


class RateMatch:
    """The rate selected for a number at a time, before the call's duration is known.

    ``rate`` is None only when the status is ``UNRATED`` (then ``matched_prefix``,
    ``destination`` and ``rate_id`` are None too). ``initial_block`` / ``increment`` are the
    effective ones (a plan billing mode may have overridden the deck's). The fields a CDR needs
    (the rate's and the origin's identity) are plain attributes, set once: reading them costs
    no computation.
    """

    __slots__ = (
        "at",
        "currency",
        "deck_id",
        "deck_version",
        "destination",
        "matched_prefix",
        "number",
        "origin",
        "rate",
        "rate_id",
        "source",
        "status",
    )

    def __init__(
        self, number: str, at: datetime, rate: CompiledRate | None, origin: MatchOrigin
    ) -> None:
        self.number = number
        self.at = at
        self.rate = rate
        self.origin = origin
        self.source = origin.source
        self.deck_id = origin.deck_id
        self.deck_version = origin.deck_version
        self.currency = origin.currency
        if rate is None:
            self.status = RatingStatus.UNRATED
            self.matched_prefix = self.destination = self.rate_id = None
        else:
            self.status = rate.tariff.status
            self.matched_prefix = rate.prefix
            self.destination = rate.destination
            self.rate_id = rate.rate_id  # the offer's id for an offer-covered call

    def price(self, duration: int) -> CallRating:
        """Price a call of ``duration`` answered seconds with this rate (see ``CallRating``)."""
        if self.rate is None:
            return unrated_call(self.number, self.at, self.origin, duration)
        return price_call(self.number, self.at, self.rate, self.origin, duration)

    if TYPE_CHECKING:

        @property
        def plan_deck_position(self) -> int | None:
            """0-based position of the matching deck in the plan (source ``PLAN`` only)."""

    else:  # a C-level getter: no Python frame per read
        plan_deck_position = property(attrgetter("origin.position"))

    @property
    def rate_per_minute(self) -> Decimal | None:
        """The deck's rate per minute before markups (0 for an offer)."""
        return None if self.rate is None else units_to_decimal(self.rate.tariff.rate_units)

    @property
    def connect_fee(self) -> Decimal | None:
        return None if self.rate is None else units_to_decimal(self.rate.tariff.connect_units)

    @property
    def flat_price(self) -> Decimal | None:
        if self.rate is None or self.rate.tariff.flat_units is None:
            return None
        return units_to_decimal(self.rate.tariff.flat_units)

    @property
    def initial_block(self) -> int:
        if self.rate is None:
            return 0
        return (self.origin.override or self.rate.tariff).initial_block

    @property
    def increment(self) -> int:
        if self.rate is None:
            return 0
        return (self.origin.override or self.rate.tariff).increment


class CallRating(RateMatch):
    """A priced call: the match, the duration, billed seconds and the rounded amount.

    Built by ``price_call`` / ``unrated_call`` (for ``rate_call`` and ``RateMatch.price``),
    never constructed directly.

    Invariants: a zero duration costs 0 whatever the rate (an unanswered call is never
    charged); an offer-covered call costs 0 with no markups; a flat rate costs its flat price
    (connect fee ignored) plus the percentage markups; otherwise ``billed_seconds`` follows
    ``cost.billed_seconds`` and the amount is ``connect_fee + billed * rate / 60`` with the
    markups on top, rounded once. ``total`` is None unless the status is ``RATED``.
    """

    __slots__ = ("billed_seconds", "duration", "total_micro")

    billed_seconds: int
    duration: int
    total_micro: int | None

    @property
    def total(self) -> Decimal | None:
        """The charged amount (6 decimal places), or None when the call has no price."""
        micro = self.total_micro
        return None if micro is None else times_one_micro(micro, ONE_MICRO)  # = micro_to_decimal

    def as_money(self) -> Money:
        """The charged amount with its currency; raises if the call has no price."""
        if self.total_micro is None:
            raise PriceNotAvailableError(f"a call with status {self.status} has no amount")
        return Money(micro_to_decimal(self.total_micro), self.origin.currency)

    @property
    def breakdown(self) -> CostBreakdown | None:
        """The exact components of ``total`` (None when the call has no price)."""
        if self.total_micro is None or self.rate is None:
            return None
        tariff = self.rate.tariff
        factors = self.origin.factors
        billed = self.billed_seconds
        connect = usage = flat = Fraction(0)
        base60 = markup_seconds = 0
        if billed and tariff.flat_units is not None:
            base60 = tariff.flat_units * 60
            flat = Fraction(base60, _NANO_MINUTE)
        elif billed:
            base60 = tariff.connect_units * 60 + billed * tariff.rate_units
            markup_seconds = billed
            connect = Fraction(tariff.connect_units, AMOUNT_SCALE)
            usage = Fraction(billed * tariff.rate_units, _NANO_MINUTE)
        return CostBreakdown(
            currency=self.origin.currency,
            billed_seconds=billed,
            connect_fee=connect,
            usage_cost=usage,
            flat_price=flat,
            base_cost=Fraction(base60, _NANO_MINUTE),  # = connect_fee + usage_cost + flat_price
            markups=factors.components(base60, markup_seconds) if billed else (),
            total_exact=factors.exact_total(base60, markup_seconds),
            total=micro_to_decimal(self.total_micro),
        )


_new = object.__new__


def _check_duration(duration: int) -> None:
    if duration.__class__ is not int or duration < 0:
        raise InvalidCallError(f"duration must be a non-negative int of seconds: {duration!r}")


def unrated_call(number: str, at: datetime, origin: MatchOrigin, duration: int) -> CallRating:
    """The result of a call no source covers: status ``UNRATED``, no amount (never 0)."""
    _check_duration(duration)
    call = _new(CallRating)
    RateMatch.__init__(call, number, at, None, origin)
    call.duration = duration
    call.billed_seconds = 0
    call.total_micro = None
    return call


def price_call(
    number: str, at: datetime, rate: CompiledRate, origin: MatchOrigin, duration: int
) -> CallRating:
    """Price a call of ``duration`` answered seconds with ``rate`` (see ``CallRating``).

    The hot path's constructor: each slot is stored once, with ``RateMatch.__init__``,
    ``cost.billed_seconds`` and ``cost.round_half_up`` inlined (no further frame, no type
    dispatch); a property test keeps the result equal to theirs.
    """
    if duration.__class__ is not int or duration < 0:
        _check_duration(duration)  # raises
    call = _new(CallRating)
    call.number = number
    call.at = at
    call.rate = rate
    call.origin = origin
    call.duration = duration
    call.source = origin.source
    call.deck_id = origin.deck_id
    call.deck_version = origin.deck_version
    call.currency = origin.currency
    tariff = rate.tariff
    call.status = tariff.status
    call.matched_prefix = rate.prefix
    call.destination = rate.destination
    call.rate_id = rate.rate_id  # the offer's id for an offer-covered call
    if not (duration and tariff.priced):
        call.billed_seconds = 0
        call.total_micro = 0 if tariff.priced else None
        return call
    flat = tariff.flat_units
    if flat is None:
        blocks = origin.override or tariff
        initial = blocks.initial_block
        billed = (
            initial
            if duration <= initial
            else initial - (initial - duration) // blocks.increment * blocks.increment
        )
        # Twice the exact amount (MarkupFactors.total_micro) plus the denominator: the
        # numerator of cost.round_half_up, its doublings folded into the origin's factors.
        twice = (tariff.connect_units * 60 + billed * tariff.rate_units) * origin.usage2
        twice += billed * origin.minute2 + origin.denominator
    else:
        billed = duration
        twice = flat * 60 * origin.usage2 + origin.denominator
    call.billed_seconds = billed
    call.total_micro = twice // origin.denominator2  # the one rounding, half up
    return call
