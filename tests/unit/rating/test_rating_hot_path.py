"""``rate_call`` (the inlined hot path) gives exactly what the general path gives.

``PricingContext.rate`` inlines ``RateIndex.match`` over the sources and prices with
``price_call`` (``cost.billed_seconds`` and ``cost.round_half_up`` inlined). These properties
compare it, on generated decks with windows, bands, blocked, late-billed and flat rates,
offers, billing modes and short or malformed numbers, with ``match_rate(...).price(...)`` (one
``RateIndex.match`` per source) and with the breakdown's independent exact total.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.rating import (
    ALL_DAYS,
    BillingMode,
    CallRating,
    InvalidNumberError,
    Markups,
    NumberingPlan,
    Offer,
    PricingContext,
    Rate,
    RateDeck,
    RateIndex,
    RateMatch,
    RatingError,
    RatingStatus,
    ResellerMargin,
    TimeBand,
    billed_seconds,
    build_index,
    match_rate,
    rate_call,
    round_half_up,
)

AT = datetime(2025, 3, 3, 7, 30, tzinfo=UTC)  # a Monday, 07:30 in London too (GMT)
BEFORE, AFTER = AT - timedelta(days=1), AT + timedelta(days=1)
MORNING = TimeBand(ALL_DAYS, time(6), time(9), "morning")
NIGHT = TimeBand(ALL_DAYS, time(22), time(6), "night")

short_digits = st.text(alphabet="0123456789", min_size=1, max_size=6)
# Few digits, so prefixes overlap; long ones too, so lookups go past a number's 4-digit head.
prefixes = st.one_of(
    st.text(alphabet="120", min_size=1, max_size=4), st.text(alphabet="120", min_size=5, max_size=8)
)
money = st.decimals(min_value=0, max_value=3, places=4)
windows = st.sampled_from([(None, None), (BEFORE, None), (None, BEFORE), (AFTER, None)])

examples = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
many_examples = settings(examples, max_examples=400)


@st.composite
def rates(draw: st.DrawFn, number: int, pool: list[str]) -> Rate:
    start, until = draw(windows)
    initial, increment = draw(st.sampled_from([(1, 1), (60, 60), (30, 6), (0, 7)]))
    flat = draw(st.one_of(st.none(), money)) if draw(st.integers(0, 5)) == 0 else None
    return Rate(
        f"r{number}",
        draw(st.sampled_from(pool)),
        f"dest {number}",
        draw(money),
        draw(st.sampled_from([Decimal(0), Decimal("0.025")])),
        initial,
        increment,
        flat,
        start,
        until,
        draw(st.sampled_from([None, None, MORNING, NIGHT])),
        allowed=draw(st.integers(0, 9)) > 0,
        late_billed=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def decks(draw: st.DrawFn, name: str, pool: list[str]) -> RateIndex:
    lines = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=12, unique=True))
    candidates = [draw(rates(number, pool)) for number in lines]
    unique = {(r.prefix, r.effective_from, r.effective_until, r.band): r for r in candidates}
    return build_index(RateDeck(name, 1, "USD", list(unique.values())))


@st.composite
def contexts(draw: st.DrawFn) -> tuple[PricingContext, list[str]]:
    """A context whose decks and offers share a small pool of prefixes, and that pool."""
    pool = draw(st.lists(prefixes, min_size=1, max_size=8))
    offer_windows = st.sampled_from([(BEFORE, AFTER), (BEFORE - timedelta(days=1), BEFORE)])
    offers = [
        Offer(f"o{n}", draw(st.sampled_from(pool)), "offer", *draw(offer_windows))
        for n in range(draw(st.integers(0, 2)))
    ]
    strip, add = draw(st.sampled_from([("", ""), ("", ""), ("9", ""), ("", "+1")]))
    percent = st.sampled_from([Decimal(0), Decimal("12.5"), Decimal(20)])
    context = PricingContext(
        currency="USD",
        numbering=NumberingPlan(draw(st.sampled_from(["1", "44"])), "00", "0", strip, add),
        timezone=draw(st.sampled_from([UTC, ZoneInfo("Europe/London")])),
        plan_decks=draw(st.lists(decks("plan", pool), max_size=2)),
        custom_rates=draw(st.one_of(st.none(), decks("custom", pool))),
        default_deck=draw(st.one_of(st.none(), decks("default", pool))),
        offers=offers,
        markups=Markups(
            draw(percent),
            draw(st.sampled_from([Decimal(0), Decimal("0.002")])),
            draw(percent),
            tuple(ResellerMargin(f"m{n}", draw(percent)) for n in range(draw(st.integers(0, 2)))),
        ),
        billing_mode=draw(st.sampled_from([None, BillingMode.per_minute(), BillingMode(0, 6)])),
    )
    return context, pool


suffixes = st.text(alphabet="0123456789", max_size=8)
other_numbers = st.one_of(
    short_digits.map(lambda digits: "+" + digits),
    st.text(alphabet="0123456789", min_size=1, max_size=14),
    st.text(alphabet="0123456789", min_size=5, max_size=14).map(lambda d: "+" + d),
    st.sampled_from(
        ["+", "", "+44 20 7946 0000", "0044-20", "+12a", "+\uff11\uff12", "9+1212"]
    ),  # \uff11: non-ASCII digits
)


@st.composite
def dialled_numbers(draw: st.DrawFn, pool: list[str]) -> str:
    """Mostly a pool prefix (or a part of one) with more digits; else any or a malformed one."""
    prefix = draw(st.sampled_from(pool))[: draw(st.sampled_from([8, 8, 1, 3, 4, 5, 6]))]
    extended = draw(st.tuples(st.sampled_from(["+", ""]), st.just(prefix), suffixes))
    return "".join(extended) if draw(st.integers(0, 3)) else draw(other_numbers)


durations = st.one_of(st.integers(0, 5000), st.sampled_from([-1, 1.5, True]))

MATCH_FIELDS = (
    "status",
    "number",
    "at",
    "rate",
    "origin",
    "matched_prefix",
    "destination",
    "rate_id",
    "source",
    "deck_id",
    "deck_version",
    "currency",
    "plan_deck_position",
    "initial_block",
    "increment",
    "rate_per_minute",
    "connect_fee",
    "flat_price",
)
PRICE_FIELDS = ("duration", "billed_seconds", "total_micro", "total", "breakdown")


def outcome(rate: Callable[[], tuple[RateMatch, CallRating]]) -> tuple[object, ...]:
    """Every field of a match and of its priced call, or the error's type and message."""
    try:
        match, rating = rate()
    except RatingError as error:
        return (type(error), str(error))
    return tuple(getattr(match, field) for field in MATCH_FIELDS) + tuple(
        getattr(rating, field) for field in PRICE_FIELDS + MATCH_FIELDS
    )


