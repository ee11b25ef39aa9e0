"""Properties of the rating maths, checked on generated decks, rates and calls."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.rating import (
    Markups,
    Money,
    NumberingPlan,
    PricingContext,
    Rate,
    RateDeck,
    RateMatch,
    ResellerMargin,
    billed_seconds,
    build_index,
    match_rate,
    max_duration,
    normalize_number,
)

AT = datetime(2025, 3, 3, 12, tzinfo=UTC)
digits = st.text(alphabet="0123456789", min_size=1, max_size=9)
money = st.decimals(min_value=0, max_value=5, places=6)
percent = st.decimals(min_value=0, max_value=200, places=2)
blocks = st.tuples(st.integers(0, 120), st.integers(1, 120))

examples = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tariffs(draw: st.DrawFn) -> Rate:
    initial, increment = draw(blocks)
    flat = draw(st.one_of(st.none(), money)) if draw(st.booleans()) else None
    return Rate("r", "1", "Somewhere", draw(money), draw(money), initial, increment, flat)


@st.composite
def markup_sets(draw: st.DrawFn) -> Markups:
    margins = draw(st.lists(percent, max_size=3))
    return Markups(
        plan_percent=draw(percent),
        plan_per_minute=draw(money),
        international_percent=draw(percent),
        reseller_margins=tuple(ResellerMargin(f"r{i}", m) for i, m in enumerate(margins)),
    )


def single_rate_match(rate: Rate, markups: Markups, international: bool) -> RateMatch:
    ctx = PricingContext(
        currency="USD",
        numbering=NumberingPlan("44" if international else "1"),
        timezone=UTC,
        plan_decks=[build_index(RateDeck("d", 1, "USD", [rate]))],
        markups=markups,
    )
    return match_rate(ctx, "+12125550100", AT)


def cost(match: RateMatch, duration: int) -> Decimal:
    total = match.price(duration).total
    assert total is not None
    return total


@examples
@given(
    number=st.text(alphabet="0123456789", min_size=1, max_size=15),
    lengths=st.sets(st.integers(1, 15)),
    noise=st.lists(digits, max_size=30),
    inactive=st.sets(st.integers(1, 15)),
)
def test_longest_applying_prefix_always_wins(
    number: str, lengths: set[int], noise: list[str], inactive: set[int]
) -> None:
    own = {number[:n] for n in lengths}
    prefixes = sorted(own | set(noise))
    ended = AT - timedelta(seconds=1)
    rates = [
        Rate(p, p, p, Decimal("0.01"), effective_until=ended if len(p) in inactive else None)
        for p in prefixes
    ]
    index = build_index(RateDeck("d", 1, "USD", rates))

    covering = [p for p in prefixes if number.startswith(p) and len(p) not in inactive]
    found = index.match(number, AT, UTC)

    assert (found.rate_id if found else None) == max(covering, key=len, default=None)


@examples
@given(duration=st.integers(0, 100_000), initial_increment=blocks)
def test_billed_seconds_follow_the_block_rules(
    duration: int, initial_increment: tuple[int, int]
) -> None:
    initial, increment = initial_increment
    billed = billed_seconds(duration, initial, increment)

    if duration == 0:
        assert billed == 0
        return
    assert billed >= duration and billed >= initial
    assert billed == initial or (billed > initial and (billed - initial) % increment == 0)
    assert billed < max(duration, initial) + increment


@examples
@given(
    rate=tariffs(),
    markups=markup_sets(),
    abroad=st.booleans(),
    durations=st.tuples(st.integers(0, 20_000), st.integers(0, 20_000)),
)
def test_cost_never_decreases_with_duration(
    rate: Rate, markups: Markups, abroad: bool, durations: tuple[int, int]
) -> None:
    match = single_rate_match(rate, markups, abroad)
    shorter, longer = sorted(durations)

    assert cost(match, shorter) <= cost(match, longer)


@examples
@given(rate=tariffs(), markups=markup_sets(), abroad=st.booleans(), duration=st.integers(1, 20_000))
def test_markups_apply_in_documented_order(
    rate: Rate, markups: Markups, abroad: bool, duration: int
) -> None:
    rating = single_rate_match(rate, markups, abroad).price(duration)

    # Step by step, in plain fractions: plan (percent of base + per billed minute),
    # international, then each reseller from the top; round half up once at the end.
    if rate.flat_price is not None:
        base, minutes = Fraction(rate.flat_price), Fraction(0)
    else:
        billed = billed_seconds(duration, rate.initial_block, rate.increment)
        base = Fraction(rate.connect_fee) + billed * Fraction(rate.rate_per_minute) / 60
        minutes = Fraction(billed, 60)
        assert rating.billed_seconds == billed
    total = base + base * Fraction(markups.plan_percent) / 100
    total += minutes * Fraction(markups.plan_per_minute)
    if abroad:
        total += total * Fraction(markups.international_percent) / 100
    for margin in markups.reseller_margins:
        total += total * Fraction(margin.percent) / 100
    micro = (total * 1_000_000 + Fraction(1, 2)).__floor__()

    assert rating.total_micro == micro
    breakdown = rating.breakdown
    assert breakdown is not None and breakdown.total_exact == total
    assert breakdown.base_cost + sum(c.amount for c in breakdown.markups) == total


@examples
@given(
    rate=tariffs(),
    markups=markup_sets(),
    abroad=st.booleans(),
    balance=st.decimals(min_value=-1, max_value=50, places=7),
    cap=st.integers(0, 20_000),
)
def test_max_duration_is_affordable_and_one_more_increment_is_not(
    rate: Rate, markups: Markups, abroad: bool, balance: Decimal, cap: int
) -> None:
    match = single_rate_match(rate, markups, abroad)
    seconds = max_duration(match, Money(balance, "USD"), cap)

    assert 0 <= seconds <= cap
    if seconds:
        assert cost(match, seconds) <= balance
    if 0 < seconds < cap:
        assert cost(match, seconds + match.increment) > balance
        assert billed_seconds(seconds, match.initial_block, match.increment) == seconds
    if seconds == 0 and cap > 0:
        assert cost(match, 1) > balance or balance < 0


@examples
@given(
    country=st.sampled_from(["1", "33", "44", "353"]),
    national=st.text(alphabet="0123456789", min_size=4, max_size=11).filter(
        lambda n: not n.startswith("0")
    ),
)
def test_every_written_form_normalizes_to_the_same_digits(country: str, national: str) -> None:
    plan = NumberingPlan(country, exit_code="00", trunk_prefix="0")
    expected = country + national

    assert normalize_number("+" + country + national, plan) == expected
    assert normalize_number("00" + country + national, plan) == expected
    assert normalize_number("0" + national, plan) == expected
    assert normalize_number(f"+{country} ({national[:2]}) {national[2:]}", plan) == expected
