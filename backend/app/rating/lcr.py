"""Least-cost ordering of trunks for a number, from each trunk's carrier deck."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from fractions import Fraction

from .errors import InvalidCallError
from .index import RateIndex
from .money import same_currency
from .result import CallRating
from .select import match_carrier
from .types import RateId, RatingStatus


@dataclass(frozen=True, slots=True)
class CarrierTrunk:
    """A trunk and the carrier deck it is bought from; lower ``priority`` is preferred."""

    trunk_id: RateId
    carrier: RateIndex
    priority: int = 0


@dataclass(frozen=True, slots=True)
class TrunkQuote:
    """A trunk that covers the number, with the buy cost of a reference call on it.

    ``reference_cost`` is None when the carrier rate is late-billed (price unknown).
    """

    trunk_id: RateId
    priority: int
    buy: CallRating
    reference_cost: Fraction | None


def least_cost_trunks(
    trunks: Iterable[CarrierTrunk],
    number: str,
    at: datetime,
    *,
    reference_seconds: int = 60,
    timezone: tzinfo = UTC,
) -> list[TrunkQuote]:
    """The trunks whose carrier deck covers ``number`` at ``at``, cheapest first.

    Invariants: trunks with no rate or a blocked rate are left out; the order is by the exact
    buy cost of a ``reference_seconds`` call (60 s: the cost per minute, connect fee and
    initial block included), then ``priority``, then input order; late-billed rates come last.
    All carriers must share one currency (``CurrencyMismatchError``).
    """
    if type(reference_seconds) is not int or reference_seconds < 1:
        raise InvalidCallError(f"reference_seconds must be a positive int: {reference_seconds!r}")
    quotes: list[TrunkQuote] = []
    currency: str | None = None
    for trunk in trunks:
        currency = same_currency(currency or trunk.carrier.currency, trunk.carrier.currency)
        buy = match_carrier(number, at, trunk.carrier, timezone).price(reference_seconds)
        if buy.status in (RatingStatus.UNRATED, RatingStatus.BLOCKED):
            continue
        breakdown = buy.breakdown
        cost = None if breakdown is None else breakdown.total_exact
        quotes.append(TrunkQuote(trunk.trunk_id, trunk.priority, buy, cost))
    return sorted(quotes, key=_cheapest_first)


def _cheapest_first(quote: TrunkQuote) -> tuple[bool, Fraction, int]:
    unknown = quote.reference_cost is None
    return unknown, quote.reference_cost or Fraction(0), quote.priority
