"""Every bad row is reported at its own line, naming the column to blame; good rows still parse."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest

from app.ratedecks.csv_parser import (
    PRESETS,
    ColumnMapping,
    ParseResult,
    RateDefaults,
    parse_rates,
)

HEADER = "prefix,destination,rate,initblock,billingblock,connectcharge"
CELLHUB = PRESETS["cellhub"]


def parse(*rows: str, mapping: ColumnMapping = CELLHUB, max_errors: int = 1000) -> ParseResult:
    text = "\n".join((HEADER, *rows)) + "\n"
    return parse_rates(io.StringIO(text, newline=""), mapping, max_errors=max_errors)


def reported(result: ParseResult) -> list[tuple[int, str | None, str]]:
    return [(error.line, error.field, error.message) for error in result.errors]


def valid_row(index: int) -> str:
    return f"{100000 + index},Destination {index},0.{index % 10000:04d},60,60,0"


def test_three_bad_rows_among_ten_thousand_report_exactly_those_lines() -> None:
    rows = [valid_row(index) for index in range(10_000)]
    # The header is line 1, so rows[i] is line i + 2.
    rows[57 - 2] = "44a,Bad prefix,0.01,60,60,0"
    rows[4321 - 2] = "4321,Negative,-0.01,60,60,0"
    rows[9876 - 2] = valid_row(12 - 2).replace("Destination", "Again")

    result = parse(*rows)

    assert reported(result) == [
        (57, "prefix", "'44a' is not a prefix: digits only"),
        (4321, "rate", "'-0.01' is negative"),
        (9876, "prefix", "duplicate of line 12: prefix 100010 is already there"),
    ]
    assert result.rows_total == 10_000
    assert len(result.rates) == 9_997 and result.rows_skipped == 3
    assert {rate.line for rate in result.rates}.isdisjoint({57, 4321, 9876})
    assert not result.ok and not result.file_rejected


CELL_ERRORS = [
    ("44a,UK,0.1,60,60,0", "prefix", "'44a' is not a prefix: digits only"),
    (",UK,0.1,60,60,0", "prefix", "the prefix is empty"),
    ("4-4,UK,0.1,60,60,0", "prefix", "'4-4' is not a prefix: digits only"),
    ("٤٤,UK,0.1,60,60,0", "prefix", "'٤٤' is not a prefix: digits only"),
    ("1" * 21 + ",UK,0.1,60,60,0", "prefix", f"prefix '{'1' * 21}' is longer than 20 digits"),
    ("44,UK,-0.1,60,60,0", "rate", "'-0.1' is negative"),
    ("44,UK,NaN,60,60,0", "rate", "'NaN' is not a finite amount"),
    ("44,UK,inf,60,60,0", "rate", "'inf' is not a finite amount"),
    ("44,UK,-Infinity,60,60,0", "rate", "'-Infinity' is not a finite amount"),
    ("44,UK,1e400,60,60,0", "rate", "'1e400' is too large (at most 12 digits before the point)"),
    ("44,UK,1000000000000,60,60,0", "rate",
     "'1000000000000' is too large (at most 12 digits before the point)"),
    ("44,UK,0.0000001,60,60,0", "rate", "'0.0000001' has more than 6 decimal places"),
    ("44,UK,1e-400,60,60,0", "rate", "'1e-400' has more than 6 decimal places"),
    ("44,UK,abc,60,60,0", "rate", "'abc' is not an amount"),
    ("44,UK," + "x" * 100 + ",60,60,0", "rate", f"'{'x' * 37}...' is not an amount"),
    ("44,UK,1_000,60,60,0", "rate", "'1_000' is not an amount"),
    ('44,UK,"0,5",60,60,0', "rate", "'0,5' is not an amount (a decimal comma? choose that option)"),
    ("44,UK,,60,60,0", "rate", "the row has no price"),
    ("44,UK,0.1,-1,60,0", "initblock", "'-1' is not a whole number of seconds"),
    ("44,UK,0.1,1.5,60,0", "initblock", "'1.5' is not a whole number of seconds"),
    ("44,UK,0.1,86401,60,0", "initblock", "'86401' seconds is longer than a day"),
    ("44,UK,0.1," + "6" * 5000 + ",60,0", "initblock",
     f"'{'6' * 37}...' seconds is longer than a day"),
    ("44,UK,0.1,60,0,0", "billingblock", "the increment must be at least 1 second"),
    ("44,UK,0.1,60,x,0", "billingblock", "'x' is not a whole number of seconds"),
    ("44,UK,0.1,60,60,-0.01", "connectcharge", "'-0.01' is negative"),
    ("44," + "x" * 201 + ",0.1,60,60,0", "destination",
     "the destination is longer than 200 characters"),
    ("44,U\x00K,0.1,60,60,0", "destination", "the destination contains a NUL character"),
    ("4\x004,UK,0.1,60,60,0", "prefix", "'4\\x004' is not a prefix: digits only"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "field", "message"), CELL_ERRORS)
def test_a_bad_cell_is_reported_with_its_line_and_column(
    row: str, field: str, message: str
) -> None:
    result = parse("1,USA,0.01,60,60,0", row, "2,Egypt,0.2,60,60,0")

    assert reported(result) == [(3, field, message)]
    assert [rate.line for rate in result.rates] == [2, 4]
    assert result.rows_total == 3


ACCEPTED = [
    (" +44 ,UK,0.1,60,60,0", "prefix", "44"),
    ("44 20 7,UK,0.1,60,60,0", "prefix", "44207"),
    ("00145,UK,0.1,60,60,0", "prefix", "00145"),
    ("44, UK ,0.1,60,60,0", "destination", "UK"),
    ("44,,0.1,60,60,0", "destination", ""),
    ("44,UK, 0.5 ,60,60,0", "rate_per_minute", Decimal("0.5")),
    ("44,UK,1.2E-5,60,60,0", "rate_per_minute", Decimal("0.000012")),
    ("44,UK,.5,60,60,0", "rate_per_minute", Decimal("0.5")),
    ("44,UK,5.,60,60,0", "rate_per_minute", Decimal(5)),
    ("44,UK,+0.25,60,60,0", "rate_per_minute", Decimal("0.25")),
    ("44,UK,-0,60,60,0", "rate_per_minute", Decimal(0)),
    ("44,UK,0.100000000,60,60,0", "rate_per_minute", Decimal("0.1")),
    ("44,UK,999999999999.999999,60,60,0", "rate_per_minute", Decimal("999999999999.999999")),
    ("44,UK,0.1, 30 ,60,0", "initial_block", 30),
    ("44,UK,0.1,0,60,0", "initial_block", 0),
    ("44,UK,0.1,,60,0", "initial_block", 1),
    ("44,UK,0.1,60,,0", "increment", 1),
    ("44,UK,0.1,60,86400,0", "increment", 86400),
    ("44,UK,0.1,60,60,", "connect_fee", Decimal(0)),
]


@pytest.mark.parametrize(("row", "field", "value"), ACCEPTED)
def test_harmless_variations_of_a_cell_are_accepted(row: str, field: str, value: object) -> None:
    result = parse(row)

    assert result.errors == []
    assert getattr(result.rates[0], field) == value


def test_negative_zero_is_stored_as_plain_zero() -> None:
    rate = parse("44,UK,-0,60,60,0").rates[0]

    assert str(rate.rate_per_minute) == "0"


def test_every_bad_cell_of_a_row_is_reported() -> None:
    result = parse("4x,UK,-1,60,0,abc")

    assert reported(result) == [
        (2, "prefix", "'4x' is not a prefix: digits only"),
        (2, "rate", "'-1' is negative"),
        (2, "billingblock", "the increment must be at least 1 second"),
        (2, "connectcharge", "'abc' is not an amount"),
    ]
    assert result.rows_skipped == 1


def test_a_row_with_the_wrong_number_of_fields_is_reported() -> None:
    result = parse("44,UK,0.1,60,60", "45,DK,0.1,60,60,0,extra", "46,SE,0.1,60,60,0")

    assert reported(result) == [
        (2, None, "the row has 5 fields, the header has 6"),
        (3, None, "the row has 7 fields, the header has 6"),
    ]
    assert [rate.prefix for rate in result.rates] == ["46"]


def test_trailing_empty_cells_beyond_the_header_are_tolerated() -> None:
    result = parse("44,UK,0.1,60,60,0,,", "45,DK,0.1,60,60,0, ")

    assert result.errors == []
    assert [rate.prefix for rate in result.rates] == ["44", "45"]


def test_blank_lines_are_skipped_but_count_for_line_numbers() -> None:
    result = parse("", "44,UK,0.1,60,60,0", "   ", ",,,,,", "", "4x,DK,0.1,60,60,0")

    assert reported(result) == [(7, "prefix", "'4x' is not a prefix: digits only")]
    assert [rate.line for rate in result.rates] == [3]
    assert result.rows_total == 2


def test_a_line_break_inside_a_cell_is_reported_and_later_lines_stay_right() -> None:
    result = parse('44,"United\r\nKingdom",0.1,60,60,0', "4x,DK,0.1,60,60,0", "45,SE,1,1,1,0")

    assert reported(result) == [
        (2, None, "this row runs on to line 3: is a quote left open?"),
        (4, "prefix", "'4x' is not a prefix: digits only"),
    ]
    assert [rate.line for rate in result.rates] == [5]


def test_a_stray_quote_that_would_swallow_lines_is_an_error_not_a_long_name() -> None:
    result = parse(
        "44,UK,0.1,60,60,0",
        '45,"Denmark,0.1,60,60,0',
        "46,Sweden,0.1,60,60,0",
        '47,Norway",0.1,60,60,0',
        "48,Finland,0.1,60,60,0",
    )

    assert reported(result) == [(3, None, "this row runs on to line 5: is a quote left open?")]
    assert [rate.line for rate in result.rates] == [2, 6]
    assert result.rows_total == 3 and not result.ok


def test_duplicate_prefix_names_the_first_line_and_keeps_the_first_row() -> None:
    result = parse("44,UK,0.1,60,60,0", "45,DK,0.1,60,60,0", "+44,UK again,0.2,60,60,0")

    assert reported(result) == [(4, "prefix", "duplicate of line 2: prefix 44 is already there")]
    assert [(rate.prefix, rate.destination) for rate in result.rates] == [
        ("44", "UK"),
        ("45", "DK"),
    ]


def test_a_bad_row_does_not_claim_its_prefix_for_a_later_good_row() -> None:
    result = parse("44,UK,-1,60,60,0", "44,UK,0.1,60,60,0")

    assert reported(result) == [(2, "rate", "'-1' is negative")]
    assert [rate.line for rate in result.rates] == [3]


def test_errors_are_capped_but_rows_are_still_counted_and_parsed() -> None:
    rows = [f"{1000 + i},Bad,-1,60,60,0" if i % 2 else valid_row(i) for i in range(100)]

    result = parse(*rows, max_errors=10)

    assert len(result.errors) == 10 and result.truncated_errors
    assert result.error_count == 50
    assert [error.line for error in result.errors] == list(range(3, 23, 2))
    assert result.rows_total == 100 and len(result.rates) == 50
    assert not result.ok


def test_errors_up_to_the_cap_are_not_truncated() -> None:
    result = parse("4a,UK,0.1,60,60,0", "4b,UK,0.1,60,60,0", max_errors=2)

    assert len(result.errors) == 2 and not result.truncated_errors


def test_max_errors_must_keep_at_least_one_error() -> None:
    with pytest.raises(ValueError, match="max_errors"):
        parse(max_errors=0)


def test_a_csv_field_over_the_csv_modules_limit_is_a_row_error() -> None:
    huge = '"' + "x" * 200_000 + '"'

    result = parse("44,UK,0.1,60,60,0", f"45,{huge},0.1,60,60,0", "46,SE,0.1,60,60,0")

    assert [(e.line, e.field) for e in result.errors] == [(3, None)]
    assert result.errors[0].message.startswith("the row is not valid CSV: field larger than")
    assert [rate.prefix for rate in result.rates] == ["44", "46"]
    assert result.rows_total == 3


def test_flat_price_column_makes_per_call_rates() -> None:
    mapping = ColumnMapping(prefix="prefix", flat_price="price", destination="name")
    lines = ["prefix,name,price", "0137,Votes,0.50", "0138,Nothing,"]

    result = parse_rates(lines, mapping)

    assert reported(result) == [(3, "price", "the row has no price")]
    rate = result.rates[0]
    assert (rate.flat_price, rate.rate_per_minute) == (Decimal("0.50"), Decimal(0))


def test_rate_and_flat_price_columns_together() -> None:
    mapping = ColumnMapping(prefix="prefix", rate_per_minute="rate", flat_price="flat")
    lines = ["prefix,rate,flat", "44,0.1,", "0137,,0.5", "0138,0.2,0.5"]

    rates = parse_rates(lines, mapping).rates

    assert [(r.rate_per_minute, r.flat_price) for r in rates] == [
        (Decimal("0.1"), None),
        (Decimal(0), Decimal("0.5")),
        (Decimal("0.2"), Decimal("0.5")),
    ]


def test_the_decks_defaults_fill_absent_columns_and_empty_cells() -> None:
    defaults = RateDefaults(
        destination="Unknown", connect_fee=Decimal("0.01"), initial_block=60, increment=60
    )
    mapping = ColumnMapping(
        prefix="prefix", rate_per_minute="rate", increment="increment", defaults=defaults
    )
    lines = ["prefix,rate,increment", "44,0.1,", "45,0.1,6"]

    rates = parse_rates(lines, mapping).rates

    assert [(r.destination, r.connect_fee, r.initial_block, r.increment) for r in rates] == [
        ("Unknown", Decimal("0.01"), 60, 60),
        ("Unknown", Decimal("0.01"), 60, 6),
    ]
    assert all(r.allowed and not r.late_billed for r in rates)
