"""Per-direction pricing and special-number rules (ictVoIP), beside the engine: specials
before the tariff, inbound with its own cost and round-up, no markups on either."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.rating import (
    BillingMode,
    CallPricer,
    Direction,
    InboundTariff,
    InvalidRateError,
    Markups,
    Money,
    NumberingPlan,
    PricingContext,
    Rate,
    RateDeck,
    RateSource,
    RatingStatus,
    SpecialRate,
    build_index,
    is_special,
    max_duration,
)

AT = datetime(2026, 1, 29, 3, tzinfo=UTC)
DECK = build_index(
    RateDeck(
        "au",
        1,
        "AUD",
        [
            Rate("national", "61", "Australia", Decimal("0.10")),
            Rate("tollfree", "611", "Australia 13/18", Decimal("0.50")),
        ],
    )
)
# Australia: national numbers are 10 digits after the trunk 0; 1300/1800 numbers have no 0.
CONTEXT = PricingContext(
    currency="AUD",
    numbering=NumberingPlan("61", "0011", "0"),
    timezone=ZoneInfo("Australia/Sydney"),
    plan_decks=[DECK],
    markups=Markups(plan_percent=Decimal(10)),
    billing_mode=BillingMode(60, 60),  # the outbound round-up: per minute
)
SPECIALS = [
    SpecialRate("s1300", "1300*", "1300 numbers", flat_price=Decimal("0.35")),
    SpecialRate("s1800", "1800*", "1800 numbers", flat_price=Decimal("0.35")),
    SpecialRate("s13", "13*", "13 numbers", flat_price=Decimal("0.25")),
    SpecialRate(
        "in1800", "1800*", "Inbound 1800", flat_price=Decimal("0.50"), direction=Direction.INBOUND
    ),
]
PRICER = CallPricer(
    CONTEXT,
    specials=SPECIALS,
    inbound=InboundTariff(Decimal("0.03"), initial_block=30, increment=6),
)


def test_a_special_pattern_is_billed_flat_per_call_before_the_tariff() -> None:
    rating = PRICER.rate("1300 123 456", AT, 660)

    assert rating.status is RatingStatus.RATED
    assert rating.source is RateSource.SPECIAL and is_special(rating)
    assert rating.total == Decimal("0.350000")  # no markup, whatever the call's length
    assert (rating.rate_id, rating.matched_prefix, rating.destination) == (
        "s1300",
        "1300",
        "1300 numbers",
    )


def test_the_longest_pattern_wins_and_other_numbers_go_to_the_tariff() -> None:
    assert PRICER.rate("131000", AT, 60).rate_id == "s13"
    assert PRICER.rate("1800 555 000", AT, 60).rate_id == "s1800"
    national = PRICER.rate("02 9374 4000", AT, 61)  # 2 minutes at 0.10 + 10 %
    assert national.source is RateSource.PLAN
    assert national.total == Decimal("0.220000")
    assert national == national and national.total == CONTEXT.rate("0293744000", AT, 61).total


def test_without_rules_the_pricer_is_the_context() -> None:
    plain = CallPricer(CONTEXT)
    for number, seconds in [("0293744000", 61), ("1300123456", 5), ("+12125550100", 10)]:
        ours, theirs = plain.rate(number, AT, seconds), CONTEXT.rate(number, AT, seconds)
        assert (ours.status, ours.total, ours.source) == (
            theirs.status,
            theirs.total,
            theirs.source,
        )


def test_inbound_calls_have_their_own_cost_and_round_up() -> None:
    # 31 s inbound: 30 s minimum then 6 s increments -> 36 s at 0.03/min = 0.018, no markup
    rating = PRICER.rate("0293744000", AT, 31, "inbound")
    assert (rating.source, rating.billed_seconds, rating.total) == (
        RateSource.INBOUND,
        36,
        Decimal("0.018000"),
    )
    # the same call outbound: per-minute round-up, deck price plus 10 %
    assert PRICER.rate("0293744000", AT, 31, "outbound").total == Decimal("0.110000")


def test_inbound_specials_apply_to_inbound_calls_only() -> None:
    assert PRICER.rate("+611800555000", AT, 30, "inbound").total == Decimal("0.500000")
    # outbound, the national pattern matches the E.164 form too (+61 is home)
    assert PRICER.rate("+611800555000", AT, 30, "outbound").rate_id == "s1800"
    # a foreign number starting with the same digits is not a special number
    assert PRICER.rate("+1800555000", AT, 30, "outbound").status is RatingStatus.UNRATED


def test_an_inbound_call_to_an_extension_is_priced_without_a_prefix() -> None:
    rating = PRICER.rate("8300", AT, 60, "inbound")
    assert rating.total == Decimal("0.030000")


def test_without_an_inbound_tariff_inbound_calls_are_unrated() -> None:
    rating = CallPricer(CONTEXT).rate("0293744000", AT, 60, "inbound")
    assert rating.status is RatingStatus.UNRATED and rating.total is None


def test_unanswered_special_calls_cost_nothing() -> None:
    assert PRICER.rate("1300123456", AT, 0).total == Decimal("0.000000")


def test_authorize_sees_the_special_rule_as_a_flat_price() -> None:
    match = PRICER.match("1300123456", AT)
    assert max_duration(match, Money(Decimal("0.35"), "AUD"), 3600) == 3600
    assert max_duration(match, Money(Decimal("0.34"), "AUD"), 3600) == 0


@pytest.mark.parametrize("pattern", ["13*0", "*", "abc*", "1300**"])
def test_a_malformed_pattern_is_refused(pattern: str) -> None:
    with pytest.raises(InvalidRateError):
        CallPricer(CONTEXT, specials=[SpecialRate("bad", pattern, flat_price=Decimal(1))])


def test_two_rules_for_one_pattern_are_refused() -> None:
    rules = [SpecialRate(n, "1300", flat_price=Decimal(1)) for n in ("a", "b")]
    with pytest.raises(InvalidRateError, match="two special rules"):
        CallPricer(CONTEXT, specials=rules)
