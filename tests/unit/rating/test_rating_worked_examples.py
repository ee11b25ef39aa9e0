"""The worked examples of the seeds and the architecture, read from CSV fixtures."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.rating import (
    Money,
    NumberingPlan,
    PricingContext,
    RateDeck,
    build_index,
    match_rate,
    max_duration,
    rate_call,
)
from tests.unit.rating.rating_tables import context, moment, rate_from_row, table_cases

COST_CASES = table_cases("cost_cases.csv")
CALL_CASES = table_cases("calls.csv")
MAX_DURATION_CASES = table_cases("max_duration.csv")


def single_rate_context(row: dict[str, str]) -> PricingContext:
    deck = RateDeck("single", 1, "EUR", [rate_from_row(row)])
    return PricingContext(
        currency="EUR",
        numbering=NumberingPlan("1", exit_code="", trunk_prefix=""),
        timezone=ZoneInfo("UTC"),
        plan_decks=[build_index(deck)],
    )


@pytest.mark.parametrize(("case", "row"), COST_CASES, ids=[case for case, _ in COST_CASES])
def test_cost_of_a_call_matches_the_hand_computed_amount(case: str, row: dict[str, str]) -> None:
    rating = rate_call(
        single_rate_context(row), "15551234", datetime(2025, 1, 1, tzinfo=UTC), int(row["duration"])
    )

    assert rating.status == "rated"
    assert rating.billed_seconds == int(row["billed_seconds"])
    assert rating.total == Decimal(row["total"])
    assert str(rating.total) == row["total"], "amounts carry exactly 6 decimal places"
    assert rating.currency == "EUR"


@pytest.mark.parametrize(("case", "row"), CALL_CASES, ids=[case for case, _ in CALL_CASES])
def test_rated_call_matches_the_worked_example(case: str, row: dict[str, str]) -> None:
    rating = rate_call(
        context(row["context"]), row["number"], moment(row["at"]), int(row["duration"])
    )

    observed = {
        "status": rating.status,
        "matched_prefix": rating.matched_prefix or "",
        "destination": rating.destination or "",
        "rate_id": rating.rate_id or "",
        "source": rating.source or "",
        "plan_deck": "" if rating.plan_deck_position is None else str(rating.plan_deck_position),
        "deck_version": "" if rating.deck_version is None else str(rating.deck_version),
        "billed_seconds": str(rating.billed_seconds),
        "total": "" if rating.total is None else str(rating.total),
    }
    expected = {key: row[key] for key in observed}
    assert observed == expected


@pytest.mark.parametrize(
    ("case", "row"), MAX_DURATION_CASES, ids=[case for case, _ in MAX_DURATION_CASES]
)
def test_max_duration_matches_the_worked_example(case: str, row: dict[str, str]) -> None:
    match = match_rate(context(row["context"]), row["number"], moment(row["at"]))
    balance = Money(Decimal(row["balance"]), row["currency"])

    seconds = max_duration(match, balance, int(row["cap_seconds"]))

    assert seconds == int(row["expected_seconds"])
    if seconds:
        assert match.price(seconds).as_money().amount <= balance.amount


@pytest.mark.parametrize(("case", "row"), CALL_CASES, ids=[case for case, _ in CALL_CASES])
def test_match_before_the_call_agrees_with_the_priced_call(case: str, row: dict[str, str]) -> None:
    ctx, at = context(row["context"]), moment(row["at"])
    match = match_rate(ctx, row["number"], at)
    rating = rate_call(ctx, row["number"], at, int(row["duration"]))
    fields = ("status", "matched_prefix", "destination", "rate_id", "source", "deck_version")

    assert [getattr(match, f) for f in fields] == [getattr(rating, f) for f in fields]
    assert match.price(int(row["duration"])).total == rating.total
