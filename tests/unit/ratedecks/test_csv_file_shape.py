"""Whole-file concerns: the header, dialects (BOM, CRLF, ';', tab, decimal comma), encodings,
progress, effective dates and the mapping's own consistency."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from app.ratedecks.csv_parser import (
    PRESETS,
    ColumnMapping,
    InvalidColumnMappingError,
    ParseResult,
    RateDefaults,
    parse_rates,
)

CELLHUB = PRESETS["cellhub"]
HEADER = "prefix,destination,rate,initblock,billingblock,connectcharge"


def reported(result: ParseResult) -> list[tuple[int, str | None, str]]:
    return [(error.line, error.field, error.message) for error in result.errors]


def parse_text(text: str, mapping: ColumnMapping = CELLHUB) -> ParseResult:
    return parse_rates(io.StringIO(text, newline=""), mapping)


# --- the header ---------------------------------------------------------------------------


def test_an_unknown_column_rejects_the_file() -> None:
    result = parse_text(f"{HEADER},Trunk\n44,UK,0.1,60,60,0,carrier-a\n")

    assert reported(result) == [(1, "Trunk", "unknown column 'Trunk': map it or ignore it")]
    assert result.file_rejected and result.rates == [] and not result.ok


@pytest.mark.parametrize(
    "mapping",
    [
        replace(CELLHUB, ignore_unknown_columns=True),
        replace(CELLHUB, ignored_columns=frozenset({" trunk "})),
    ],
    ids=["ignore-all-unknown", "ignore-listed"],
)
def test_unknown_columns_can_be_ignored_on_purpose(mapping: ColumnMapping) -> None:
    result = parse_text(f"{HEADER},Trunk\n44,UK,0.1,60,60,0,carrier-a\n", mapping)

    assert result.errors == []
    assert [rate.prefix for rate in result.rates] == ["44"]


def test_error_fields_never_carry_a_raw_nul() -> None:
    result = parse_text(f"{HEADER},Tr\x00unk\n")

    assert reported(result) == [
        (1, "Tr\\x00unk", "unknown column 'Tr\\x00unk': map it or ignore it")
    ]


def test_a_mapped_column_missing_from_the_header_rejects_the_file() -> None:
    result = parse_text("prefix,destination,rate,billingblock\n44,UK,0.1,60\n")

    assert reported(result) == [
        (1, "connectcharge", "column 'connectcharge' is not in the file"),
        (1, "initblock", "column 'initblock' is not in the file"),
    ]
    assert result.file_rejected and result.rates == [] and result.rows_total == 0


def test_a_mapped_column_twice_in_the_header_rejects_the_file() -> None:
    result = parse_text(f"{HEADER},Rate\n44,UK,0.1,60,60,0,0.2\n")

    assert reported(result) == [(1, "rate", "column 'rate' appears 2 times")]
    assert result.file_rejected


def test_blank_header_cells_are_not_columns() -> None:
    result = parse_text(f"{HEADER},,\n44,UK,0.1,60,60,0,,\n")

    assert result.errors == [] and len(result.rates) == 1


@pytest.mark.parametrize("text", ["", "\n\n", " , \n"])
def test_a_file_without_a_header_is_rejected(text: str) -> None:
    result = parse_text(text)

    assert reported(result) == [(1, None, "the file is empty: it has no header line")]
    assert result.file_rejected


def test_a_header_only_file_has_no_rows_and_no_errors() -> None:
    result = parse_text(HEADER + "\r\n")

    assert result.ok and result.rates == [] and result.rows_total == 0


def test_blank_lines_before_the_header_shift_every_line_number() -> None:
    result = parse_text(f"\n\n{HEADER},Trunk\n")

    assert reported(result) == [(3, "Trunk", "unknown column 'Trunk': map it or ignore it")]


# --- dialects -----------------------------------------------------------------------------


def test_excel_bom_and_crlf_from_a_file_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "deck.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + f"{HEADER}\r\n44,UK,0.1,60,60,0\r\n4x,DK,1,1,1,0\r\n".encode()
    )

    for encoding in ("utf-8", "utf-8-sig"):
        with path.open(newline="", encoding=encoding) as handle:
            result = parse_rates(handle, CELLHUB)

        assert reported(result) == [(3, "prefix", "'4x' is not a prefix: digits only")]
        assert [(r.line, r.prefix, r.destination) for r in result.rates] == [(2, "44", "UK")]


def test_a_bom_before_a_quoted_header_cell() -> None:
    result = parse_text('\ufeff"prefix","destination",rate,initblock,billingblock,connectcharge\n')

    assert result.ok and not result.file_rejected


def test_lines_without_line_endings_are_fine() -> None:
    result = parse_rates([HEADER, "44,UK,0.1,60,60,0", "", "45,DK,0.2,1,1,0"], CELLHUB)

    assert [(rate.line, rate.prefix) for rate in result.rates] == [(2, "44"), (4, "45")]


@pytest.mark.parametrize(
    ("delimiter", "decimal_comma", "row", "rate", "fee"),
    [
        (";", False, "44;UK;0.0123;60;60;0.05", "0.0123", "0.05"),
        (";", True, "44;UK;0,0123;60;60;0,05", "0.0123", "0.05"),
        ("\t", True, "44\tUK\t0,0123\t60\t60\t0,05", "0.0123", "0.05"),
        (",", True, '44,UK,"0,0123",60,60,"0,05"', "0.0123", "0.05"),
        (";", True, "44;UK;1;60;60;", "1", "0"),
    ],
)
def test_delimiters_and_decimal_comma(
    delimiter: str, decimal_comma: bool, row: str, rate: str, fee: str
) -> None:
    mapping = replace(CELLHUB, delimiter=delimiter, decimal_comma=decimal_comma)
    header = HEADER.replace(",", delimiter)

    result = parse_text(f"{header}\n{row}\n", mapping)

    assert result.errors == []
    assert (result.rates[0].rate_per_minute, result.rates[0].connect_fee) == (
        Decimal(rate),
        Decimal(fee),
    )


def test_a_decimal_point_in_a_decimal_comma_file_is_an_error() -> None:
    mapping = replace(CELLHUB, delimiter=";", decimal_comma=True)

    result = parse_text(f"{HEADER.replace(',', ';')}\n44;UK;0.5;60;60;-0,1\n", mapping)

    assert reported(result) == [
        (2, "rate", "'0.5' has a '.': amounts in this file use a decimal comma"),
        (2, "connectcharge", "'-0,1' is negative"),
    ]


def test_a_semicolon_file_read_as_commas_is_one_wrong_column() -> None:
    result = parse_text(f"{HEADER.replace(',', ';')}\n44;UK;0,1;60;60;0\n")

    assert result.file_rejected
    assert [error.field for error in result.errors][-1] == HEADER.replace(",", ";")


def test_bytes_that_are_not_utf8_reject_the_file(tmp_path: Path) -> None:
    path = tmp_path / "deck.csv"
    path.write_bytes(f"{HEADER}\n44,".encode() + "Côte d'Ivoire".encode("cp1252") + b",1,1,1,0\n")

    with path.open(newline="", encoding="utf-8") as handle:
        result = parse_rates(handle, CELLHUB)

    assert result.file_rejected and result.rates == []
    assert "not text in the expected encoding" in result.errors[0].message


def test_bad_bytes_deep_in_a_file_are_reported_no_later_than_their_line(tmp_path: Path) -> None:
    good = "".join(f"{100000 + i},Somewhere,0.1,60,60,0\n" for i in range(2000))
    path = tmp_path / "deck.csv"
    path.write_bytes(f"{HEADER}\n{good}".encode() + b"44,C\xf4te,1,1,1,0\n")

    with path.open(newline="", encoding="utf-8") as handle:
        result = parse_rates(handle, CELLHUB)

    assert result.file_rejected and result.rates == []
    assert [error.field for error in result.errors] == [None]
    assert 1 < result.errors[0].line <= 2002


def test_a_header_the_csv_module_cannot_read_rejects_the_file() -> None:
    result = parse_text('prefix,"' + "x" * 200_000 + '"\n44,UK\n')

    assert result.file_rejected
    assert [(e.line, e.field) for e in result.errors] == [(1, None)]
    assert result.errors[0].message.startswith("the header is not valid CSV: field larger")


# --- progress -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "calls"), [(25_000, [10_000, 20_000, 25_000]), (20_000, [10_000, 20_000]), (3, [3])]
)
def test_progress_is_published_every_ten_thousand_rows_and_at_the_end(
    rows: int, calls: list[int]
) -> None:
    lines = [HEADER, *(f"{100000 + i},X,0.1,60,60,0" for i in range(rows))]
    seen: list[int] = []

    result = parse_rates(lines, CELLHUB, on_progress=seen.append)

    assert seen == calls and result.rows_total == rows


def test_the_source_is_read_in_one_pass() -> None:
    consumed: list[str] = []

    def lines() -> Iterator[str]:
        for line in [HEADER, "44,UK,0.1,60,60,0"]:
            consumed.append(line)
            yield line

    result = parse_rates(lines(), CELLHUB)

    assert consumed == [HEADER, "44,UK,0.1,60,60,0"] and result.ok


# --- effective dates ----------------------------------------------------------------------

DATED = ColumnMapping(
    prefix="prefix", rate_per_minute="rate", effective_from="from", effective_until="until"
)


def test_effective_dates_are_aware_and_naive_ones_are_utc() -> None:
    lines = [
        "prefix,rate,from,until",
        "44,0.1,2025-01-01,2025-07-01T00:00:00Z",
        "44,0.2,2025-07-01 00:00:00+02:00,",
        "45,0.3,,",
    ]

    rates = parse_rates(lines, DATED).rates

    assert [(r.effective_from, r.effective_until) for r in rates] == [
        (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC)),
        (datetime(2025, 7, 1, tzinfo=timezone(timedelta(hours=2))), None),
        (None, None),
    ]


def test_naive_dates_can_be_read_in_another_zone() -> None:
    zone = timezone(timedelta(hours=-5))
    lines = ["prefix,rate,from,until", "44,0.1,2025-01-01T08:00,"]

    rate = parse_rates(lines, replace(DATED, naive_timezone=zone)).rates[0]

    assert rate.effective_from == datetime(2025, 1, 1, 13, tzinfo=UTC)


def test_same_prefix_and_start_is_a_duplicate_other_starts_are_not() -> None:
    lines = [
        "prefix,rate,from,until",
        "44,0.1,2025-01-01,",
        "44,0.2,2025-06-01,",
        "44,0.3,2025-01-01T00:00:00+00:00,",
        "44,0.4,,",
    ]

    result = parse_rates(lines, DATED)

    assert reported(result) == [
        (
            4,
            "prefix",
            "duplicate of line 2: prefix 44 from 2025-01-01T00:00:00+00:00 is already there",
        )
    ]
    assert [rate.line for rate in result.rates] == [2, 3, 5]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("44,0.1,2025-13-01,", "from", "'2025-13-01' is not an ISO 8601 date or date and time"),
        ("44,0.1,yesterday,", "from", "'yesterday' is not an ISO 8601 date or date and time"),
        ("44,0.1,2025-02-01,2025-01-01", "until", "effective_until must be after effective_from"),
        ("44,0.1,2025-01-01,2025-01-01", "until", "effective_until must be after effective_from"),
    ],
)
def test_bad_effective_dates_are_reported(row: str, field: str, message: str) -> None:
    result = parse_rates(["prefix,rate,from,until", row], DATED)

    assert reported(result) == [(2, field, message)]


# --- the mapping itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"prefix": "p"}, "map a rate_per_minute or a flat_price column"),
        ({"prefix": " ", "rate_per_minute": "r"}, "the prefix column is required"),
        ({"prefix": "p", "rate_per_minute": "r", "delimiter": "|"}, "delimiter must be"),
        ({"prefix": "p", "rate_per_minute": "P"}, "column 'P' is mapped to both prefix and"),
        ({"prefix": "p", "rate_per_minute": "r", "destination": ""}, "destination column has an"),
        ({"prefix": "p", "flat_price": "f", "per_call": "c"}, "per_call needs a rate_per_minute"),
        ({"prefix": "p", "rate_per_minute": "r", "blocks": "b", "increment": "i"},
         "do not also map initial_block or increment"),
    ],
)  # fmt: skip
def test_a_self_contradicting_mapping_is_refused(arguments: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidColumnMappingError, match=message):
        ColumnMapping(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "arguments",
    [{"connect_fee": Decimal(-1)}, {"connect_fee": Decimal("NaN")}, {"increment": 0},
     {"initial_block": -1}, {"initial_block": 1.5}, {"destination": "x" * 201}],
)  # fmt: skip
def test_impossible_defaults_are_refused(arguments: dict[str, object]) -> None:
    with pytest.raises(InvalidColumnMappingError):
        RateDefaults(**arguments)  # type: ignore[arg-type]


def test_every_preset_is_a_valid_mapping_with_the_documented_columns() -> None:
    assert set(PRESETS) == {"cellhub", "ictvoip", "ucrm"}
    assert list(PRESETS["cellhub"].columns().values()) == [
        "prefix", "rate", "destination", "connectcharge", "initblock", "billingblock"
    ]  # fmt: skip
    assert PRESETS["ictvoip"].columns()["blocks"] == "Increment"
    assert PRESETS["ucrm"].columns()["per_call"] == "billpercall"
