"""UCRM's worked scenario at the function level: a call plan with 240 minutes of UK landline and
30 minutes of UK mobile a month; a month of calls crossing both allowances mid-call. Every
figure below is computed by hand in the comments, not by the code under test."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.bundles import Allowance, AllowanceSet, coverage_of, draw_calls, targets
from app.rating import NumberingPlan, PricingContext, Rate, RateDeck, build_index

LONDON = ZoneInfo("Europe/London")
LANDLINE = Allowance(uuid.uuid4(), uuid.uuid4(), "UK landline", 240 * 60, "monthly", ("441", "442"))
MOBILE = Allowance(uuid.uuid4(), uuid.uuid4(), "UK mobile", 30 * 60, "monthly", ("447",))
PLAN = AllowanceSet([LANDLINE, MOBILE])

# Landline: 0.02/min, 0.05 connect fee, per-minute billing (60/60).
# Mobile: 0.10/min, 30 s minimum then 6 s increments. USA: 0.01/min per second.
DECK = build_index(
    RateDeck(
        "uk",
        1,
        "GBP",
        [
            Rate("landline", "44", "UK landline", Decimal("0.02"), Decimal("0.05"), 60, 60),
            Rate("mobile", "447", "UK mobile", Decimal("0.10"), Decimal(0), 30, 6),
            Rate("usa", "1", "USA", Decimal("0.01")),
        ],
    )
)
CONTEXT = PricingContext(
    currency="GBP", numbering=NumberingPlan("44"), timezone=LONDON, plan_decks=[DECK]
)


def _at(day: int, hour: int = 10, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=UTC)


# (number, answer time, answered seconds)
CALLS = [
    ("02079460001", _at(2), 6000),  # L1: 100 min, billed 6000 -> all covered (used 6000)
    ("07700900001", _at(3), 10),  # M1: billed 30 (minimum) -> covered (used 30)
    ("02079460002", _at(9), 7530),  # L2: 125.5 min, billed 7560 -> covered (used 13560)
    ("07700900002", _at(10), 1200),  # M2: billed 1200 -> covered (used 1230)
    ("02079460003", _at(16), 1210),  # L3: billed 1260; 840 covered, 420 overflow (7 min)
    ("07700900003", _at(17), 603),  # M3: billed 30+96*6=606; 570 covered, 36 overflow
    ("02079460004", _at(23), 181),  # L4: billed 240; allowance empty -> full price
    ("07700900004", _at(24), 45),  # M4: billed 30+3*6=48; allowance empty -> full price
    ("0012125550100", _at(25), 90),  # USA: in no group -> its price, 90 * 0.01/60
    # 31 March 23:30 UTC is 1 April 00:30 in London (BST since 29 March): a new period.
    ("07700900005", datetime(2026, 3, 31, 23, 30, tzinfo=UTC), 60),  # covered by April
]


def _month() -> list[tuple[str, int, int, Decimal | None]]:
    calls = [(CONTEXT.rate(number, at, seconds), at) for number, at, seconds in CALLS]
    used: dict[tuple[uuid.UUID, datetime], int] = {}
    draws = draw_calls(calls, targets(PLAN, LONDON, calls), used)
    return [
        (number, d.split.covered_seconds, d.split.overflow_seconds, d.split.charge)
        for (number, _, _), d in zip(CALLS, draws, strict=True)
    ]


def test_each_call_of_the_month_is_split_and_priced_as_computed_by_hand() -> None:
    assert _month() == [
        ("02079460001", 6000, 0, Decimal("0.000000")),
        ("07700900001", 30, 0, Decimal("0.000000")),
        ("02079460002", 7560, 0, Decimal("0.000000")),
        ("07700900002", 1200, 0, Decimal("0.000000")),
        # 7 overflow minutes at 0.02, no connect fee (the call drew the allowance)
        ("02079460003", 840, 420, Decimal("0.140000")),
        # 36 s at 0.10/min = 0.06
        ("07700900003", 570, 36, Decimal("0.060000")),
        # nothing left: the engine's price, 0.05 + 4 min * 0.02 = 0.13
        ("02079460004", 0, 240, Decimal("0.130000")),
        # 48 s at 0.10/min = 0.08
        ("07700900004", 0, 48, Decimal("0.080000")),
        # 90 s at 0.01/min = 0.015
        ("0012125550100", 0, 90, Decimal("0.015000")),
        ("07700900005", 60, 0, Decimal("0.000000")),
    ]


def test_the_month_uses_both_allowances_exactly_and_charges_the_overflow() -> None:
    month = _month()
    landline = [m for m in month if m[0].startswith("020")]
    mobile = [m for m in month if m[0].startswith("077")]
    march_mobile = mobile[:-1]

    assert sum(m[1] for m in landline) == 240 * 60  # included minutes used: all 240
    assert sum(m[2] for m in landline) == 11 * 60  # overflow: 7 + 4 minutes
    assert sum(m[1] for m in march_mobile) == 30 * 60  # all 30 included mobile minutes
    assert sum(m[2] for m in march_mobile) == 84  # 36 + 48 s = 1.4 minutes
    assert sum((m[3] or Decimal(0)) for m in month) == Decimal("0.425")  # 0.41 + USA 0.015


def test_coverage_json_tells_the_invoice_what_the_allowance_covered() -> None:
    number, at, seconds = CALLS[4]
    rating = CONTEXT.rate(number, at, seconds)
    used = {(LANDLINE.allowance_id, datetime(2026, 3, 1, tzinfo=UTC)): 13560}  # GMT in March
    [draw] = draw_calls([(rating, at)], targets(PLAN, LONDON, [(rating, at)]), used)
    assert draw.target is not None
    coverage = coverage_of(rating, draw.split, "44", LANDLINE, draw.target.start)

    assert coverage.cost == Decimal("0.140000")
    assert coverage.coverage == {
        "kind": "allowance",
        "allowance_id": str(LANDLINE.allowance_id),
        "group_id": str(LANDLINE.group_id),
        "group": "UK landline",
        "period": "monthly",
        "period_start": "2026-03-01T00:00:00+00:00",
        "covered_seconds": 840,
        "overflow_seconds": 420,
        "full_cost": "0.470000",  # 0.05 + 21 min * 0.02
        "overflow_cost": "0.140000",
        "section": "national",
    }
    assert used[(LANDLINE.allowance_id, datetime(2026, 3, 1, tzinfo=UTC))] == 240 * 60
