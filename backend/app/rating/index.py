"""The prefix index: built once per deck version (``build.py``), answering longest-prefix
matches. The layout is described on ``RateIndex`` and measured in docs/rating.md.

A value in the index is one compiled rate (the common case: no effective window, no band) or a
tuple of candidates for that prefix, ordered so that the first one active at the call's time is
the one that applies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, tzinfo

from .bands import TimeBand
from .money import check_currency
from .types import RateId, RatingStatus


class Tariff:
    """The priced part of a rate, in exact integer nano-units; shared by equal rates."""

    __slots__ = (
        "allowed",
        "connect_units",
        "flat_units",
        "increment",
        "initial_block",
        "late_billed",
        "priced",
        "rate_units",
        "status",
    )

    def __init__(self, key: tuple[int, int, int | None, int, int, bool, bool]) -> None:
        (
            self.rate_units,
            self.connect_units,
            self.flat_units,
            self.initial_block,
            self.increment,
            self.allowed,
            self.late_billed,
        ) = key
        self.priced = self.allowed and not self.late_billed
        self.status = (
            RatingStatus.BLOCKED
            if not self.allowed
            else RatingStatus.PENDING_PRICE
            if self.late_billed
            else RatingStatus.RATED
        )


class CompiledRate:
    """One deck line as the hot path sees it: identity, tariff and prefix.

    ``prefix`` is the index's own key string, so a match's ``matched_prefix`` is read, not
    sliced. Plain rates have no window and no band (the class attributes below); ``TimedRate``
    adds them as slots.
    """

    __slots__ = ("destination", "prefix", "rate_id", "tariff")

    band: TimeBand | None = None
    effective_from: datetime | None = None
    effective_until: datetime | None = None

    def __init__(self, rate_id: RateId, destination: str, tariff: Tariff, prefix: str) -> None:
        self.rate_id = rate_id
        self.destination = destination
        self.tariff = tariff
        self.prefix = prefix

    def applies_at(self, at: datetime, local: datetime | None) -> bool:
        """True if ``at`` is inside [from, until) and ``local`` inside the band."""
        if self.effective_from is not None and at < self.effective_from:
            return False
        if self.effective_until is not None and at >= self.effective_until:
            return False
        return self.band is None or (local is not None and self.band.contains(local))


class TimedRate(CompiledRate):
    """A compiled rate limited to a half-open effective window and/or a time band."""

    __slots__ = ("band", "effective_from", "effective_until")

    def __init__(
        self,
        rate_id: RateId,
        destination: str,
        tariff: Tariff,
        prefix: str,
        window: tuple[datetime | None, datetime | None],
        band: TimeBand | None,
    ) -> None:
        super().__init__(rate_id, destination, tariff, prefix)
        self.effective_from, self.effective_until = window
        self.band = band


Entry = CompiledRate | tuple[CompiledRate, ...]
Fallback = CompiledRate | tuple[Entry, ...]
Head = tuple[tuple[int, ...], Fallback]

HEAD_DIGITS = 4
"""Numbers are first located by their leading 4 digits; see ``RateIndex``."""

NO_HEAD: Head = ((), ())


class RateIndex:
    """Longest-prefix lookup over one deck version. Immutable once built.

    Layout (chosen by measurement, docs/rating.md): a dict from prefix string to entry, and a
    dict of "heads" keyed by a number's first 4 digits (a shorter number is its own head, so a
    lookup always reads exactly one head). A head holds (a) the prefix lengths above 4 that
    exist under it, longest first, and (b) its fallback: what the entries of length <= 4
    prefixing it resolve to. The fallback is the plain rate itself when the longest of those
    entries is a plain rate (the common case: nothing left to look up), else the entries,
    longest first, cut after the first plain one (nothing after it can apply). A lookup reads
    the head, probes only those longer lengths (UCRM's "drop the last digit until a match",
    skipping the lengths the deck cannot match), then takes the fallback: usually one probe of
    the big dict instead of one per length in the deck.

    Invariants: ``match`` returns the rate with the longest prefix of ``number`` that applies
    at ``at``; a prefix whose every candidate is outside its window or band at ``at`` counts as
    absent, so the search goes on with shorter prefixes. Among several candidates for one
    prefix, the most recent ``effective_from`` wins, then a banded rate over an unbanded one,
    then deck order.
    """

    __slots__ = ("_heads", "_table", "currency", "deck_id", "size", "version")

    def __init__(self, deck_id: RateId | None, version: int | None, currency: str) -> None:
        self.deck_id = deck_id
        self.version = version
        self.currency = check_currency(currency)
        self._table: dict[str, Entry] = {}
        self._heads: dict[str, Head] = {}
        self.size = 0

    def match(self, number: str, at: datetime, zone: tzinfo) -> CompiledRate | None:
        """The rate applying to ``number`` (ASCII digits) at ``at``, bands read in ``zone``."""
        deep, fallback = self._heads.get(number[:HEAD_DIGITS], NO_HEAD)
        get = self._table.get
        # A length above len(number) slices the whole number: a prefix of it all the same.
        for length in deep:
            entry = get(number[:length])
            if entry.__class__ is CompiledRate:  # the common case: no window, no band
                return entry
            if entry is not None:
                found = first_applying(entry, at, zone)  # type: ignore[arg-type]  # a tuple
                if found is not None:
                    return found
        if fallback.__class__ is CompiledRate:
            return fallback
        return first_of(fallback, at, zone)  # type: ignore[arg-type]  # a tuple of entries

    def tables(self) -> tuple[dict[str, Head], Callable[[str], Entry | None]]:
        """What ``match`` reads, for a caller that inlines it over several indexes
        (``PricingContext.rate``): the heads and the prefix table's ``get``. Read only."""
        return self._heads, self._table.get

    def prefix_lengths(self) -> tuple[int, ...]:
        """The distinct prefix lengths present, longest first."""
        return tuple(sorted({len(prefix) for prefix in self._table}, reverse=True))

    def _short_entries(self, number: str) -> tuple[Entry, ...]:
        """Entries of length <= min(len(number), 4) prefixing ``number``, longest first, cut
        after the first plain rate (which always applies, so nothing after it is reached)."""
        get = self._table.get
        found: list[Entry] = []
        for length in range(min(len(number), HEAD_DIGITS), 0, -1):
            entry = get(number[:length])
            if entry is not None:
                found.append(entry)
                if entry.__class__ is CompiledRate:
                    break
        return tuple(found)

    def _finish(self) -> None:
        deep: dict[str, set[int]] = {}
        short_heads: set[str] = set()
        for prefix in self._table:
            if len(prefix) > HEAD_DIGITS:
                deep.setdefault(prefix[:HEAD_DIGITS], set()).add(len(prefix))
            else:
                short_heads.update(_extensions(prefix, HEAD_DIGITS))
        shared: dict[frozenset[int], tuple[int, ...]] = {}
        for head in deep.keys() | short_heads:
            lengths = frozenset(deep.get(head, ()))
            ordered = shared.get(lengths)
            if ordered is None:
                ordered = shared[lengths] = tuple(sorted(lengths, reverse=True))
            short = self._short_entries(head)
            plain = len(short) == 1 and short[0].__class__ is CompiledRate
            self._heads[head] = (ordered, short[0] if plain else short)


def _extensions(prefix: str, longest: int) -> Iterator[str]:
    """The heads a short prefix covers: it and each digit string extending it, up to
    ``longest`` digits (a number shorter than a head is its own head, so every lookup reads
    exactly one head)."""
    yield prefix
    for width in range(1, longest - len(prefix) + 1):
        yield from (prefix + str(n).zfill(width) for n in range(10**width))


def first_of(entries: Sequence[Entry], at: datetime, zone: tzinfo) -> CompiledRate | None:
    """The first rate applying at ``at`` among ``entries`` (longest prefix first)."""
    for entry in entries:
        if entry.__class__ is CompiledRate:
            return entry
        found = first_applying(entry, at, zone)  # type: ignore[arg-type]  # a tuple
        if found is not None:
            return found
    return None


def first_applying(
    candidates: Sequence[CompiledRate], at: datetime, zone: tzinfo
) -> CompiledRate | None:
    """The first of one prefix's candidates (ordered at build time) that applies at ``at``."""
    local: datetime | None = None
    for candidate in candidates:
        if local is None and candidate.band is not None:
            local = at.astimezone(zone)
        if candidate.applies_at(at, local):
            return candidate
    return None
