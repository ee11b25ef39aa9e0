"""The ready-made mappings read the three formats of the seeds as their documents describe."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.ratedecks.csv_parser import PRESETS, ParsedRate, parse_rates

FIXTURES = Path(__file__).parent / "fixtures"

Row = tuple[int, str, str, str, str, int, int, str | None, bool, bool]
"""line, prefix, destination, rate, connect fee, initial, increment, flat, allowed, late."""

EXPECTED: dict[str, list[Row]] = {
    # CellHub: initblock = minimum billed seconds, billingblock = granularity after it.
    "cellhub": [
        (2, "1", "USA", "0.0100", "0", 60, 60, None, True, False),
        (3, "44", "United Kingdom", "0.0200", "0.05", 1, 1, None, True, False),
        (4, "4420", "United Kingdom - London", "0.015", "0", 30, 6, None, True, False),
        (5, "447", "United Kingdom - Mobile", "0.12", "0", 60, 1, None, True, False),
        (6, "9", "Turkey", "0.09", "0", 60, 60, None, True, False),
        (7, "90", "Turkey", "0.085", "0", 60, 60, None, True, False),
        (8, "905", "Turkey - Mobile", "0.21", "0.10", 60, 60, None, True, False),
    ],
    # ictVoIP: Increment "initial/increment"; a single N means N/N.
    "ictvoip": [
        (2, "1204", "Canada - Manitoba", "0.0095", "0", 60, 60, None, True, False),
        (3, "44", "United Kingdom - Landline", "0.0150", "0", 1, 1, None, True, False),
        (4, "4915", "Germany - Mobile", "0.0800", "0", 30, 6, None, True, False),
        (5, "33", "France", "0.0200", "0", 60, 60, None, True, False),
        (6, "387", "Bosnia, Herzegovina", "0.1100", "0", 6, 6, None, True, False),
    ],
    # UCRM: billingblock N → N/N; billpercall makes Price a flat per-call price.
    "ucrm": [
        (2, "00145", "AT&T WirelessUS", "0.12", "0", 60, 60, None, True, False),
        (3, "0137", "Voting system", "0", "0", 60, 60, "0.50", True, False),
        (4, "0900", "Premium (blocked)", "2.00", "0", 60, 60, None, False, False),
        (5, "0180", "Service number", "0", "0", 1, 1, None, True, True),
    ],
}


def as_row(rate: ParsedRate) -> Row:
    flat = None if rate.flat_price is None else str(rate.flat_price)
    return (
        rate.line,
        rate.prefix,
        rate.destination,
        str(rate.rate_per_minute),
        str(rate.connect_fee),
        rate.initial_block,
        rate.increment,
        flat,
        rate.allowed,
        rate.late_billed,
    )


@pytest.mark.parametrize("preset", sorted(EXPECTED))
def test_preset_reads_its_seed_format_exactly(preset: str) -> None:
    with (FIXTURES / f"{preset}.csv").open(newline="", encoding="utf-8") as handle:
        result = parse_rates(handle, PRESETS[preset])

    assert result.errors == []
    assert result.ok and not result.file_rejected
    assert result.rows_total == len(EXPECTED[preset])
    assert [as_row(rate) for rate in result.rates] == EXPECTED[preset]


def test_amounts_are_exact_decimals_never_floats() -> None:
    with (FIXTURES / "cellhub.csv").open(newline="", encoding="utf-8") as handle:
        rates = parse_rates(handle, PRESETS["cellhub"]).rates

    for rate in rates:
        assert type(rate.rate_per_minute) is Decimal
        assert type(rate.connect_fee) is Decimal
    assert rates[1].rate_per_minute == Decimal("0.02")
    assert str(rates[1].rate_per_minute) == "0.0200", "the file's digits are kept"


def test_preset_headers_match_whatever_the_case_spacing_and_unit() -> None:
    lines = [
        " targetname , TARGETPREFIX ,Price (EUR),BillingBlock (s),BillPerCall,Allowed,LateBill\n",
        "AT&T WirelessUS,00145,0.12,60,no,yes,no\n",
    ]

    result = parse_rates(lines, PRESETS["ucrm"])

    assert result.errors == []
    assert [(r.prefix, r.rate_per_minute, r.initial_block) for r in result.rates] == [
        ("00145", Decimal("0.12"), 60)
    ]


@pytest.mark.parametrize(
    ("increment", "blocks"),
    [("60/60", (60, 60)), ("1/1", (1, 1)), ("30/6", (30, 6)), ("60", (60, 60)),
     ("0/1", (0, 1)), (" 30 / 6 ", (30, 6)), ("", (1, 1))],
)  # fmt: skip
def test_ictvoip_increment_is_initial_over_increment(
    increment: str, blocks: tuple[int, int]
) -> None:
    lines = ["Description,Prefix,RateValue,Increment", f"Canada,1,0.01,{increment}"]

    result = parse_rates(lines, PRESETS["ictvoip"])

    assert result.errors == []
    assert (result.rates[0].initial_block, result.rates[0].increment) == blocks


@pytest.mark.parametrize(
    ("increment", "message"),
    [
        ("60/0", "'60/0': the increment must be at least 1 second"),
        ("0", "'0': the increment must be at least 1 second"),
        ("60/", "'60/' is not 'initial/increment' seconds, e.g. 60/60"),
        ("/6", "'/6' is not 'initial/increment' seconds, e.g. 60/60"),
        ("60-60", "'60-60' is not a whole number of seconds"),
        ("6.5", "'6.5' is not a whole number of seconds"),
    ],
)
def test_ictvoip_bad_increment_is_reported(increment: str, message: str) -> None:
    lines = ["Description,Prefix,RateValue,Increment", f"Canada,1,0.01,{increment}"]

    result = parse_rates(lines, PRESETS["ictvoip"])

    assert [(e.line, e.field, e.message) for e in result.errors] == [(2, "Increment", message)]
    assert result.rates == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("1", True), ("0", False), ("true", True), ("FALSE", False), ("Yes", True), ("no", False),
     ("y", True), ("N", False), (" yes ", True), ("", True)],
)  # fmt: skip
def test_ucrm_allowed_takes_the_usual_spellings_of_yes_and_no(text: str, value: bool) -> None:
    lines = [
        "TargetName,TargetPrefix,Price,billingblock,billpercall,allowed,latebill",
        f"Somewhere,44,0.1,60,0,{text},0",
    ]

    result = parse_rates(lines, PRESETS["ucrm"])

    assert result.errors == []
    assert result.rates[0].allowed is value


def test_ucrm_bad_flags_and_a_priceless_per_call_row_are_reported() -> None:
    lines = [
        "TargetName,TargetPrefix,Price,billingblock,billpercall,allowed,latebill",
        "Votes,0137,,60,yes,yes,no",
        "Odd,0138,0.1,60,maybe,yes,2",
    ]

    result = parse_rates(lines, PRESETS["ucrm"])

    assert [(e.line, e.field, e.message) for e in result.errors] == [
        (2, "Price", "a per-call row needs its price"),
        (3, "billpercall", "'maybe' is not yes or no: use 1/0, true/false, yes/no or y/n"),
        (3, "latebill", "'2' is not yes or no: use 1/0, true/false, yes/no or y/n"),
    ]
