"""Max-duration: what a balance buys, counting connect fee, initial block and markups."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.rating import (
    DEFAULT_CAP_SECONDS,
    CurrencyMismatchError,
    InvalidCallError,
    Money,
    NumberingPlan,
    PricingContext,
    Rate,
    RateDeck,
    build_index,
    match_rate,
    max_duration,
)

AT = datetime(2025, 3, 1, tzinfo=UTC)


def match_for(rate: Rate):  # type: ignore[no-untyped-def]
    ctx = PricingContext(
        currency="EUR",
        numbering=NumberingPlan("1"),
        timezone=UTC,
        plan_decks=[build_index(RateDeck("d", 1, "EUR", [rate]))],
    )
    return match_rate(ctx, "+12125550100", AT)


def test_connect_fee_and_initial_block_are_paid_before_any_second() -> None:
    match = match_for(Rate("r", "1", "USA", Decimal("0.10"), Decimal("0.05"), 60, 60))

    assert max_duration(match, Money(Decimal("0.30"), "EUR")) == 120
    assert max_duration(match, Money(Decimal("0.149999"), "EUR")) == 0
    assert max_duration(match, Money(Decimal("0.15"), "EUR")) == 60


def test_increment_after_initial_block_is_respected() -> None:
    match = match_for(Rate("r", "1", "USA", Decimal("0.06"), initial_block=30, increment=6))

    assert max_duration(match, Money(Decimal("0.05"), "EUR")) == 48


def test_default_cap_is_four_hours_for_free_calls() -> None:
    match = match_for(Rate("r", "1", "USA", Decimal(0)))

    assert DEFAULT_CAP_SECONDS == 4 * 3600
    assert max_duration(match, Money(Decimal(0), "EUR")) == DEFAULT_CAP_SECONDS


def test_zero_rate_with_unaffordable_connect_fee_gives_nothing() -> None:
    match = match_for(Rate("r", "1", "USA", Decimal(0), Decimal("0.10")))

    assert max_duration(match, Money(Decimal("0.09"), "EUR")) == 0
    assert max_duration(match, Money(Decimal("0.10"), "EUR"), 600) == 600


def test_flat_rate_grants_the_cap_only_when_affordable() -> None:
    match = match_for(Rate("r", "1", "Voting", Decimal(0), flat_price=Decimal("0.50")))

    assert max_duration(match, Money(Decimal("0.50"), "EUR"), 900) == 900
    assert max_duration(match, Money(Decimal("0.49"), "EUR"), 900) == 0


def test_balance_in_another_currency_is_refused() -> None:
    match = match_for(Rate("r", "1", "USA", Decimal("0.01")))

    with pytest.raises(CurrencyMismatchError):
        max_duration(match, Money(Decimal(10), "USD"))


@pytest.mark.parametrize("cap", [-1, 1.5])
def test_cap_must_be_a_non_negative_int(cap: object) -> None:
    match = match_for(Rate("r", "1", "USA", Decimal("0.01")))

    with pytest.raises(InvalidCallError):
        max_duration(match, Money(Decimal(10), "EUR"), cap)  # type: ignore[arg-type]
