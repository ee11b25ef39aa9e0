"""Compiling a deck (or a client's offers) into a ``RateIndex``, validating every line.

Bad input is rejected whole, naming the deck line: a deck is never half-loaded.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from .bands import TimeBand
from .errors import DuplicateRateError, InvalidRateError, RatingError
from .index import CompiledRate, RateIndex, Tariff, TimedRate
from .money import AMOUNT_SCALE
from .types import Offer, Rate, RateDeck, check_blocks


def build_index(deck: RateDeck) -> RateIndex:
    """Compile a deck into a ``RateIndex``; raise ``InvalidRateError`` naming the bad line.

    Invariants: every rate is validated (digits-only prefix, non-negative amounts exact to 9
    decimals, ``initial_block >= 0``, ``increment >= 1``, aware datetimes with from < until);
    two rates with equal prefix, window and band raise ``DuplicateRateError``.
    """
    index = RateIndex(deck.deck_id, deck.version, deck.currency)
    tariffs: dict[tuple[int, int, int | None, int, int, bool, bool], Tariff] = {}
    names: dict[str, str] = {}
    multi: dict[str, list[CompiledRate]] = {}
    table = index._table
    for position, rate in enumerate(deck.rates, start=1):
        try:
            key = _tariff_key(rate)
            timeless = rate.effective_from is None and rate.effective_until is None
            timed = None if timeless and rate.band is None else _validity(rate)
        except RatingError as error:
            raise type(error)(f"deck {deck.deck_id} line {position}: {error}") from None
        tariff = tariffs.get(key)
        if tariff is None:
            tariff = tariffs[key] = Tariff(key)
        prefix = rate.prefix
        destination = names.setdefault(rate.destination, rate.destination)
        compiled = (
            TimedRate(rate.rate_id, destination, tariff, prefix, timed, rate.band)
            if timed is not None
            else CompiledRate(rate.rate_id, destination, tariff, prefix)
        )
        if compiled.__class__ is CompiledRate and prefix not in table:
            table[prefix] = compiled  # the common case; _insert handles the rest
            index.size += 1
        else:
            _insert(index, multi, prefix, compiled)
    _resolve_multi(index, multi, strict=True)
    index._finish()
    return index


_OFFER_TARIFF = Tariff((0, 0, None, 1, 1, True, False))


def build_offer_index(offers: Iterable[Offer], currency: str) -> RateIndex:
    """Compile a client's offers into an index of zero-priced, windowed candidates."""
    index = RateIndex(None, None, currency)
    multi: dict[str, list[CompiledRate]] = {}
    for offer in offers:
        what = f"offer {offer.offer_id} (prefix {offer.prefix!r})"
        _check_prefix(offer.prefix, what)
        window = _window(offer.starts_at, offer.expires_at, what)
        prefix = offer.prefix
        compiled = TimedRate(offer.offer_id, offer.destination, _OFFER_TARIFF, prefix, window, None)
        _insert(index, multi, prefix, compiled)
    # Overlapping offers for one prefix are legitimate (a renewal bought early): any active one
    # makes the call free, so no duplicate check.
    _resolve_multi(index, multi, strict=False)
    index._finish()
    return index


def _insert(
    index: RateIndex, multi: dict[str, list[CompiledRate]], prefix: str, compiled: CompiledRate
) -> None:
    table = index._table
    index.size += 1
    existing = table.get(prefix)
    if existing is None and compiled.__class__ is CompiledRate:
        table[prefix] = compiled
        return
    candidates = multi.get(prefix)
    if candidates is None:
        candidates = multi[prefix] = []
        if isinstance(existing, CompiledRate):
            candidates.append(existing)
        table[prefix] = ()
    candidates.append(compiled)


def _resolve_multi(index: RateIndex, multi: dict[str, list[CompiledRate]], strict: bool) -> None:
    for prefix, candidates in multi.items():
        if strict:
            _reject_duplicates(index.deck_id, prefix, candidates)
        index._table[prefix] = tuple(sorted(candidates, key=_newest_first))


def _newest_first(candidate: CompiledRate) -> tuple[float, bool]:
    start = candidate.effective_from
    return (-start.timestamp() if start is not None else math.inf, candidate.band is None)


def _reject_duplicates(deck_id: object, prefix: str, candidates: list[CompiledRate]) -> None:
    seen: set[tuple[object, ...]] = set()
    for candidate in candidates:
        marker = (candidate.effective_from, candidate.effective_until, candidate.band)
        if marker in seen:
            raise DuplicateRateError(
                f"deck {deck_id}: prefix {prefix!r} has two rates with the same "
                "effective window and time band"
            )
        seen.add(marker)


def _tariff_key(rate: Rate) -> tuple[int, int, int | None, int, int, bool, bool]:
    prefix, initial, increment = rate.prefix, rate.initial_block, rate.increment
    if not (prefix.__class__ is str and prefix.isdigit() and prefix.isascii()):
        _check_prefix(prefix, f"prefix {prefix!r}")
    if initial.__class__ is not int or increment.__class__ is not int or initial < 0:
        check_blocks(initial, increment, f"prefix {prefix!r}")
    if increment < 1:
        check_blocks(initial, increment, f"prefix {prefix!r}")
    if rate.allowed.__class__ is not bool or rate.late_billed.__class__ is not bool:
        raise InvalidRateError(f"prefix {prefix!r}: allowed and late_billed must be booleans")
    flat = None if rate.flat_price is None else _units(rate.flat_price, prefix, "flat price")
    return (
        _units(rate.rate_per_minute, prefix, "rate per minute"),
        _units(rate.connect_fee, prefix, "connect fee"),
        flat,
        initial,
        increment,
        rate.allowed,
        rate.late_billed,
    )


def _units(value: Decimal, prefix: str, field: str) -> int:
    """Exact nano-units of a non-negative Decimal (as_integer_ratio: the fastest exact test)."""
    if value.__class__ is Decimal:
        try:
            numerator, denominator = value.as_integer_ratio()
        except (ValueError, OverflowError):  # NaN or infinity: rejected below
            numerator, denominator = -1, 1
        if numerator >= 0 and not AMOUNT_SCALE % denominator:
            return numerator * (AMOUNT_SCALE // denominator)
    problem = "must be a finite, non-negative Decimal with at most 9 decimal places"
    raise InvalidRateError(f"prefix {prefix!r}: {field} {problem}, got {value!r}")


def _validity(rate: Rate) -> tuple[datetime | None, datetime | None]:
    """The checked effective window of a rate that has a window or a band."""
    if rate.band is not None and not isinstance(rate.band, TimeBand):
        raise InvalidRateError(f"prefix {rate.prefix!r}: band must be a TimeBand")
    return _window(rate.effective_from, rate.effective_until, f"prefix {rate.prefix!r}")


def _check_prefix(prefix: str, what: str) -> None:
    if not (prefix.__class__ is str and prefix.isdigit() and prefix.isascii()):
        raise InvalidRateError(f"{what}: a prefix must be a non-empty string of ASCII digits")


def _window(
    start: datetime | None, end: datetime | None, what: str
) -> tuple[datetime | None, datetime | None]:
    for bound in (start, end):
        if bound is not None and (not isinstance(bound, datetime) or bound.utcoffset() is None):
            raise InvalidRateError(f"{what}: effective dates must be timezone-aware datetimes")
    if start is not None and end is not None and not start < end:
        raise InvalidRateError(f"{what}: effective window [{start}, {end}) is empty")
    return start, end
