"""The one bridge from stored rates to the rating engine: rows of a deck version → RateIndex.

Versions never change once written, so an index is cached in process by (deck id, version) and
never needs invalidating for correctness; the cache only bounds memory (LRU of a few decks).
When a deck gets a new current version every process is told (``.announcements``) and drops
that deck's older indexes at once; a call still priced with an older version rebuilds it.
"""

from __future__ import annotations

import datetime
import threading
import uuid
from collections import OrderedDict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.rate_deck import Rate, RateDeck, RateDeckVersion
from app.rating import Rate as EngineRate
from app.rating import RateDeck as EngineDeck
from app.rating import RateIndex, TimeBand, build_index

CACHED_INDEXES = 8
_cache: OrderedDict[tuple[uuid.UUID, int], RateIndex] = OrderedDict()
_lock = threading.Lock()

_COLUMNS = (
    Rate.id,
    Rate.prefix,
    Rate.destination,
    Rate.rate_per_minute,
    Rate.connect_fee,
    Rate.initial_block,
    Rate.increment,
    Rate.flat_price,
    Rate.effective_from,
    Rate.effective_until,
    Rate.band_days,
    Rate.band_start,
    Rate.band_end,
    Rate.allowed,
    Rate.late_billed,
)


def _band(
    days: int | None, start: datetime.time | None, end: datetime.time | None
) -> TimeBand | None:
    if days is None or start is None or end is None:
        return None
    weekdays = frozenset(day for day in range(7) if days & (1 << day))
    return TimeBand(days=weekdays, start=start, end=end)


async def load_index(session: AsyncSession, deck: RateDeck, version: int) -> RateIndex:
    """The engine index of ``deck`` at ``version`` (built once per process, then cached)."""
    key = (deck.id, version)
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    version_id = (
        await session.execute(
            select(RateDeckVersion.id).where(
                RateDeckVersion.deck_id == deck.id, RateDeckVersion.version == version
            )
        )
    ).scalar_one()
    rows = (await session.execute(select(*_COLUMNS).where(Rate.version_id == version_id))).all()
    rates = [
        EngineRate(
            rate_id=str(row.id),
            prefix=row.prefix,
            destination=row.destination,
            rate_per_minute=row.rate_per_minute,
            connect_fee=row.connect_fee,
            initial_block=row.initial_block,
            increment=row.increment,
            flat_price=row.flat_price,
            effective_from=row.effective_from,
            effective_until=row.effective_until,
            band=_band(row.band_days, row.band_start, row.band_end),
            allowed=row.allowed,
            late_billed=row.late_billed,
        )
        for row in rows
    ]
    index = build_index(EngineDeck(str(deck.id), version, deck.currency, rates))
    with _lock:
        _cache[key] = index
        while len(_cache) > CACHED_INDEXES:
            _cache.popitem(last=False)
    return index


def drop_older_versions(deck_id: uuid.UUID, current: int) -> int:
    """Forget the cached indexes of ``deck_id`` older than ``current``; how many were dropped."""
    with _lock:
        stale = [key for key in _cache if key[0] == deck_id and key[1] < current]
        for key in stale:
            del _cache[key]
    return len(stale)


def cached_versions(deck_id: uuid.UUID) -> list[int]:
    """The versions of ``deck_id`` whose index this process holds (for tests and metrics)."""
    with _lock:
        return sorted(version for deck, version in _cache if deck == deck_id)
