"""Periods, proration, per-line tax and the itemized = consolidated rule, without a database."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from app.invoicing.compose import Subscribed, compose
from app.invoicing.money import line_tax, round_money
from app.invoicing.periods import (
    Period,
    active_days,
    cycle_periods_ending_in,
    last_closed_period,
    period_containing,
    period_of_month,
)
from app.invoicing.usage import UsageTotal

D = datetime.date
MARCH = Period(D(2026, 3, 1), D(2026, 4, 1))


def sub(
    price: str, starts: datetime.date, ends: datetime.date | None = None, **kw: object
) -> Subscribed:
    values: dict[str, object] = {
        "subscription_id": uuid.uuid4(),
        "name": "DID rental",
        "cycle": "monthly",
        "currency": "EUR",
        "unit_price": Decimal(price),
        "quantity": 1,
        "tax_rate": Decimal(20),
        "starts_on": starts,
        "ends_on": ends,
    }
    values.update(kw)
    return Subscribed(**values)  # type: ignore[arg-type]


def test_a_subscription_started_mid_month_pays_for_its_days_only() -> None:
    # 10 to 31 March: 22 of 31 days of 10.00 = 7.0967... -> 7.10
    lines = compose(
        period=MARCH,
        currency="EUR",
        mode="consolidated",
        usage=[],
        usage_tax_rate=Decimal(0),
        subscriptions=[sub("10.00", D(2026, 3, 10))],
    )
    [line] = lines[0].lines
    assert (line.days, line.period_days, line.amount, line.tax) == (
        22,
        31,
        Decimal("7.10"),
        Decimal("1.42"),
    )
    assert "22/31 days" in line.description


def test_a_subscription_stopped_mid_month_pays_through_its_last_day() -> None:
    # leap February 2028: 1 to 14 February inclusive = 14 of 29 days of 29.00 * 2 = 28.00
    february = period_containing(D(2028, 2, 10), "monthly")
    item = sub("29.00", D(2027, 12, 1), D(2028, 2, 14), quantity=2)
    [draft] = compose(
        period=february,
        currency="EUR",
        mode="consolidated",
        usage=[],
        usage_tax_rate=Decimal(0),
        subscriptions=[item],
    )
    assert draft.lines[0].amount == Decimal("28.00")
    assert active_days(february, D(2028, 2, 14), D(2028, 2, 14)) == 1
    assert active_days(february, D(2028, 3, 1), None) == 0


def test_a_full_month_is_the_full_price_without_a_proration_note() -> None:
    [draft] = compose(
        period=MARCH,
        currency="EUR",
        mode="consolidated",
        usage=[],
        usage_tax_rate=Decimal(0),
        subscriptions=[sub("9.99", D(2025, 1, 1))],
    )
    line = draft.lines[0]
    assert (line.amount, line.days, line.period_days) == (Decimal("9.99"), None, None)


def test_service_cycles_are_billed_when_their_own_period_ends() -> None:
    quarterly = sub("90.00", D(2026, 1, 1), cycle="quarterly")
    assert (
        compose(
            period=period_of_month("2026-02", "monthly"),
            currency="EUR",
            mode="consolidated",
            usage=[],
            usage_tax_rate=Decimal(0),
            subscriptions=[quarterly],
        )
        == []
    )
    [draft] = compose(
        period=MARCH,
        currency="EUR",
        mode="consolidated",
        usage=[],
        usage_tax_rate=Decimal(0),
        subscriptions=[quarterly],
    )
    assert draft.lines[0].amount == Decimal("90.00")
    q1 = period_of_month("2026-02", "quarterly")
    assert [p.start.month for p in cycle_periods_ending_in(q1, "monthly")] == [1, 2, 3]


def test_periods_are_local_calendar_months_closed_at_local_midnight() -> None:
    # 1 April 00:30 in Kolkata is still 31 March in UTC: March has closed there
    as_of = datetime.datetime(2026, 3, 31, 19, 0, tzinfo=datetime.UTC)
    assert last_closed_period(as_of, "Asia/Kolkata", "monthly") == MARCH
    assert last_closed_period(as_of, "UTC", "monthly").start == D(2026, 2, 1)
    start, end = MARCH.utc_bounds("Australia/Lord_Howe")  # UTC+11 until 5 April (then +10:30)
    assert start == datetime.datetime(2026, 2, 28, 13, 0, tzinfo=datetime.UTC)
    assert end == datetime.datetime(2026, 3, 31, 13, 0, tzinfo=datetime.UTC)


def test_money_rounds_half_up_to_the_minor_unit_of_the_currency() -> None:
    assert round_money(Fraction(5, 1000), "EUR") == Decimal("0.01")
    assert round_money(Fraction(-5, 1000), "EUR") == Decimal("-0.01")
    assert round_money(Decimal("2.5"), "JPY") == Decimal("3")
    assert round_money(Decimal("1.0005"), "KWD") == Decimal("1.001")
    assert line_tax(Decimal("0.05"), Decimal(10), "EUR") == Decimal("0.01")


amounts = st.decimals(min_value=0, max_value=500, places=6, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    costs=st.lists(amounts, min_size=0, max_size=4),
    prices=st.lists(st.decimals(min_value=0, max_value=300, places=2), max_size=5),
    starts=st.lists(st.integers(min_value=1, max_value=31), min_size=5, max_size=5),
    rates=st.lists(
        st.sampled_from([Decimal(0), Decimal("7.5"), Decimal(19), Decimal(20)]),
        min_size=5,
        max_size=5,
    ),
)
def test_itemized_and_consolidated_invoices_of_a_month_total_the_same(
    costs: list[Decimal], prices: list[Decimal], starts: list[int], rates: list[Decimal]
) -> None:
    usage = [
        UsageTotal(kind, "EUR", 3, 180, cost)
        for kind, cost in zip(
            ("international", "national", "special", "inbound"), costs, strict=False
        )
    ]
    subs = [
        sub(str(p), D(2026, 3, s), tax_rate=r)
        for p, s, r in zip(prices, starts, rates, strict=False)
    ]
    args = {
        "period": MARCH,
        "currency": "EUR",
        "usage": usage,
        "usage_tax_rate": Decimal(20),
        "subscriptions": subs,
    }
    itemized = compose(mode="itemized", **args)  # type: ignore[arg-type]
    consolidated = compose(mode="consolidated", **args)  # type: ignore[arg-type]
    assert len(consolidated) <= 1
    assert sum(d.total for d in itemized) == sum(d.total for d in consolidated)
    assert sum(d.tax_total for d in itemized) == sum(d.tax_total for d in consolidated)
