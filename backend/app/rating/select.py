"""Which rate applies: the pricing context of a client and the priority order of its sources.

Priority (CellHub's billing engine): an active offer covering the number, then the client's
custom rates, then the plan's decks in plan order, then the default deck. Within one source
the longest matching prefix wins; across sources the priority wins, so an offer or custom rate
covering the number beats the plan even when its prefix is shorter. No source → ``UNRATED``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, tzinfo

from .build import build_offer_index
from .errors import InvalidCallError, InvalidNumberError, InvalidRateError
from .index import HEAD_DIGITS, NO_HEAD, CompiledRate, RateIndex, first_applying, first_of
from .markup import MarkupFactors
from .money import check_currency, same_currency
from .normalize import NumberingPlan, compile_normalizer
from .result import CallRating, MatchOrigin, RateMatch, price_call, unrated_call
from .types import NO_MARKUPS, BillingMode, Markups, Offer, RateSource

NO_MARKUP_FACTORS = MarkupFactors(NO_MARKUPS, international=False)

# One source: its index and its origin for (domestic, international) calls.
Source = tuple[RateIndex, tuple[MatchOrigin, MatchOrigin]]


class PricingContext:
    """Everything that prices one client's calls, compiled once and reused for every call.

    Invariants: every deck is in ``currency`` (else ``CurrencyMismatchError``); ``timezone`` is
    the client's zone, in which time bands are read; ``billing_mode``, when given, replaces the
    initial block and increment of plan-deck and default-deck rates (not of custom rates, which
    are the client's own negotiated terms); offers carry no markups.
    """

    __slots__ = (
        "_country_code",
        "_lookups",
        "_normalize",
        "_plus_is_e164",
        "_sources",
        "_unrated",
        "billing_mode",
        "currency",
        "markups",
        "numbering",
        "timezone",
    )

    def __init__(
        self,
        *,
        currency: str,
        numbering: NumberingPlan,
        timezone: tzinfo,
        plan_decks: Sequence[RateIndex] = (),
        custom_rates: RateIndex | None = None,
        default_deck: RateIndex | None = None,
        offers: Iterable[Offer] = (),
        markups: Markups = NO_MARKUPS,
        billing_mode: BillingMode | None = None,
    ) -> None:
        self.currency = check_currency(currency)
        if not isinstance(numbering, NumberingPlan):
            raise InvalidRateError("numbering must be a NumberingPlan")
        if not isinstance(timezone, tzinfo):
            raise InvalidRateError("timezone must be a tzinfo (e.g. zoneinfo.ZoneInfo)")
        self.numbering = numbering
        self._country_code = numbering.country_code
        self._normalize = compile_normalizer(numbering)
        self._plus_is_e164 = not (numbering.strip_prefix or numbering.add_prefix)
        self.timezone = timezone
        self.markups = markups
        self.billing_mode = billing_mode
        sides = (MarkupFactors(markups, False), MarkupFactors(markups, True))
        self._unrated = tuple(MatchOrigin(None, None, None, None, f, currency) for f in sides)
        decks: list[tuple[RateSource, int | None, RateIndex | None, BillingMode | None]] = [
            (RateSource.CUSTOM, None, custom_rates, None),
            *((RateSource.PLAN, n, deck, billing_mode) for n, deck in enumerate(plan_decks)),
            (RateSource.DEFAULT, None, default_deck, billing_mode),
        ]
        self._sources = _compile_sources(build_offer_index(offers, currency), decks, sides)
        for index, _ in self._sources:
            same_currency(self.currency, index.currency)
        self._lookups = tuple((*index.tables(), origins) for index, origins in self._sources)

    def match(self, dialled: str, at: datetime) -> RateMatch:
        """Select the rate for ``dialled`` at ``at`` (see the module docstring for the order).

        Invariants: ``at`` must be timezone-aware; the number is normalized with ``numbering``;
        the result is ``UNRATED`` when no source matches, never a zero price.
        """
        if at.tzinfo is None:
            raise InvalidCallError(f"call time must be timezone-aware, got {at.isoformat()}")
        number = self._normalize(dialled)
        abroad = not number.startswith(self._country_code)
        zone = self.timezone
        for index, origins in self._sources:
            rate = index.match(number, at, zone)
            if rate is not None:
                return RateMatch(number, at, rate, origins[abroad])
        return RateMatch(number, at, None, self._unrated[abroad])

    def rate(self, dialled: str, at: datetime, duration: int) -> CallRating:
        """Price one call: ``match`` then ``RateMatch.price``, without the intermediate object.

        Invariants: the status is ``unrated`` when no source covers the number (no amount,
        never 0 by accident), ``blocked`` / ``pending_price`` for such rates (no amount); a
        rated call's ``total`` is rounded once, half up, to 6 places (``CallRating``). The
        result equals ``match(dialled, at).price(duration)``; ``RateIndex.match`` is inlined
        over the sources (a property test keeps them equal).
        """
        if at.tzinfo is None:
            raise InvalidCallError(f"call time must be timezone-aware, got {at.isoformat()}")
        # "+<digits>" is already E.164 when the plan manipulates nothing (the normalizer's own
        # fast path, without its call); anything else goes through every rule.
        plain = self._plus_is_e164 and dialled.__class__ is str and dialled[:1] == "+"
        number = dialled[1:] if plain else ""
        if not (number.isdigit() and number.isascii()):
            number = self._normalize(dialled)
        abroad = not number.startswith(self._country_code)
        head = number[:HEAD_DIGITS]
        rate: CompiledRate | None
        for heads, get, origins in self._lookups:
            deep, fallback = heads.get(head, NO_HEAD)
            for length in deep:
                entry = get(number[:length])
                if entry.__class__ is CompiledRate:  # the common case: no window, no band
                    rate = entry
                    break
                if entry is not None:  # a tuple of candidates limited in time
                    rate = first_applying(entry, at, self.timezone)  # type: ignore[arg-type]
                    if rate is not None:
                        break
            else:  # no longer prefix applies: what the head's short prefixes resolve to
                if fallback.__class__ is CompiledRate:
                    rate = fallback
                else:
                    rate = first_of(fallback, at, self.timezone)  # type: ignore[arg-type]
            if rate is not None:
                return price_call(number, at, rate, origins[abroad], duration)
        return unrated_call(number, at, self._unrated[abroad], duration)


def _compile_sources(
    offer_index: RateIndex,
    decks: list[tuple[RateSource, int | None, RateIndex | None, BillingMode | None]],
    sides: tuple[MarkupFactors, MarkupFactors],
) -> tuple[Source, ...]:
    """The context's sources in priority order, each with its (domestic, abroad) origins."""
    currency = offer_index.currency
    sources: list[Source] = []
    if offer_index.size:
        free = MatchOrigin(RateSource.OFFER, None, offer_index, None, NO_MARKUP_FACTORS, currency)
        sources.append((offer_index, (free, free)))
    for source, position, index, override in decks:
        if index is not None:
            domestic, abroad = (
                MatchOrigin(source, position, index, override, f, currency) for f in sides
            )
            sources.append((index, (domestic, abroad)))
    return tuple(sources)


def carrier_origin(carrier: RateIndex) -> MatchOrigin:
    """The origin of buy-side matches on ``carrier``: source CARRIER, no markups."""
    return MatchOrigin(RateSource.CARRIER, None, carrier, None, NO_MARKUP_FACTORS, carrier.currency)


def match_carrier(number: str, at: datetime, carrier: RateIndex, zone: tzinfo) -> RateMatch:
    """Select a carrier (buy-side) rate for an already normalized number; no markups."""
    if at.tzinfo is None:
        raise InvalidCallError(f"call time must be timezone-aware, got {at.isoformat()}")
    if not (number.__class__ is str and number.isdigit() and number.isascii()):
        raise InvalidNumberError(f"{number!r} is not a normalized number (ASCII digits)")
    return RateMatch(number, at, carrier.match(number, at, zone), carrier_origin(carrier))
