"""Rating engine benchmark: a 322,000-prefix deck and 1,000,000 numbers, one process.

Run: ``PYTHONPATH=backend python benchmarks/rating.py [--prefixes N] [--numbers N]``.
Prints ``figure: value`` lines only:

* ``build_seconds``: wall time of ``build_index`` over the prepared ``Rate`` rows;
* ``index_mb``: memory the built index keeps alive, measured with ``tracemalloc`` (rows
  generated and index built while tracing, then the rows released and garbage collected);
* ``matches_per_second``: ``RateIndex.match`` (longest-prefix lookup) over the numbers;
* ``calls_rated_per_second``: ``rate_call`` end to end (normalize a "+" number, select by
  priority, cost, plan/international/two reseller markups, round once), then reading the
  result's total (a ``Decimal``), prefix, destination, rate id, billed seconds, source, deck
  version and status;
* extra lines: ``breakdowns_per_second`` (also materializing the exact ``Fraction``
  breakdown), ``index_prefixes``, ``load_average_1m`` (the machine's load while measuring).

Every timed figure is the best of ``--repeat`` runs (default 3), as ``timeit`` does.

The deck is deterministic (seed 322): ITU-shaped country codes with heavy-tailed weights, then
national ranges under them, each country using one to three range lengths as real decks do
(NANP: NPA and NPA-NXX, 45 % of the deck); 1 % of prefixes carry a second, time-windowed
version and 1 % a peak band, so the index's time resolution is exercised too. Numbers follow
the same country weights with random national digits.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from functools import partial
from zoneinfo import ZoneInfo

from app.rating import (
    WEEKDAYS,
    Markups,
    NumberingPlan,
    PricingContext,
    Rate,
    RateDeck,
    RateIndex,
    ResellerMargin,
    TimeBand,
    build_index,
    rate_call,
)

SEED = 322
CALL_TIME = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)
PEAK = TimeBand(WEEKDAYS, clock_time(8), clock_time(18), "peak")
# Two-digit "zones" whose country codes have three digits (ITU: 21x, 35x, 50x, 88x...).
THREE_DIGIT_ZONES = frozenset(
    (21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 85, 87, 88, 96, 97, 99)
)


def country_codes() -> list[str]:
    """A prefix-free set of ITU-shaped calling codes (1, 7, 2-digit, 3-digit in zones)."""
    codes = ["1", "7"]
    for first in range(20, 100):
        zone = str(first)
        if zone[0] in "17":
            continue
        if first in THREE_DIGIT_ZONES:
            codes.extend(zone + str(last) for last in range(10))
        else:
            codes.append(zone)
    return codes


# National range lengths (digits after the country code) a country's ranges use. Real decks
# cluster like this: NANP is NPA (3) and NPA-NXX (6); others have one to three range lengths.
RANGE_PROFILES: tuple[tuple[int, ...], ...] = (
    (1,),
    (2,),
    (1, 2),
    (2, 3),
    (1, 3),
    (2, 4),
    (3,),
    (1, 2, 4),
    (2, 3, 5),
    (3, 5),
)
NANP_SHARE = 0.45


def country_weights(rng: random.Random) -> tuple[list[str], list[float]]:
    """Country codes and their traffic/deck weights (heavy-tailed; NANP the largest)."""
    codes = country_codes()
    weights = [rng.paretovariate(1.2) for _ in codes]
    weights[0] = sum(weights) * NANP_SHARE / (1 - NANP_SHARE)
    return codes, weights


def national_range(code: str, rng: random.Random, profiles: dict[str, tuple[int, ...]]) -> str:
    digits = rng.choice(profiles[code])
    if code == "1":  # NPA (area code) or NPA-NXX, both starting 2-9
        npa = str(rng.randrange(200, 1000))
        return code + (npa if digits == 3 else npa + str(rng.randrange(200, 1000)))
    return code + str(rng.randrange(10**digits)).zfill(digits)


def make_rates(count: int, rng: random.Random) -> list[Rate]:
    """``count`` distinct prefixes (plus time variants): country codes, then national ranges."""
    codes, weights = country_weights(rng)
    profiles: dict[str, tuple[int, ...]] = {code: rng.choice(RANGE_PROFILES) for code in codes}
    profiles["1"] = (3, 6, 6, 6)
    prefixes: dict[str, None] = dict.fromkeys(codes)
    while len(prefixes) < count:
        for code in rng.choices(codes, weights, k=count - len(prefixes)):
            prefixes.setdefault(national_range(code, rng, profiles))
    blocks = [(1, 1), (60, 60), (30, 6), (60, 1)]
    rates: list[Rate] = []
    switch = CALL_TIME - timedelta(days=30)
    for rate_id, prefix in enumerate(prefixes, start=1):
        price = Decimal(rng.randint(5, 9000)).scaleb(-4)
        initial, increment = rng.choice(blocks)
        fee = Decimal(rng.choice((0, 0, 0, 100, 250))).scaleb(-4)
        name = f"Destination {prefix[:3]} {'Mobile' if rate_id % 3 else 'Fixed'}"
        roll = rng.random()
        band = PEAK if roll < 0.01 else None
        until = switch if 0.01 <= roll < 0.02 else None
        rates.append(
            Rate(rate_id, prefix, name, price, fee, initial, increment, None, None, until, band)
        )
        if band is not None or until is not None:
            newer = price + Decimal("0.0010")
            rates.append(Rate(-rate_id, prefix, name, newer, fee, initial, increment, None, switch))
    return rates


def make_numbers(count: int, rng: random.Random) -> list[str]:
    """Destination numbers in "+E.164" form (NANP 11 digits, others 10-13), by country weight."""
    codes, weights = country_weights(rng)
    numbers = []
    for code in rng.choices(codes, weights, k=count):
        rest = (11 if code == "1" else rng.randint(10, 13)) - len(code)
        numbers.append("+" + code + str(rng.randrange(10**rest)).zfill(rest))
    return numbers


def best_seconds(run: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs (as timeit does: slower runs measure the machine's noise)."""
    best = math.inf
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def measure_index_mb(prefix_count: int) -> float:
    gc.collect()
    tracemalloc.start()
    rates = make_rates(prefix_count, random.Random(SEED))
    index = build_index(RateDeck("bench", 1, "USD", rates))
    del rates
    gc.collect()
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert index.size >= prefix_count
    return current / 1e6


