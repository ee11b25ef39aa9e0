"""The value types the ratedecks bridge hands to the engine, and the enums results carry.

These are plain, immutable descriptions. They are validated (and turned into the compiled,
integer form the hot path uses) when an index or a pricing context is built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from .bands import TimeBand
from .errors import InvalidMarkupError, InvalidRateError

RateId = int | str
"""Identifier of a rate, offer, deck, reseller or trunk as the database knows it."""

_ZERO = Decimal(0)


class RatingStatus(StrEnum):
    """What became of a call. Only ``RATED`` results carry an amount."""

    RATED = "rated"
    UNRATED = "unrated"
    """No source has a rate for the number: never priced at 0 by accident."""
    BLOCKED = "blocked"
    """The matched rate says the destination is not allowed."""
    PENDING_PRICE = "pending_price"
    """The matched rate is late-billed: the price is only known afterwards."""


class RateSource(StrEnum):
    """Where the applied rate came from, in selection-priority order (carrier is buy side)."""

    OFFER = "offer"
    CUSTOM = "custom"
    PLAN = "plan"
    DEFAULT = "default"
    CARRIER = "carrier"
    SPECIAL = "special"
    """A special-number pattern (``1300*``) priced before the tariff (``direction.CallPricer``)."""
    INBOUND = "inbound"
    """The plan's inbound tariff (``direction.CallPricer``)."""


@dataclass(frozen=True, slots=True)
class Rate:
    """One line of a rate deck.

    ``initial_block`` is the minimum billed time in seconds (>= 0); ``increment`` the billing
    granularity after it (>= 1). A ``flat_price`` makes the rate per-call: any answered call
    costs exactly that, whatever its duration or connect fee. ``effective_from`` /
    ``effective_until`` bound a half-open window ``[from, until)`` of timezone-aware instants.
    ``allowed=False`` blocks the destination; ``late_billed=True`` marks a rate whose price is
    only known later (status ``pending_price``).
    """

    rate_id: RateId
    prefix: str
    destination: str
    rate_per_minute: Decimal
    connect_fee: Decimal = _ZERO
    initial_block: int = 1
    increment: int = 1
    flat_price: Decimal | None = None
    effective_from: datetime | None = None
    effective_until: datetime | None = None
    band: TimeBand | None = None
    allowed: bool = True
    late_billed: bool = False


@dataclass(frozen=True, slots=True)
class RateDeck:
    """A versioned set of rates in one currency (a carrier deck, a plan deck, custom rates)."""

    deck_id: RateId
    version: int
    currency: str
    rates: Sequence[Rate]


@dataclass(frozen=True, slots=True)
class Offer:
    """A client's free-calling package: numbers under ``prefix`` cost 0 in [starts, expires)."""

    offer_id: RateId
    prefix: str
    destination: str
    starts_at: datetime
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class BillingMode:
    """A plan-level override of the decks' initial block and increment (seconds)."""

    initial_block: int
    increment: int

    def __post_init__(self) -> None:
        check_blocks(self.initial_block, self.increment, "billing mode")

    @classmethod
    def per_second(cls) -> BillingMode:
        return cls(1, 1)

    @classmethod
    def per_minute(cls) -> BillingMode:
        return cls(60, 60)


@dataclass(frozen=True, slots=True)
class ResellerMargin:
    """One reseller's margin, a percentage on top of its parent's price."""

    reseller_id: RateId
    percent: Decimal


@dataclass(frozen=True, slots=True)
class Markups:
    """What a client pays on top of the matched sell rate, applied in this field order.

    1. ``plan_percent`` of the base cost and ``plan_per_minute`` per billed minute (plan markup);
    2. ``international_percent`` of the running total, when the number is outside the client's
       home country code;
    3. each ``reseller_margins`` entry's percent of the running total, top-level reseller first.
    All values are non-negative; a call covered by an offer gets none of them.
    """

    plan_percent: Decimal = _ZERO
    plan_per_minute: Decimal = _ZERO
    international_percent: Decimal = _ZERO
    reseller_margins: tuple[ResellerMargin, ...] = field(default=())

    def __post_init__(self) -> None:
        values = [self.plan_percent, self.plan_per_minute, self.international_percent]
        values += [margin.percent for margin in self.reseller_margins]
        for value in values:
            if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
                raise InvalidMarkupError(f"markups must be non-negative Decimals, got {value!r}")


NO_MARKUPS = Markups()


def check_blocks(initial_block: int, increment: int, what: str) -> None:
    """Raise unless ``initial_block >= 0`` and ``increment >= 1`` are plain integers."""
    for value in (initial_block, increment):
        if type(value) is not int:
            raise InvalidRateError(f"{what}: blocks must be integers of seconds, got {value!r}")
    if initial_block < 0 or increment < 1:
        raise InvalidRateError(
            f"{what}: initial block must be >= 0 and increment >= 1, "
            f"got {initial_block}/{increment}"
        )
