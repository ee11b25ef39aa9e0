"""Buy cost against carrier decks, the margin, and least-cost trunk ordering."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from app.rating import (
    CarrierTrunk,
    CurrencyMismatchError,
    InvalidNumberError,
    Money,
    PriceNotAvailableError,
    Rate,
    RateDeck,
    RateSource,
    build_index,
    least_cost_trunks,
    margin,
    match_buy_rate,
    rate_buy_cost,
    rate_call,
)
from tests.unit.rating.rating_tables import context

AT = datetime(2025, 3, 1, tzinfo=UTC)


def carrier(deck_id: str, *rates: Rate, currency: str = "USD"):  # type: ignore[no-untyped-def]
    return build_index(RateDeck(deck_id, 1, currency, list(rates)))


def test_buy_cost_uses_the_same_maths_without_markups() -> None:
    deck = carrier("voxbone", Rate("v44", "44", "UK", Decimal("0.006"), Decimal("0.001"), 30, 6))

    buy = rate_buy_cost(deck, "442071234567", AT, 31)

    assert buy.source is RateSource.CARRIER
    assert buy.billed_seconds == 36
    assert buy.total == Decimal("0.004600")  # 0.001 + 36 * 0.006 / 60
    assert buy.breakdown is not None and buy.breakdown.markups == ()


def test_margin_is_sell_minus_buy_in_the_common_currency() -> None:
    sell = rate_call(context("reseller_chain"), "+442071234567", AT, 60)
    buy = rate_buy_cost(
        carrier("c", Rate("c44", "44", "UK", Decimal("0.07"))), "442071234567", AT, 60
    )

    assert margin(sell, buy) == Money(Decimal("0.175700"), "USD")


def test_margin_refuses_mixed_currencies() -> None:
    sell = rate_call(context("reseller_chain"), "+442071234567", AT, 60)
    euro_carrier = carrier("c", Rate("c44", "44", "UK", Decimal("0.07")), currency="EUR")
    buy = rate_buy_cost(euro_carrier, "442071234567", AT, 60)

    with pytest.raises(CurrencyMismatchError):
        margin(sell, buy)


def test_margin_needs_both_prices() -> None:
    sell = rate_call(context("reseller_chain"), "+442071234567", AT, 60)
    buy = rate_buy_cost(
        carrier("c", Rate("c44", "44", "UK", Decimal("0.07"))), "8613800000000", AT, 60
    )

    assert buy.status == "unrated"
    with pytest.raises(PriceNotAvailableError):
        margin(sell, buy)


def test_buy_side_needs_a_normalized_number() -> None:
    with pytest.raises(InvalidNumberError, match="normalized"):
        match_buy_rate(carrier("c", Rate("c44", "44", "UK", Decimal("0.07"))), "+442071234567", AT)


def test_least_cost_orders_covering_trunks_by_cost_per_minute_then_priority() -> None:
    cheap = carrier("cheap", Rate("a", "44", "UK", Decimal("0.0050")))
    dearer = carrier("dearer", Rate("b", "4420", "London", Decimal("0.0070")))
    tie_low = carrier("tie", Rate("c", "44", "UK", Decimal("0.0070")))
    fee = carrier("fee", Rate("d", "44", "UK", Decimal("0.0010"), connect_fee=Decimal("0.01")))
    blocked = carrier("blocked", Rate("e", "44", "UK", Decimal("0.0001"), allowed=False))
    late = carrier("late", Rate("f", "44", "UK", Decimal("0.0001"), late_billed=True))
    elsewhere = carrier("elsewhere", Rate("g", "1", "USA", Decimal("0.0001")))
    trunks = [
        CarrierTrunk("t-dearer", dearer, priority=5),
        CarrierTrunk("t-late", late),
        CarrierTrunk("t-cheap", cheap, priority=9),
        CarrierTrunk("t-tie", tie_low, priority=1),
        CarrierTrunk("t-fee", fee),
        CarrierTrunk("t-blocked", blocked),
        CarrierTrunk("t-elsewhere", elsewhere),
    ]

    quotes = least_cost_trunks(trunks, "442071234567", AT)

    assert [q.trunk_id for q in quotes] == ["t-cheap", "t-tie", "t-dearer", "t-fee", "t-late"]
    assert quotes[0].reference_cost == Fraction("0.005")
    assert quotes[3].reference_cost == Fraction("0.011"), "connect fee counts in the minute"
    assert quotes[-1].reference_cost is None


def test_least_cost_refuses_carriers_in_different_currencies() -> None:
    usd = carrier("usd", Rate("a", "44", "UK", Decimal("0.005")))
    eur = carrier("eur", Rate("b", "44", "UK", Decimal("0.004")), currency="EUR")

    with pytest.raises(CurrencyMismatchError):
        least_cost_trunks([CarrierTrunk("u", usd), CarrierTrunk("e", eur)], "4420", AT)