def context_for(index: RateIndex) -> PricingContext:
    margins = (ResellerMargin("top", Decimal("20")), ResellerMargin("sub", Decimal("12.5")))
    markups = Markups(Decimal("10"), Decimal("0.002"), Decimal("5"), margins)
    numbering = NumberingPlan("44")
    zone = ZoneInfo("Europe/London")
    return PricingContext(
        currency="USD", numbering=numbering, timezone=zone, plan_decks=[index], markups=markups
    )


def throughputs(index: RateIndex, numbers: list[str], repeat: int) -> dict[str, float]:
    rng = random.Random(SEED + 1)
    digits = [number[1:] for number in numbers]
    durations = [rng.choice((0, 7, 42, 61, 180, 1250)) for _ in numbers]
    context = context_for(index)
    sample = min(len(numbers), 50_000)

    def match_all() -> None:
        match, zone = index.match, context.timezone
        for number in digits:
            match(number, CALL_TIME, zone)

    def rate_all() -> None:
        for number, duration in zip(numbers, durations, strict=True):
            rating = rate_call(context, number, CALL_TIME, duration)
            _ = (rating.total, rating.matched_prefix, rating.destination, rating.rate_id)
            _ = (rating.billed_seconds, rating.source, rating.deck_version, rating.status)

    def breakdown_sample() -> None:
        for number, duration in zip(numbers[:sample], durations[:sample], strict=True):
            _ = rate_call(context, number, CALL_TIME, duration).breakdown

    return {
        "matches_per_second": len(digits) / best_seconds(match_all, repeat),
        "calls_rated_per_second": len(numbers) / best_seconds(rate_all, repeat),
        "breakdowns_per_second": sample / best_seconds(breakdown_sample, repeat),
    }


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prefixes", type=int, default=322_000)
    parser.add_argument("--numbers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is kept")
    args = parser.parse_args(argv)
    rng = random.Random(SEED)
    deck = RateDeck("bench", 1, "USD", make_rates(args.prefixes, rng))
    numbers = make_numbers(args.numbers, rng)
    build_seconds = best_seconds(partial(build_index, deck), args.repeat)
    index = build_index(deck)
    del deck
    figures = throughputs(index, numbers, args.repeat)
    print(f"build_seconds: {build_seconds:.3f}")
    print(f"index_mb: {measure_index_mb(args.prefixes):.1f}")
    print(f"matches_per_second: {figures['matches_per_second']:.0f}")
    print(f"calls_rated_per_second: {figures['calls_rated_per_second']:.0f}")
    print(f"breakdowns_per_second: {figures['breakdowns_per_second']:.0f}")
    print(f"index_prefixes: {index.size}")
    print(f"load_average_1m: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main(sys.argv[1:])
