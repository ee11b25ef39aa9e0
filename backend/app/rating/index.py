"""The prefix index: built once per deck version (``build.py``), answering longest-prefix
matches. The layout is described on ``RateIndex`` and measured in docs/rating.md.

A value in the index is one compiled rate (the common case: no effective window, no band) or a
tuple of candidates for that prefix, ordered so that the first one active at the call's time is
the one that applies.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    """One deck line as the hot path sees it: identity, tariff and prefix length.

    Plain rates have no window and no band (the class attributes below); ``TimedRate`` adds
    them as slots.
    """

    __slots__ = ("destination", "prefix_length", "rate_id", "tariff")

    band: TimeBand | None = None
    effective_from: datetime | None = None
    effective_until: datetime | None = None

    def __init__(self, rate_id: RateId, destination: str, tariff: Tariff, length: int) -> None:
        self.rate_id = rate_id
        self.destination = destination
        self.tariff = tariff
        self.prefix_length = length

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
        length: int,
        window: tuple[datetime | None, datetime | None],
        band: TimeBand | None,
    ) -> None:
        super().__init__(rate_id, destination, tariff, length)
        self.effective_from, self.effective_until = window
        self.band = band


Entry = CompiledRate | tuple[CompiledRate, ...]
Head = tuple[tuple[int, ...], tuple[Entry, ...]]

HEAD_DIGITS = 4
"""Numbers are first located by their leading 4 digits; see ``RateIndex``."""

_EMPTY_HEAD: Head = ((), ())


class RateIndex:
    """Longest-prefix lookup over one deck version. Immutable once built.

    Layout (chosen by measurement, docs/rating.md): a dict from prefix string to entry, and a
    dict of "heads" keyed by a number's first 4 digits. A head holds (a) the prefix lengths
    above 4 that exist under it, longest first, and (b) the entries of length <= 4 that prefix
    it, longest first. A lookup reads the head, probes only those longer lengths (UCRM's "drop
    the last digit until a match", skipping the lengths the deck cannot match), then falls
    back to (b): usually one probe of the big dict instead of one per length in the deck.

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
        if len(number) >= HEAD_DIGITS:
            deep, short = self._heads.get(number[:HEAD_DIGITS], _EMPTY_HEAD)
            get = self._table.get
            # A length above len(number) slices the whole number: a prefix of it all the same.
            for length in deep:
                entry = get(number[:length])
                if entry is None:
                    continue
                if entry.__class__ is CompiledRate:  # the common case: no window, no band
                    return entry
                found = _first_applying(entry, at, zone)  # type: ignore[arg-type]  # a tuple
                if found is not None:
                    return found
        else:
            short = self._short_entries(number)
        for entry in short:
            if entry.__class__ is CompiledRate:
                return entry
            found = _first_applying(entry, at, zone)  # type: ignore[arg-type]  # a tuple
            if found is not None:
                return found
        return None

    def prefix_lengths(self) -> tuple[int, ...]:
        """The distinct prefix lengths present, longest first."""
        return tuple(sorted({len(prefix) for prefix in self._table}, reverse=True))

    def _short_entries(self, number: str) -> tuple[Entry, ...]:
        """Entries of length <= min(len(number), 4) prefixing ``number``, longest first."""
        get = self._table.get
        found = (get(number[:length]) for length in range(min(len(number), HEAD_DIGITS), 0, -1))
        return tuple(entry for entry in found if entry is not None)

    def _finish(self) -> None:
        deep: dict[str, set[int]] = {}
        short_heads: set[str] = set()
        for prefix in self._table:
            if len(prefix) > HEAD_DIGITS:
                deep.setdefault(prefix[:HEAD_DIGITS], set()).add(len(prefix))
            else:
                width = HEAD_DIGITS - len(prefix)  # the heads this short prefix covers
                tails = (str(n).zfill(width) for n in range(10**width)) if width else ("",)
                short_heads.update(prefix + tail for tail in tails)
        shared: dict[frozenset[int], tuple[int, ...]] = {}
        for head in deep.keys() | short_heads:
            lengths = frozenset(deep.get(head, ()))
            ordered = shared.get(lengths)
            if ordered is None:
                ordered = shared[lengths] = tuple(sorted(lengths, reverse=True))
            self._heads[head] = (ordered, self._short_entries(head))


def _first_applying(
    candidates: Sequence[CompiledRate], at: datetime, zone: tzinfo
) -> CompiledRate | None:
    local: datetime | None = None
    for candidate in candidates:
        if local is None and candidate.band is not None:
            local = at.astimezone(zone)
        if candidate.applies_at(at, local):
            return candidate
    return None