def fast_path(context: PricingContext, dialled: str, duration: int) -> tuple[RateMatch, CallRating]:
    rating = rate_call(context, dialled, AT, duration)
    return rating, rating


def general_path(
    context: PricingContext, dialled: str, duration: int
) -> tuple[RateMatch, CallRating]:
    match = match_rate(context, dialled, AT)  # RateMatch.__init__, RateIndex.match per source
    return match, match.price(duration)


@many_examples
@given(context_and_pool=contexts(), data=st.data(), duration=durations)
def test_rate_call_equals_match_then_price(
    context_and_pool: tuple[PricingContext, list[str]], data: st.DataObject, duration: int
) -> None:
    context, pool = context_and_pool
    dialled = data.draw(dialled_numbers(pool))

    fast = outcome(lambda: fast_path(context, dialled, duration))
    general = outcome(lambda: general_path(context, dialled, duration))

    assert fast == general


@examples
@given(context_and_pool=contexts(), suffix=suffixes, duration=st.integers(0, 5000))
def test_hot_path_total_is_the_breakdown_rounded_once(
    context_and_pool: tuple[PricingContext, list[str]], suffix: str, duration: int
) -> None:
    context, pool = context_and_pool
    try:
        rating = rate_call(context, "+" + pool[0] + suffix, AT, duration)
    except InvalidNumberError:  # a device "add prefix" of "+1" in front of a "+"
        return
    breakdown = rating.breakdown

    if rating.status is not RatingStatus.RATED:
        assert rating.total_micro is None and breakdown is None
        return
    assert breakdown is not None
    exact = breakdown.total_exact * 1_000_000
    assert rating.total_micro == round_half_up(exact.numerator, exact.denominator)
    if rating.flat_price is None and rating.source is not None and rating.source != "offer":
        expected = billed_seconds(duration, rating.initial_block, rating.increment)
        assert rating.billed_seconds == expected
