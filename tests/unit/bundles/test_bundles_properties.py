"""Properties of the overflow rule on random calls, rates and allowances:

* allowance used + charged seconds = billed seconds (per call and in total);
* no allowance goes negative or above its size;
* the overflow is priced with the engine's maths: nothing covered -> the engine's total;
  otherwise the overflow seconds at the rate with the markups, no connect fee, never more
  than the whole call.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from app.bundles import (
    Allowance,
    AllowanceSet,
    ClientAllowances,
    call_target,
    cover_call,
    coverage_of,
    draw_calls,
    targets,
)
from app.rating import (
    Markups,
    Money,
    NumberingPlan,
    PricingContext,
    Rate,
    RateDeck,
    ResellerMargin,
    build_index,
    max_duration_with_allowance,
    part_micro,
)

ZONE = ZoneInfo("Australia/Lord_Howe")
START = datetime(2026, 1, 1, tzinfo=UTC)

amounts = st.decimals(min_value=0, max_value=2, places=4)
percents = st.decimals(min_value=0, max_value=50, places=2)


@st.composite
def contexts(draw: st.DrawFn) -> PricingContext:
    rate = Rate(
        "r",
        "61",
        "AU",
        draw(amounts),
        draw(amounts),
        draw(st.integers(0, 120)),
        draw(st.integers(1, 60)),
    )
    markups = Markups(
        plan_percent=draw(percents),
        plan_per_minute=draw(st.decimals(min_value=0, max_value=1, places=3)),
        reseller_margins=tuple(ResellerMargin(str(n), draw(percents)) for n in range(2)),
    )
    return PricingContext(
        currency="AUD",
        numbering=NumberingPlan("61"),
        timezone=ZONE,
        plan_decks=[build_index(RateDeck("d", 1, "AUD", [rate]))],
        markups=markups,
    )


@settings(max_examples=150, deadline=None)
@given(
    context=contexts(),
    allowance_seconds=st.integers(1, 20_000),
    calls=st.lists(
        st.tuples(st.integers(0, 60 * 24 * 40), st.integers(0, 5_000)), min_size=1, max_size=30
    ),
    already=st.integers(0, 25_000),
)
def test_allowance_used_plus_charged_equals_billed_and_never_goes_negative(
    context: PricingContext,
    allowance_seconds: int,
    calls: list[tuple[int, int]],
    already: int,
) -> None:
    allowance = Allowance(uuid.uuid4(), uuid.uuid4(), "AU", allowance_seconds, "monthly", ("61",))
    rated = [
        (
            context.rate("+61212345678", START + timedelta(minutes=m), d),
            START + timedelta(minutes=m),
        )
        for m, d in calls
    ]
    where = targets(AllowanceSet([allowance]), ZONE, rated)
    # One counter may start above a (since reduced) allowance: it must not draw at all.
    used = {t.counter: already for t in where if t is not None}
    before = dict(used)
    draws = draw_calls(rated, where, used)

    for (rating, _), draw in zip(rated, draws, strict=True):
        split = draw.split
        if rating.billed_seconds:  # the whole call as one part is the engine's amount
            whole = part_micro(rating, rating.billed_seconds, connect_fee=True)
            assert whole == rating.total_micro
        assert split.covered_seconds >= 0 and split.overflow_seconds >= 0
        assert split.covered_seconds + split.overflow_seconds == rating.billed_seconds
        assert split.charge_micro is not None and rating.total_micro is not None
        assert split.charge_micro <= rating.total_micro
        if split.covered_seconds == 0:
            assert split.charge_micro == rating.total_micro
        else:
            assert split.charge_micro == part_micro(
                rating, split.overflow_seconds, connect_fee=False
            )
    for counter, total in used.items():
        drawn = total - before[counter]
        assert drawn >= 0
        assert total <= max(allowance_seconds, before[counter])
        assert drawn <= max(0, allowance_seconds - before[counter])
    covered = sum(d.split.covered_seconds for d in draws)
    charged = sum(d.split.overflow_seconds for d in draws)
    assert covered + charged == sum(r.billed_seconds for r, _ in rated)
    assert covered == sum(used.values()) - sum(before.values())


@settings(max_examples=150, deadline=None)
@given(
    context=contexts(),
    free=st.integers(0, 5_000),
    balance=st.decimals(min_value=0, max_value=20, places=6),
)
def test_max_duration_with_allowance_is_affordable_and_tight(
    context: PricingContext, free: int, balance: Decimal
) -> None:
    at = START
    match = context.match("+61212345678", at)
    longest = max_duration_with_allowance(match, Money(balance, "AUD"), free, cap_seconds=50_000)

    def charge(seconds: int) -> int:
        rating = context.rate("+61212345678", at, seconds)
        covered = min(free, rating.billed_seconds)
        if covered == 0:
            assert rating.total_micro is not None
            return rating.total_micro
        return part_micro(rating, rating.billed_seconds - covered, connect_fee=False)

    limit = int(balance * 1_000_000)
    if longest:
        assert charge(longest) <= limit
    if 0 < longest < 50_000:
        assert charge(longest + match.increment) > limit
    initial, increment = match.initial_block, match.increment
    if free >= (initial if initial > 0 else increment):  # a free call on the grid exists
        free_grid = initial + (free - initial) // increment * increment
        assert longest >= min(free_grid, 50_000)  # the allowance alone pays for that much


@settings(max_examples=150, deadline=None)
@given(
    context=contexts(),
    allowance_seconds=st.integers(1, 20_000),
    minute=st.integers(0, 60 * 24 * 40),
    duration=st.integers(0, 5_000),
    already=st.integers(0, 25_000),
)
def test_one_live_call_is_covered_as_the_batch_draw_covers_it(
    context: PricingContext, allowance_seconds: int, minute: int, duration: int, already: int
) -> None:
    """Finalize's ``cover_call`` (one call, counter locked by the caller) gives the import's
    ``draw_calls`` + ``coverage_of`` result: same cost, same JSON, same counter total."""
    allowance = Allowance(uuid.uuid4(), uuid.uuid4(), "AU", allowance_seconds, "monthly", ("61",))
    at = START + timedelta(minutes=minute)
    rating = context.rate("61212345678", at, duration)
    client = ClientAllowances(uuid.uuid4(), None, ZONE, "61", AllowanceSet([allowance]))
    target = call_target(client, rating, at)
    batch = [(rating, at)]
    where = targets(AllowanceSet([allowance]), ZONE, batch)
    assert where == [target]
    used = {} if target is None else {target.counter: already}
    (drawn,) = draw_calls(batch, where, used)
    expected = coverage_of(
        rating,
        drawn.split,
        "61",
        None if target is None else target.allowance,
        None if target is None else target.start,
    )
    coverage, after = cover_call(rating, "61", target, already)
    assert coverage == expected
    assert after == (already if target is None else used[target.counter])
