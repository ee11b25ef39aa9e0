"""The destinations CSV, prefix rewriting on import, and the longest-prefix group classifier."""

from __future__ import annotations

import io
import uuid

import pytest

from app.db.models.destination import Destination
from app.ratedecks.csv_parser import PRESETS, parse_rates
from app.ratedecks.destination_csv import DESTINATION_TYPES, parse_destinations
from app.ratedecks.destinations import GroupPrefixes, classify
from app.ratedecks.prefix_rewrite import PrefixRewrite

UCRM_HEADER = "TargetName,TargetPrefix,Price,billingblock(s),billpercall,allowed,latebill"


def destinations(*lines: str):  # type: ignore[no-untyped-def]
    return parse_destinations(io.StringIO("\n".join(lines) + "\n", newline=""))


def test_a_destinations_file_with_optional_columns_parses_every_row() -> None:
    table = destinations(
        "Prefix,Destination,Country,Type",
        "1,USA,us,",
        "44,United Kingdom,GB,landline",
        "447,UK Mobile,gb,Mobile",
        "",
        "44800,UK freephone,GB,toll-free",
    )
    assert table.error_count == 0
    assert [(d.line, d.prefix, d.name, d.country, d.type) for d in table.records] == [
        (2, "1", "USA", "US", None),
        (3, "44", "United Kingdom", "GB", "landline"),
        (4, "447", "UK Mobile", "GB", "mobile"),
        (6, "44800", "UK freephone", "GB", "toll_free"),
    ]


def test_the_two_required_columns_are_enough() -> None:
    table = destinations("prefix,destination", "33,France")
    assert [(d.prefix, d.country, d.type) for d in table.records] == [("33", None, None)]


def test_bad_lines_are_reported_by_line_and_column() -> None:
    table = destinations(
        "prefix,destination,country,type",
        "44,UK,GB,landline",
        "4x,Nowhere,GB,",
        "49,,DE,",
        "33,France,FRA,",
        "39,Italy,IT,satellite",
        "44,UK again,GB,",
        "1,USA",
    )
    assert [(e.line, e.field) for e in table.errors] == [
        (3, "prefix"),
        (4, "destination"),
        (5, "country"),
        (6, "type"),
        (7, "prefix"),
        (8, None),
    ]
    assert "duplicate of line 2" in table.errors[4].message
    assert [d.prefix for d in table.records] == ["44"]


def test_a_missing_or_unknown_column_rejects_the_file() -> None:
    missing = destinations("prefix,country", "44,GB")
    assert missing.file_rejected
    assert [(e.line, e.field) for e in missing.errors] == [(1, "destination")]
    unknown = destinations("prefix,destination,rate", "44,UK,0.1")
    assert unknown.file_rejected
    assert unknown.errors[0].field == "rate"


def test_the_database_accepts_exactly_the_parser_types() -> None:
    constraint = next(c for c in Destination.__table__.constraints if c.name and "type" in c.name)
    assert all(f"'{kind}'" in str(constraint.sqltext) for kind in DESTINATION_TYPES)  # type: ignore[attr-defined]


def test_strip_00_turns_ucrm_dialled_prefixes_into_e164() -> None:
    csv = "\n".join(
        [
            UCRM_HEADER,
            "AT&T WirelessUS,00145,0.12,60,no,yes,no",
            "Germany,0049,0.02,60,no,yes,no",
            "Already E.164,33,0.03,60,no,yes,no",
        ]
    )
    result = parse_rates(
        io.StringIO(csv, newline=""), PRESETS["ucrm"], rewrite=PrefixRewrite(strip="00")
    )
    assert result.ok
    assert [r.prefix for r in result.rates] == ["145", "49", "33"]


def test_a_prefix_left_empty_or_colliding_after_rewriting_is_a_line_error() -> None:
    csv = "\n".join(
        [
            UCRM_HEADER,
            "AT&T WirelessUS,00145,0.12,60,no,yes,no",
            "Bare exit code,00,0.50,60,no,yes,no",
            "Same once stripped,145,0.10,60,no,yes,no",
        ]
    )
    result = parse_rates(
        io.StringIO(csv, newline=""), PRESETS["ucrm"], rewrite=PrefixRewrite(strip="00")
    )
    assert [(e.line, e.field) for e in result.errors] == [(3, "TargetPrefix"), (4, "TargetPrefix")]
    assert "empty once 00 is stripped" in result.errors[0].message
    assert "duplicate of line 2: prefix 145 (once rewritten)" in result.errors[1].message
    assert [r.prefix for r in result.rates] == ["145"]


def test_add_puts_digits_in_front_after_strip() -> None:
    rewrite = PrefixRewrite(strip="0", add="44")
    assert rewrite("020") == "4420"
    assert rewrite("7") == "447"
    with pytest.raises(ValueError, match="digits"):
        PrefixRewrite(strip="+")
    with pytest.raises(ValueError, match="needs digits"):
        PrefixRewrite()


def test_classify_picks_the_group_with_the_longest_prefix() -> None:
    uk, mobile, special = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    groups = [
        GroupPrefixes(uk, ("44",)),
        GroupPrefixes(mobile, ("447",)),
        GroupPrefixes(special, ("4470", "449")),
    ]
    assert classify("442079460000", groups) == uk
    assert classify("+447911123456", groups) == mobile
    assert classify("447011123456", groups) == special
    assert classify("33123456789", groups) is None
    assert classify("", groups) is None


def test_classify_breaks_a_tie_by_group_order() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    groups = [GroupPrefixes(first, ("1",)), GroupPrefixes(second, ("1",))]
    assert classify("12125550100", groups) == first
    assert classify("12125550100", list(reversed(groups))) == second
