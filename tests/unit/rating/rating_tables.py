"""Reading the rating CSV fixtures into engine inputs (decks, offers, pricing contexts).

The fixtures hold hand-computed worked examples; this module only parses them. Empty cells
mean "the engine's default".
"""

from __future__ import annotations

import csv
from datetime import datetime, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from app.rating import (
    BillingMode,
    Markups,
    NumberingPlan,
    Offer,
    PricingContext,
    Rate,
    RateDeck,
    RateIndex,
    ResellerMargin,
    TimeBand,
    build_index,
)

FIXTURES = Path(__file__).parent / "fixtures"


def read_rows(name: str) -> list[dict[str, str]]:
    with (FIXTURES / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def table_cases(name: str) -> list[tuple[str, dict[str, str]]]:
    """(case id, row) pairs for ``pytest.mark.parametrize`` with ``ids`` from the case column."""
    return [(row["case"], row) for row in read_rows(name)]


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text)


def decimal_or(text: str, default: Decimal) -> Decimal:
    return Decimal(text) if text else default


def rate_from_row(row: dict[str, str]) -> Rate:
    band = None
    if row.get("band_days"):
        first, _, last = row["band_days"].partition("-")
        days = frozenset(range(int(first), int(last or first) + 1))
        band = TimeBand(
            days, time.fromisoformat(row["band_start"]), time.fromisoformat(row["band_end"])
        )
    flat = row.get("flat_price", "")
    return Rate(
        rate_id=row.get("rate_id", "r"),
        prefix=row.get("prefix", "1"),
        destination=row.get("destination", "Destination"),
        rate_per_minute=Decimal(row["rate_per_minute"]),
        connect_fee=decimal_or(row.get("connect_fee", ""), Decimal(0)),
        initial_block=int(row.get("initial_block") or 1),
        increment=int(row.get("increment") or 1),
        flat_price=Decimal(flat) if flat else None,
        effective_from=moment(row["effective_from"]) if row.get("effective_from") else None,
        effective_until=moment(row["effective_until"]) if row.get("effective_until") else None,
        band=band,
        allowed=row.get("allowed", "") != "false",
        late_billed=row.get("late_billed", "") == "true",
    )


@cache
def deck_index(name: str) -> RateIndex:
    meta = {row["deck"]: row for row in read_rows("decks.csv")}[name]
    rates = [rate_from_row(row) for row in read_rows("rates.csv") if row["deck"] == name]
    return build_index(RateDeck(name, int(meta["version"]), meta["currency"], rates))


def offers_named(names: str) -> list[Offer]:
    wanted = set(filter(None, names.split(";")))
    return [
        Offer(
            row["offer_id"],
            row["prefix"],
            row["destination"],
            moment(row["starts_at"]),
            moment(row["expires_at"]),
        )
        for row in read_rows("offers.csv")
        if row["offer_id"] in wanted
    ]


def markups_from_row(row: dict[str, str]) -> Markups:
    margins = []
    for item in filter(None, row["resellers"].split(";")):
        reseller, _, percent = item.partition(":")
        margins.append(ResellerMargin(reseller, Decimal(percent)))
    return Markups(
        plan_percent=decimal_or(row["plan_percent"], Decimal(0)),
        plan_per_minute=decimal_or(row["plan_per_minute"], Decimal(0)),
        international_percent=decimal_or(row["international_percent"], Decimal(0)),
        reseller_margins=tuple(margins),
    )


@cache
def context(name: str) -> PricingContext:
    row = {row["context"]: row for row in read_rows("contexts.csv")}[name]
    billing_mode = None
    if row["billing_mode"]:
        initial, _, increment = row["billing_mode"].partition("/")
        billing_mode = BillingMode(int(initial), int(increment))
    return PricingContext(
        currency=row["currency"],
        numbering=NumberingPlan(row["country_code"], row["exit_code"], row["trunk_prefix"]),
        timezone=ZoneInfo(row["timezone"]),
        plan_decks=[deck_index(deck) for deck in filter(None, row["plan_decks"].split(";"))],
        custom_rates=deck_index(row["custom"]) if row["custom"] else None,
        default_deck=deck_index(row["default"]) if row["default"] else None,
        offers=offers_named(row["offers"]),
        markups=markups_from_row(row),
        billing_mode=billing_mode,
    )
