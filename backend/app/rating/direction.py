"""Per-direction pricing and special-number rules: a pre-rating step around ``PricingContext``.

ictVoIP's packages price inbound and outbound calls separately, each with its own round-up,
and check "special number" patterns (``1300*``, ``1800*`` flat per call) before the tariff.
These rules live here, beside the engine, rather than inside ``PricingContext.rate``: the hot
path stays exactly as measured (docs/rating.md) and a client without special rules or inbound
pricing pays nothing for them. The result type is the engine's own ``CallRating``.

Order for one call (``CallPricer.rate``):

1. a special rule of the call's direction whose pattern starts the number → that rule's price
   (source ``special``), whatever the decks, offers or custom rates say;
2. outbound: the client's ``PricingContext`` (offers, custom rates, plan decks, default deck);
   inbound: the plan's ``InboundTariff`` (source ``inbound``), or ``unrated`` when the plan has
   none (inbound calls are then not priced, as before).

Special rules and the inbound tariff are the plan's own prices: no markups apply to them
(the amount the operator configured is the amount charged; ictVoIP prints it as configured).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from .build import _tariff_key
from .errors import InvalidCallError, InvalidNumberError, InvalidRateError
from .index import CompiledRate, Tariff
from .normalize import normalize_number
from .result import CallRating, MatchOrigin, RateMatch, price_call, unrated_call
from .select import NO_MARKUP_FACTORS, PricingContext
from .types import Rate, RateId, RateSource

_ZERO = Decimal(0)
_SEPARATORS = str.maketrans("", "", " \t-.()/")


class Direction(StrEnum):
    OUTBOUND = "outbound"
    INBOUND = "inbound"


@dataclass(frozen=True, slots=True)
class SpecialRate:
    """One special-number rule (ictVoIP "Special Number Billing").

    ``pattern`` is digits with an optional trailing ``*`` and means a prefix (``1300*`` and
    ``1300`` are the same rule). Patterns are *national* numbers, as ictVoIP writes them: they
    are matched against the normalized number without the home country code (when it starts
    with it) and against the digits as dialled when dialled nationally (no ``+``, no exit
    code). So ``1300*`` matches ``1300 123 456`` and ``+61 1300 123 456`` alike but never a
    number abroad such as ``+1 300 …``. The longest matching pattern wins. A
    ``flat_price`` makes the rule per call; otherwise ``rate_per_minute`` / ``connect_fee`` /
    blocks price it like a deck rate.
    """

    rule_id: RateId
    pattern: str
    label: str = ""
    flat_price: Decimal | None = None
    rate_per_minute: Decimal = _ZERO
    connect_fee: Decimal = _ZERO
    initial_block: int = 1
    increment: int = 1
    direction: Direction = Direction.OUTBOUND

    @property
    def prefix(self) -> str:
        return self.pattern.removesuffix("*")


@dataclass(frozen=True, slots=True)
class InboundTariff:
    """What an inbound call costs the client (ictVoIP "Inbound Cost" and "Billing Roundup
    Inbound"): per minute, an optional connect fee, and the inbound round-up blocks."""

    rate_per_minute: Decimal
    connect_fee: Decimal = _ZERO
    initial_block: int = 1
    increment: int = 1


def _compile(rate: Rate) -> CompiledRate:
    """A deck line compiled with the engine's own validation (``InvalidRateError`` if bad)."""
    try:
        key = _tariff_key(rate)
    except InvalidRateError as error:
        raise InvalidRateError(f"rule {rate.rate_id}: {error}") from None
    return CompiledRate(rate.rate_id, rate.destination, Tariff(key), rate.prefix)


def _compile_special(rule: SpecialRate) -> CompiledRate:
    if not (rule.pattern.count("*") <= 1 and rule.prefix.isdigit() and rule.prefix.isascii()):
        raise InvalidRateError(
            f"rule {rule.rule_id}: pattern {rule.pattern!r} must be digits, optionally ending *"
        )
    return _compile(
        Rate(
            rate_id=rule.rule_id,
            prefix=rule.prefix,
            destination=rule.label or rule.pattern,
            rate_per_minute=rule.rate_per_minute,
            connect_fee=rule.connect_fee,
            initial_block=rule.initial_block,
            increment=rule.increment,
            flat_price=rule.flat_price,
        )
    )


class _Specials:
    """One direction's special rules: prefix → compiled rule, probed longest first."""

    __slots__ = ("lengths", "table")

    def __init__(self, rules: Iterable[SpecialRate]) -> None:
        self.table: dict[str, CompiledRate] = {}
        for rule in rules:
            compiled = _compile_special(rule)
            if compiled.prefix in self.table:
                raise InvalidRateError(f"two special rules for pattern {rule.pattern!r}")
            self.table[compiled.prefix] = compiled
        self.lengths = sorted({len(p) for p in self.table}, reverse=True)

    def match(self, forms: tuple[str, ...]) -> CompiledRate | None:
        table = self.table
        for length in self.lengths:
            for form in forms:
                found = table.get(form[:length]) if len(form) >= length else None
                if found is not None:
                    return found
        return None


class CallPricer:
    """A client's pricing by direction: special rules, then the tariff (see module docstring).

    Built once per client next to its ``PricingContext`` and reused. Without special rules
    and without an inbound tariff, ``rate(..., OUTBOUND)`` is exactly ``context.rate``.
    """

    __slots__ = ("_inbound", "_origins", "_specials", "context")

    def __init__(
        self,
        context: PricingContext,
        *,
        specials: Iterable[SpecialRate] = (),
        inbound: InboundTariff | None = None,
    ) -> None:
        self.context = context
        rules = list(specials)
        self._specials = {
            direction: _Specials(r for r in rules if r.direction == direction)
            for direction in Direction
        }
        currency = context.currency
        self._origins = {
            source: MatchOrigin(source, None, None, None, NO_MARKUP_FACTORS, currency)
            for source in (RateSource.SPECIAL, RateSource.INBOUND)
        }
        self._inbound = None
        if inbound is not None:
            self._inbound = _compile(
                Rate(
                    rate_id="inbound",
                    prefix="0",
                    destination="Inbound",
                    rate_per_minute=inbound.rate_per_minute,
                    connect_fee=inbound.connect_fee,
                    initial_block=inbound.initial_block,
                    increment=inbound.increment,
                )
            )

    def _select(
        self, dialled: str, at: datetime, direction: Direction
    ) -> tuple[str, CompiledRate | None, MatchOrigin] | None:
        """The special or inbound rate of a call; None when the tariff (context) decides."""
        if at.tzinfo is None:
            raise InvalidCallError(f"call time must be timezone-aware, got {at.isoformat()}")
        specials = self._specials[Direction(direction)]
        inbound = direction == Direction.INBOUND
        if not specials.table and not inbound:
            return None
        number = self._number(dialled, strict=not inbound)
        if specials.table:
            found = specials.match(self._national_forms(dialled, number))
            if found is not None:
                return number, found, self._origins[RateSource.SPECIAL]
        if not inbound:
            return None
        return number, self._inbound, self._origins[RateSource.INBOUND]

    def _national_forms(self, dialled: str, number: str) -> tuple[str, ...]:
        """The national number(s) a call was made to: the normalized number without the home
        country code, and the digits as dialled when dialled nationally (no ``+``, no exit
        code). A number abroad has none, so ``1800*`` never matches ``+1 800 …``."""
        numbering = self.context.numbering
        forms = []
        if number.startswith(numbering.country_code):
            forms.append(number[len(numbering.country_code) :])
        digits = dialled.translate(_SEPARATORS)
        exit_code = numbering.exit_code
        if digits.isdigit() and not (exit_code and digits.startswith(exit_code)):
            forms.append(digits)
        return tuple(forms)

    def _number(self, dialled: str, *, strict: bool) -> str:
        try:
            return normalize_number(dialled, self.context.numbering)
        except InvalidNumberError:
            if strict:
                raise
            return dialled  # an inbound call to an extension: priced, not matched by prefix

    def rate(
        self, dialled: str, at: datetime, duration: int, direction: str = Direction.OUTBOUND
    ) -> CallRating:
        """Price one call in ``direction`` (``CallRating``, as ``PricingContext.rate``).

        Invariants: a special rule of the direction beats every tariff source; an inbound call
        without an inbound tariff (and no special rule) is ``unrated``; a zero duration costs
        0; special and inbound amounts carry no markups.
        """
        selected = self._select(dialled, at, Direction(direction))
        if selected is None:
            return self.context.rate(dialled, at, duration)
        number, rate, origin = selected
        if rate is None:
            return unrated_call(number, at, origin, duration)
        return price_call(number, at, rate, origin, duration)

    def match(self, dialled: str, at: datetime, direction: str = Direction.OUTBOUND) -> RateMatch:
        """The rate a call would be priced with (for authorize's ``max_duration``)."""
        selected = self._select(dialled, at, Direction(direction))
        if selected is None:
            return self.context.match(dialled, at)
        number, rate, origin = selected
        return RateMatch(number, at, rate, origin)


def is_special(rating: RateMatch) -> bool:
    """True when a special-number rule priced the call (invoices list these separately)."""
    return rating.source is RateSource.SPECIAL
