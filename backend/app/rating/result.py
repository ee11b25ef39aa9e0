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

from .cost import ONE_MICRO, micro_to_decimal, round_half_up, times_one_micro
from .errors import InvalidCallError, PriceNotAvailableError
from .index import CompiledRate, RateIndex
from .markup import MarkupComponent, MarkupFactors
from .money import AMOUNT_SCALE, Money, units_to_decimal
from .types import BillingMode, RateId, RateSource, RatingStatus

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
        "factors",
        "index",
        "minute_factor",
        "override",
        "position",
        "source",
        "usage_factor",
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
        # Copies of the factors' integers: the hot path reads them without a method call.
        self.usage_factor = factors.usage_factor
        self.minute_factor = factors.minute_factor
        self.denominator = factors.denominator


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
    are plain attributes, set once: reading them costs no computation.
    """

    __slots__ = (
        "at",
        "destination",
        "matched_prefix",
        "number",
        "origin",
        "rate",
        "rate_id",
        "status",
    )

    def __init__(
        self, number: str, at: datetime, rate: CompiledRate | None, origin: MatchOrigin
    ) -> None:
        self.number = number
        self.at = at
        self.rate = rate
        self.origin = origin
        if rate is None:
            self.status = RatingStatus.UNRATED
            self.matched_prefix = self.destination = self.rate_id = None
        else:
            self.status = rate.tariff.status
            self.matched_prefix = number[: rate.prefix_length]
            self.destination = rate.destination
            self.rate_id = rate.rate_id  # the offer's id for an offer-covered call

    def price(self, duration: int) -> CallRating:
        """Price a call of ``duration`` answered seconds with this rate (see ``CallRating``)."""
        return CallRating(self.number, self.at, self.rate, self.origin, duration)

    # The origin's fields, read through C-level getters (no Python frame per read).
    if TYPE_CHECKING:

        @property
        def source(self) -> RateSource | None: ...
        @property
        def plan_deck_position(self) -> int | None:
            """0-based position of the matching deck in the plan (source ``PLAN`` only)."""

        @property
        def currency(self) -> str: ...
        @property
        def deck_id(self) -> RateId | None: ...
        @property
        def deck_version(self) -> int | None: ...

    else:
        source = property(attrgetter("origin.source"))
        plan_deck_position = property(attrgetter("origin.position"))
        currency = property(attrgetter("origin.currency"))
        deck_id = property(attrgetter("origin.deck_id"))
        deck_version = property(attrgetter("origin.deck_version"))

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

    Invariants: a zero duration costs 0 whatever the rate (an unanswered call is never
    charged); an offer-covered call costs 0 with no markups; a flat rate costs its flat price
    (connect fee ignored) plus the percentage markups; otherwise ``billed_seconds`` follows
    ``cost.billed_seconds`` and the amount is ``connect_fee + billed * rate / 60`` with the
    markups on top, rounded once. ``total`` is None unless the status is ``RATED``.
    """

    __slots__ = ("billed_seconds", "duration", "total_micro")

    def __init__(
        self,
        number: str,
        at: datetime,
        rate: CompiledRate | None,
        origin: MatchOrigin,
        duration: int,
    ) -> None:
        if duration.__class__ is not int or duration < 0:
            raise InvalidCallError(f"duration must be a non-negative int of seconds: {duration!r}")
        # RateMatch.__init__, inlined: this constructor is the hot path's biggest cost.
        self.number = number
        self.at = at
        self.rate = rate
        self.origin = origin
        self.duration = duration
        self.billed_seconds = 0
        self.total_micro: int | None = None
        if rate is None:
            self.status = RatingStatus.UNRATED
            self.matched_prefix = self.destination = self.rate_id = None
            return
        tariff = rate.tariff
        self.status = tariff.status
        self.matched_prefix = number[: rate.prefix_length]
        self.destination = rate.destination
        self.rate_id = rate.rate_id
        if not tariff.priced:
            return
        flat = tariff.flat_units
        if not duration:
            self.total_micro = 0
        elif flat is None:
            blocks = origin.override or tariff
            initial = blocks.initial_block
            # cost.billed_seconds, inlined on the hot path (a property test keeps them equal).
            billed = (
                initial
                if duration <= initial
                else initial - (initial - duration) // blocks.increment * blocks.increment
            )
            base60 = tariff.connect_units * 60 + billed * tariff.rate_units
            exact = base60 * origin.usage_factor + billed * origin.minute_factor
            self.billed_seconds = billed
            self.total_micro = round_half_up(exact, origin.denominator)
        else:
            self.billed_seconds = duration
            self.total_micro = round_half_up(flat * 60 * origin.usage_factor, origin.denominator)

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
        zero = Fraction(0)
        connect = usage = flat = zero
        base60 = markup_seconds = 0
        if self.billed_seconds and tariff.flat_units is not None:
            base60 = tariff.flat_units * 60
            flat = Fraction(base60, _NANO_MINUTE)
        elif self.billed_seconds:
            base60 = tariff.connect_units * 60 + self.billed_seconds * tariff.rate_units
            markup_seconds = self.billed_seconds
            connect = Fraction(tariff.connect_units, AMOUNT_SCALE)
            usage = Fraction(self.billed_seconds * tariff.rate_units, _NANO_MINUTE)
        base = connect + usage + flat
        return CostBreakdown(
            currency=self.origin.currency,
            billed_seconds=self.billed_seconds,
            connect_fee=connect,
            usage_cost=usage,
            flat_price=flat,
            base_cost=base,
            markups=factors.components(base, markup_seconds) if self.billed_seconds else (),
            total_exact=factors.exact_total(base60, markup_seconds),
            total=micro_to_decimal(self.total_micro),
        )
