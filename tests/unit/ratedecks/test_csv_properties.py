"""Properties: what csv.writer writes, the parser reads back exactly; one bad row is found."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from app.ratedecks.csv_parser import PRESETS, ColumnMapping, parse_rates

MAPPING = ColumnMapping(
    prefix="prefix",
    destination="destination",
    rate_per_minute="rate",
    connect_fee="connect",
    initial_block="initial",
    increment="increment",
    allowed="allowed",
    late_billed="late",
)
HEADER = ["prefix", "destination", "rate", "connect", "initial", "increment", "allowed", "late"]


@dataclass(frozen=True)
class Row:
    prefix: str
    destination: str
    rate: Decimal
    connect: Decimal
    initial: int
    increment: int
    allowed: bool
    late: bool


plain_amounts = st.decimals(
    min_value=0, max_value=Decimal("999999999999.999999"), places=6, allow_nan=False
)
# normalize() writes some amounts in exponent form (1E+1, 5E-6), as spreadsheets sometimes do.
amounts = st.one_of(plain_amounts, plain_amounts.map(Decimal.normalize))
prefixes = st.text("0123456789", min_size=1, max_size=20)
# Any text survives csv quoting but NUL (PostgreSQL refuses it) and line breaks (a rate deck has
# none: the parser takes them for a stray quote); the parser strips the ends, keeps the inside.
destinations = st.text(st.characters(blacklist_characters="\x00\r\n"), max_size=60)
rows = st.builds(
    Row,
    prefix=prefixes,
    destination=destinations,
    rate=amounts,
    connect=amounts,
    initial=st.integers(0, 86_400),
    increment=st.integers(1, 86_400),
    allowed=st.booleans(),
    late=st.booleans(),
)
decks = st.lists(rows, max_size=40, unique_by=lambda row: row.prefix)


def written(deck: list[Row], dialect: str = "excel") -> io.StringIO:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect=dialect)
    writer.writerow(HEADER)
    for row in deck:
        flags = (str(row.allowed).lower(), "1" if row.late else "0")
        writer.writerow([row.prefix, row.destination, row.rate, row.connect, row.initial,
                         row.increment, *flags])  # fmt: skip
    buffer.seek(0)
    return buffer


@given(decks)
def test_parse_returns_what_csv_writer_wrote_in_order(deck: list[Row]) -> None:
    result = parse_rates(written(deck), MAPPING)

    assert result.errors == []
    assert result.rows_total == len(deck)
    parsed = [
        (r.prefix, r.destination, r.rate_per_minute, r.connect_fee, r.initial_block, r.increment,
         r.allowed, r.late_billed)
        for r in result.rates
    ]  # fmt: skip
    expected = [
        (row.prefix, row.destination.strip(), row.rate, row.connect, row.initial, row.increment,
         row.allowed, row.late)
        for row in deck
    ]  # fmt: skip
    assert parsed == expected
    assert all(type(r.rate_per_minute) is Decimal for r in result.rates)


@given(decks)
def test_tab_separated_output_reads_back_too(deck: list[Row]) -> None:
    mapping = replace(MAPPING, delimiter="\t")

    result = parse_rates(written(deck, "excel-tab"), mapping)

    assert result.errors == []
    assert [r.rate_per_minute for r in result.rates] == [row.rate for row in deck]


BAD_ROWS = {
    "prefix": "4a,Somewhere,0.01,60,60,0",
    "rate": "{prefix},Somewhere,-1,60,60,0",
    "billingblock": "{prefix},Somewhere,0.01,60,x,0",
}


@given(st.integers(1, 300), st.integers(0, 299), st.sampled_from(sorted(BAD_ROWS)))
def test_one_bad_row_anywhere_is_reported_at_its_own_line(size: int, bad: int, field: str) -> None:
    bad %= size
    lines = ["prefix,destination,rate,initblock,billingblock,connectcharge"]
    lines += [f"{1000 + index},Somewhere,0.01,60,60,0" for index in range(size)]
    lines[bad + 1] = BAD_ROWS[field].format(prefix=1000 + bad)

    result = parse_rates(lines, PRESETS["cellhub"])

    assert [(error.line, error.field) for error in result.errors] == [(bad + 2, field)]
    assert len(result.rates) == size - 1
