"""Imported rows store the same breakdown finalize stores (``as_quote``), even when written
from integers on the fast path."""

from __future__ import annotations

import datetime
import json
import uuid
from decimal import Decimal

import msgspec
import pytest

from app.cdrs.csv_records import ParsedCdr
from app.cdrs.owners import Owner, Owners
from app.cdrs.rows import COLUMNS, RowBuilder
from app.cdrs.rules import NumberRules
from app.db.models.user import User
from app.ratedecks.quote import as_quote
from app.rating import Markups, NumberingPlan, PricingContext, Rate, RateDeck, build_index

AT = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
RATES = [
    Rate("a", "4420", "London", Decimal("0.0123456"), Decimal("0.0500001"), 60, 6),
    Rate("b", "447", "UK mobile", Decimal("0.30"), Decimal(0), 1, 1),
    Rate("c", "449", "Voting", Decimal(0), flat_price=Decimal("0.5000005")),
    Rate("d", "4487", "Late", Decimal(0), late_billed=True),
]


def _context(markups: Markups | None = None) -> PricingContext:
    deck = build_index(RateDeck(str(uuid.uuid4()), 3, "USD", RATES))
    return PricingContext(
        currency="USD",
        numbering=NumberingPlan("44", "00", "0"),
        timezone=datetime.UTC,
        plan_decks=[deck],
        markups=markups or Markups(),
    )


def _record(dialled: str, billsec: int) -> ParsedCdr:
    return ParsedCdr(
        1,
        f"x{dialled}{billsec}",
        AT,
        AT if billsec else None,
        AT,
        billsec,
        billsec,
        "1001",
        dialled,
        "ANSWERED",
        "outbound",
        None,
        None,
    )


@pytest.mark.parametrize("markups", [None, Markups(Decimal(10), Decimal("0.02"))])
@pytest.mark.parametrize("dialled", ["02071234567", "07700900123", "0900123", "+44871234"])
@pytest.mark.parametrize("billsec", [0, 1, 7, 59, 61, 3601])
def test_a_row_breakdown_equals_the_quote_finalize_stores(
    markups: Markups | None, dialled: str, billsec: int
) -> None:
    context = _context(markups)
    client = User(id=uuid.uuid4(), parent_id=None)
    owner = Owner(client, None, None, masked=True, context=context)
    owners = Owners(by_caller_id={"1001": owner})
    builder = RowBuilder("src", owners, NumberRules(), None, AT)
    record = _record(dialled, billsec)
    owned = builder.own([record])
    (row,) = builder.rows([record], owned).rows
    stored = dict(zip(COLUMNS, row, strict=True))

    rating = context.rate(dialled, AT, billsec)
    expected = msgspec.to_builtins(as_quote(rating, "USD"))
    assert json.loads(stored["breakdown"]) == json.loads(json.dumps(expected))
    assert stored["cost"] == rating.total and stored["masked"] is True
    assert stored["owner_id"] == client.id
