"""Breakdowns, markup order, statuses without amounts, and the engine's input checks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, localcontext
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from app.rating import (
    CallRating,
    CurrencyMismatchError,
    InvalidCallError,
    InvalidMarkupError,
    Markups,
    NumberingPlan,
    PriceNotAvailableError,
    PricingContext,
    Rate,
    RateDeck,
    RateSource,
    RatingStatus,
    ResellerMargin,
    build_index,
    rate_call,
)
from tests.unit.rating.rating_tables import context, deck_index

AT = datetime(2025, 3, 1, tzinfo=UTC)


def test_breakdown_lists_markups_in_documented_order_with_exact_amounts() -> None:
    rating = rate_call(context("reseller_chain"), "+442071234567", AT, 60)
    breakdown = rating.breakdown

    assert breakdown is not None
    assert breakdown.base_cost == Fraction("0.10")
    assert [(c.kind, c.reseller_id) for c in breakdown.markups] == [
        ("plan_percent", None),
        ("plan_per_minute", None),
        ("international", None),
        ("reseller", "top"),
        ("reseller", "sub"),
    ]
    assert [c.amount for c in breakdown.markups] == [
        Fraction("0.01"),
        Fraction("0.02"),
        Fraction("0.0065"),
        Fraction("0.06825"),
        Fraction("0.04095"),
    ]
    assert breakdown.total_exact == Fraction("0.2457")
    assert breakdown.total == rating.total == Decimal("0.245700")


def test_domestic_call_gets_no_international_markup() -> None:
    breakdown = rate_call(context("reseller_chain"), "+12125550100", AT, 60).breakdown

    assert breakdown is not None
    assert "international" not in [c.kind for c in breakdown.markups]


def test_components_sum_to_exact_total_which_rounds_to_total() -> None:
    deck = RateDeck("d", 1, "USD", [Rate("r", "44", "UK", Decimal("0.01"), Decimal("0.003"))])
    markups = Markups(Decimal(10), Decimal("0.02"), Decimal(5), (ResellerMargin("r", Decimal(50)),))
    ctx = PricingContext(
        currency="USD",
        numbering=NumberingPlan("1"),
        timezone=UTC,
        plan_decks=[build_index(deck)],
        markups=markups,
    )
    breakdown = rate_call(ctx, "+442071234567", AT, 7).breakdown

    assert breakdown is not None
    assert (
        breakdown.connect_fee + breakdown.usage_cost + breakdown.flat_price == breakdown.base_cost
    )
    assert breakdown.base_cost + sum(c.amount for c in breakdown.markups) == breakdown.total_exact
    assert breakdown.total_exact != Fraction(breakdown.total), "7 s is not a whole micro-unit"
    assert abs(breakdown.total_exact - Fraction(breakdown.total)) <= Fraction(1, 2_000_000)


def test_connect_fee_and_usage_are_separate_components() -> None:
    deck = RateDeck(
        "d", 1, "EUR", [Rate("r", "1", "USA", Decimal("0.12"), Decimal("0.05"), 60, 60)]
    )
    ctx = PricingContext(
        currency="EUR", numbering=NumberingPlan("1"), timezone=UTC, plan_decks=[build_index(deck)]
    )
    breakdown = rate_call(ctx, "+12125550100", AT, 61).breakdown

    assert breakdown is not None
    assert (breakdown.connect_fee, breakdown.usage_cost) == (Fraction("0.05"), Fraction("0.24"))
    assert breakdown.billed_seconds == 120


def test_flat_rate_breakdown_has_only_a_flat_price_and_percent_markups() -> None:
    deck = RateDeck(
        "d", 1, "USD", [Rate("v", "1900", "Voting", Decimal(0), flat_price=Decimal("0.50"))]
    )
    markups = Markups(plan_percent=Decimal(10), plan_per_minute=Decimal("0.02"))
    ctx = PricingContext(
        currency="USD",
        numbering=NumberingPlan("1"),
        timezone=UTC,
        plan_decks=[build_index(deck)],
        markups=markups,
    )
    rating = rate_call(ctx, "+19005550100", AT, 300)

    assert rating.total == Decimal("0.550000")
    assert rating.breakdown is not None
    assert rating.breakdown.flat_price == Fraction("0.50")
    assert [c.kind for c in rating.breakdown.markups] == ["plan_percent"]


def test_offer_covered_call_is_free_and_has_no_markups() -> None:
    rating = rate_call(
        context("offer_ignores_markups"), "+12125550100", datetime(2025, 1, 15, tzinfo=UTC), 600
    )

    assert rating.source is RateSource.OFFER
    assert rating.total == Decimal(0)
    assert rating.breakdown is not None and rating.breakdown.markups == ()


@pytest.mark.parametrize(
    ("number", "status"),
    [
        ("08712345678", RatingStatus.BLOCKED),
        ("09012345678", RatingStatus.PENDING_PRICE),
        ("+8613800000000", RatingStatus.UNRATED),
    ],
)
def test_call_without_a_price_has_no_amount(number: str, status: RatingStatus) -> None:
    rating = rate_call(context("uk_client"), number, AT, 60)

    assert rating.status is status
    assert rating.total is None and rating.total_micro is None and rating.breakdown is None
    with pytest.raises(PriceNotAvailableError):
        rating.as_money()


def test_unanswered_call_is_never_charged_even_with_connect_fee_and_markups() -> None:
    deck = RateDeck("d", 1, "USD", [Rate("r", "1", "USA", Decimal("0.12"), Decimal("0.05"))])
    markups = Markups(Decimal(10), Decimal("0.02"), Decimal(5), (ResellerMargin("r", Decimal(50)),))
    ctx = PricingContext(
        currency="USD",
        numbering=NumberingPlan("44"),
        timezone=UTC,
        plan_decks=[build_index(deck)],
        markups=markups,
    )
    rating = rate_call(ctx, "+12125550100", AT, 0)

    assert (rating.status, rating.total, rating.billed_seconds) == ("rated", Decimal(0), 0)


def test_result_reports_rate_and_blocks_it_was_priced_with() -> None:
    rating = rate_call(context("per_second_plan"), "001455551234", AT, 61)

    assert (rating.initial_block, rating.increment) == (1, 1)
    assert rating.rate_per_minute == Decimal("0.12")
    assert rating.connect_fee == Decimal(0) and rating.flat_price is None
    assert rating.deck_id == "ucrm" and rating.currency == "EUR"
    assert rating.as_money().amount == Decimal("0.122000")


def test_context_rejects_a_deck_in_another_currency() -> None:
    with pytest.raises(CurrencyMismatchError, match="EUR and USD"):
        PricingContext(
            currency="EUR",
            numbering=NumberingPlan("44"),
            timezone=UTC,
            plan_decks=[deck_index("ucrm"), deck_index("plan_a")],
        )


@pytest.mark.parametrize(
    "markups",
    [
        lambda: Markups(plan_percent=Decimal(-1)),
        lambda: Markups(reseller_margins=(ResellerMargin("r", Decimal("-5")),)),
        lambda: Markups(plan_percent=Decimal("0.000000001")),
        lambda: Markups(plan_per_minute=Decimal("0.0000000001")),
    ],
)
def test_negative_or_over_precise_markups_are_rejected(markups: Callable[[], Markups]) -> None:
    with pytest.raises(InvalidMarkupError):
        PricingContext(
            currency="USD", numbering=NumberingPlan("1"), timezone=UTC, markups=markups()
        )


def test_naive_call_time_is_rejected() -> None:
    with pytest.raises(InvalidCallError, match="timezone-aware"):
        rate_call(context("uk_client"), "+442071234567", datetime(2025, 3, 1), 60)


@pytest.mark.parametrize("duration", [-1, 1.5, "60", True])
def test_duration_must_be_a_non_negative_int(duration: object) -> None:
    with pytest.raises(InvalidCallError, match="duration"):
        rate_call(context("uk_client"), "+442071234567", AT, duration)  # type: ignore[arg-type]


def test_context_time_zone_decides_the_band() -> None:
    london = context("banded_london")
    tokyo = PricingContext(
        currency="GBP",
        numbering=NumberingPlan("44"),
        timezone=ZoneInfo("Asia/Tokyo"),
        plan_decks=[deck_index("banded")],
    )
    at = datetime(2025, 3, 31, 12, tzinfo=UTC)  # 13:00 in London, 21:00 in Tokyo

    assert rate_call(london, "+442071234567", at, 60).rate_id == "peak44"
    assert rate_call(tokyo, "+442071234567", at, 60).rate_id == "off44"


def test_amounts_do_not_depend_on_the_callers_decimal_context() -> None:
    def priced_with_odd_markup() -> CallRating:
        deck = RateDeck("d", 1, "USD", [Rate("r", "44", "UK", Decimal("0.123456789"))])
        markups = Markups(plan_percent=Decimal("12.3456789"))
        ctx = PricingContext(
            currency="USD",
            numbering=NumberingPlan("1"),
            timezone=UTC,
            plan_decks=[build_index(deck)],
            markups=markups,
        )
        return rate_call(ctx, "+442071234567", AT, 3601)

    expected = priced_with_odd_markup()
    with localcontext() as low_precision:
        low_precision.prec = 2
        rating = priced_with_odd_markup()
        total = rating.total

    assert total == expected.total == Decimal("8.324214")
    assert str(total) == "8.324214"
