"""Parse a CSV rate deck into validated rates, reporting every bad row with its line number.

Invariants:

- One streaming pass: the source is read once, line by line.
- Line numbers are physical file lines, 1-based; the header is the first non-blank line (line 1
  in a normal file). Blank lines (and rows whose cells are all blank) are skipped and not
  counted as rows, but they do count for line numbers. A row spanning several lines (a quoted
  line break) is an error at the line it starts on: in a rate deck it is a stray quote.
- Every non-blank data row becomes exactly one :class:`ParsedRate` or at least one
  :class:`RowError` (one per bad cell), never both. Of two rows with the same prefix and
  ``effective_from`` the first is kept and the second is an error naming the first's line.
- A header problem (no header, a mapped column missing, an unknown or repeated column) or an
  unreadable file rejects the whole file: no rates, ``file_rejected`` is true.
- Money stays ``Decimal`` from the cell text on; no float is ever involved. What a valid cell
  is (amounts, blocks, flags, dates) is decided in :mod:`.csv_formats`.

Standard library only: the importer owns files, encodings and storage.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Protocol, TextIO

from .csv_formats import (
    DELIMITERS,
    MAX_AMOUNT,
    MAX_BLOCK_SECONDS,
    MAX_DECIMAL_PLACES,
    MAX_DESTINATION_LENGTH,
    MAX_PREFIX_DIGITS,
    PER_MINUTE,
    PRESETS,
    CellError,
    ColumnMapping,
    InvalidColumnMappingError,
    RateDefaults,
    cached,
    cell_readers,
    header_key,
    instant_reader,
    read_amount,
    read_amount_with_comma,
    read_blocks,
    read_flag,
    read_increment,
    read_prefix,
    read_seconds,
    read_text,
)

__all__ = [
    "DELIMITERS",
    "MAX_AMOUNT",
    "MAX_BLOCK_SECONDS",
    "MAX_DECIMAL_PLACES",
    "MAX_DESTINATION_LENGTH",
    "MAX_PREFIX_DIGITS",
    "PER_MINUTE",
    "PRESETS",
    "PROGRESS_EVERY",
    "ColumnMapping",
    "InvalidColumnMappingError",
    "ParseResult",
    "ParsedRate",
    "RateDefaults",
    "RowError",
    "parse_rates",
]

PROGRESS_EVERY = 10_000
"""Data rows between two ``on_progress`` calls."""
_ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class ParsedRate:
    """One valid row of a rate deck file, in the units the engine's ``Rate`` uses.

    ``prefix`` is 1..20 ASCII digits; amounts are exact non-negative Decimals; ``initial_block``
    >= 0 and ``increment`` >= 1 are seconds. A ``flat_price`` makes the rate per-call (its
    ``rate_per_minute`` is then 0 when the file gave none). ``effective_from`` /
    ``effective_until`` are timezone-aware or None.
    """

    line: int
    prefix: str
    destination: str
    rate_per_minute: Decimal
    connect_fee: Decimal
    initial_block: int
    increment: int
    flat_price: Decimal | None
    allowed: bool
    late_billed: bool
    effective_from: datetime | None = None
    effective_until: datetime | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem at ``line``; ``field`` is the CSV column (as the file spells it) to blame."""

    line: int
    field: str | None
    message: str


@dataclass(frozen=True, slots=True)
class ParseResult:
    """The rates of the valid rows and the errors of the others.

    ``errors`` holds at most ``max_errors`` entries (``truncated_errors`` says more were found;
    ``error_count`` counts them all). Decide on ``ok`` and ``file_rejected``, not on ``errors``.
    """

    rates: list[ParsedRate]
    errors: list[RowError]
    rows_total: int
    truncated_errors: bool = False
    error_count: int = 0
    file_rejected: bool = False

    @property
    def ok(self) -> bool:
        """True when every row parsed: the deck can be applied as a whole."""
        return self.error_count == 0

    @property
    def rows_skipped(self) -> int:
        """Data rows that did not become a rate (a row may have several errors)."""
        return self.rows_total - len(self.rates)


class _RowProblem(Exception):
    """A row cannot become a rate; the caller works out and reports why."""


class _RuleError(_RowProblem):
    """Valid cells that contradict each other (e.g. until before from), blamed on ``field``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class _ShapeError(_RowProblem):
    """The row has another number of fields than the header, or runs over several lines.

    A cell with a line break is valid CSV but no rate deck has one: it is what a stray opening
    quote makes of the lines up to the next quote, which would otherwise vanish silently.
    """


_ROW_PROBLEMS = (CellError, _RowProblem)
"""What the row parser raises for a row that cannot become a rate."""


# --- rows --------------------------------------------------------------------------------

_RowParser = Callable[[list[str], int], ParsedRate]


def _row_parser(mapping: ColumnMapping, at: dict[str, int]) -> _RowParser:
    """A function turning one row into a rate, or raising :data:`_ROW_PROBLEMS`."""
    amount = cached(read_amount_with_comma if mapping.decimal_comma else read_amount)
    blocks = cached(read_blocks)
    text = cached(read_text)
    instant = instant_reader(mapping.naive_timezone)
    i_prefix, i_rate, i_flat, i_dest = (
        at.get(name, -1) for name in ("prefix", "rate_per_minute", "flat_price", "destination")
    )
    i_fee, i_init, i_inc, i_blocks = (
        at.get(name, -1) for name in ("connect_fee", "initial_block", "increment", "blocks")
    )
    i_per_call, i_allowed, i_late = (
        at.get(name, -1) for name in ("per_call", "allowed", "late_billed")
    )
    i_from, i_until = at.get("effective_from", -1), at.get("effective_until", -1)
    price_field = "rate_per_minute" if i_rate >= 0 else "flat_price"
    d = mapping.defaults
    blocks0 = (d.initial_block, d.increment)

    def parse(row: list[str], line: int) -> ParsedRate:
        prefix = read_prefix(row[i_prefix])
        rate = amount(row[i_rate]) if i_rate >= 0 else None
        flat = amount(row[i_flat]) if i_flat >= 0 else None
        if i_per_call >= 0 and read_flag(row[i_per_call]):
            rate, flat = _ZERO, rate
            if flat is None:
                raise _RuleError(price_field, "a per-call row needs its price")
        elif rate is None:
            if flat is None:
                raise _RuleError(price_field, "the row has no price")
            rate = _ZERO
        destination = (text(row[i_dest]) or d.destination) if i_dest >= 0 else d.destination
        fee = amount(row[i_fee]) if i_fee >= 0 else None
        initial: int | None
        increment: int | None
        if i_blocks >= 0:
            initial, increment = blocks(row[i_blocks]) or blocks0
        else:
            initial = read_seconds(row[i_init]) if i_init >= 0 else None
            increment = read_increment(row[i_inc]) if i_inc >= 0 else None
        allowed = read_flag(row[i_allowed]) if i_allowed >= 0 else None
        late = read_flag(row[i_late]) if i_late >= 0 else None
        start = instant(row[i_from]) if i_from >= 0 else None
        until = instant(row[i_until]) if i_until >= 0 else None
        if start is not None and until is not None and until <= start:
            raise _RuleError("effective_until", "effective_until must be after effective_from")
        return ParsedRate(
            line,
            prefix,
            destination,
            rate,
            d.connect_fee if fee is None else fee,
            blocks0[0] if initial is None else initial,
            blocks0[1] if increment is None else increment,
            flat,
            d.allowed if allowed is None else allowed,
            d.late_billed if late is None else late,
            start,
            until,
        )

    return parse


# --- the file ----------------------------------------------------------------------------


class _Errors:
    """The first ``limit`` errors, and the count of all of them."""

    __slots__ = ("count", "items", "limit")

    def __init__(self, limit: int) -> None:
        self.count = 0
        self.items: list[RowError] = []
        self.limit = limit

    def add(self, line: int, field: str | None, message: str) -> None:
        self.count += 1
        if self.count <= self.limit:
            self.items.append(RowError(line, field, message))


def _without_bom(source: TextIO | Iterable[str]) -> Iterator[str]:
    """The lines of ``source`` without the byte-order mark Excel puts at the start."""
    lines = iter(source)
    first = next(lines, None)
    if first is None:
        return lines
    return itertools.chain((first.removeprefix("\ufeff"),), lines)


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _shown(name: str) -> str:
    """A header name as errors show it: no BOM, and no raw NUL (JSON in PostgreSQL refuses it)."""
    return name.replace("\ufeff", "").replace("\x00", "\\x00").strip()


def _locate_columns(
    header: list[str], line: int, mapping: ColumnMapping, errors: _Errors
) -> dict[str, int] | None:
    """Field name → column index, or None (after reporting why) when the header is unusable."""
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        if key := header_key(name):
            positions.setdefault(key, []).append(index)
    at: dict[str, int] = {}
    for field_name, column in mapping.columns().items():
        found = positions.get(header_key(column), [])
        if not found:
            errors.add(line, column, f"column {column!r} is not in the file")
        elif len(found) > 1:
            errors.add(line, column, f"column {column!r} appears {len(found)} times")
        else:
            at[field_name] = found[0]
    if not mapping.ignore_unknown_columns:
        known = {header_key(column) for column in mapping.columns().values()}
        known |= {header_key(column) for column in mapping.ignored_columns}
        for key, found in positions.items():
            if key not in known:
                name = _shown(header[found[0]])
                errors.add(line, name, f"unknown column '{name}': map it or ignore it")
    return at if errors.count == 0 else None


class _Sheet:
    """What the rows of one file are read with once its header is known."""

    def __init__(self, header: list[str], at: dict[str, int], mapping: ColumnMapping) -> None:
        self.width = len(header)
        self.in_file_order = sorted(at.items(), key=lambda item: item[1])
        self.names = {field_name: _shown(header[index]) for field_name, index in at.items()}
        self.parse = _row_parser(mapping, at)
        self.readers = cell_readers(mapping)
        self.keyed_by_time = "effective_from" in at

    def fit(self, row: list[str]) -> list[str]:
        """The row cut to the header's width if only empty cells stick out, else raise."""
        if len(row) > self.width and not any(cell.strip() for cell in row[self.width :]):
            return row[: self.width]
        raise _ShapeError(f"the row has {len(row)} fields, the header has {self.width}")

    def report(self, row: list[str], line: int, problem: Exception, errors: _Errors) -> None:
        """Record why a row is not a rate: every bad cell, else the rule it breaks."""
        if isinstance(problem, _ShapeError):
            errors.add(line, None, str(problem))
            return
        found = 0
        for field_name, index in self.in_file_order:
            try:
                self.readers[field_name](row[index])
            except CellError as exc:
                errors.add(line, self.names[field_name], str(exc))
                found += 1
        if not found:
            blamed = self.names.get(problem.field) if isinstance(problem, _RuleError) else None
            errors.add(line, blamed, str(problem))


class _Reader(Protocol):
    """What is used of ``csv.reader``: its rows and the count of lines read so far."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


def _read_header(reader: _Reader, mapping: ColumnMapping, errors: _Errors) -> _Sheet | None:
    line_num = reader.line_num
    try:
        for row in reader:
            line, line_num = line_num + 1, reader.line_num
            if not _is_blank(row):
                at = _locate_columns(row, line, mapping, errors)
                return None if at is None else _Sheet(row, at, mapping)
    except csv.Error as exc:
        errors.add(line_num + 1, None, f"the header is not valid CSV: {exc}")
        return None
    errors.add(1, None, "the file is empty: it has no header line")
    return None


def _read_rows(
    reader: _Reader, sheet: _Sheet, errors: _Errors, on_progress: Callable[[int], object] | None
) -> tuple[list[ParsedRate], int]:
    """Parse the data rows; a row the csv module cannot read is reported and passed over."""
    parse, width, fit, report = sheet.parse, sheet.width, sheet.fit, sheet.report
    prefix_name, keyed_by_time = sheet.names["prefix"], sheet.keyed_by_time
    rates: list[ParsedRate] = []
    append = rates.append
    seen: dict[object, int] = {}
    count = 0
    end = reader.line_num
    while True:
        try:
            for row in reader:
                line, end = end + 1, reader.line_num
                rate: ParsedRate | None
                try:
                    if end > line:
                        raise _ShapeError(_open_quote_message(end))
                    rate = parse(row if len(row) == width else fit(row), line)
                except _ROW_PROBLEMS as problem:
                    if _is_blank(row):
                        continue
                    report(row if len(row) <= width else row[:width], line, problem, errors)
                    rate = None
                count += 1
                if on_progress is not None and count % PROGRESS_EVERY == 0:
                    on_progress(count)
                if rate is None:
                    continue
                key = (rate.prefix, rate.effective_from) if keyed_by_time else rate.prefix
                first = seen.setdefault(key, line)
                if first == line:
                    append(rate)
                else:
                    errors.add(line, prefix_name, _duplicate_message(rate, first))
            break
        except csv.Error as exc:
            line, end, count = end + 1, reader.line_num, count + 1
            errors.add(line, None, f"the row is not valid CSV: {exc}")
            if end > line:
                errors.add(line, None, _open_quote_message(end))
    if on_progress is not None and count % PROGRESS_EVERY:
        on_progress(count)
    return rates, count


def _open_quote_message(end: int) -> str:
    return f"this row runs on to line {end}: is a quote left open?"


def _duplicate_message(rate: ParsedRate, first: int) -> str:
    when = "" if rate.effective_from is None else f" from {rate.effective_from.isoformat()}"
    return f"duplicate of line {first}: prefix {rate.prefix}{when} is already there"


def parse_rates(
    source: TextIO | Iterable[str],
    mapping: ColumnMapping,
    *,
    max_errors: int = 1000,
    on_progress: Callable[[int], object] | None = None,
) -> ParseResult:
    """Read a rate deck CSV in one pass: the valid rows' rates and every bad row's errors.

    ``source`` yields the file's lines (a text file opened with ``newline=""``, or any
    iterable of lines); a leading BOM and CRLF endings are fine. ``on_progress(rows_done)`` is
    called every :data:`PROGRESS_EVERY` data rows and once at the end. See the module
    docstring for line numbering and what rejects the whole file.
    """
    if max_errors < 1:
        raise ValueError("max_errors must be at least 1")
    errors = _Errors(max_errors)
    reader: _Reader | None = None
    sheet: _Sheet | None = None
    rates: list[ParsedRate] = []
    count = 0
    try:
        reader = csv.reader(_without_bom(source), delimiter=mapping.delimiter)
        sheet = _read_header(reader, mapping, errors)
        if sheet is not None:
            rates, count = _read_rows(reader, sheet, errors, on_progress)
    except UnicodeDecodeError as exc:
        # Text files decode ahead in blocks: the bad byte is on this line or a later one.
        line = 1 if reader is None else reader.line_num + 1
        message = f"the file is not text in the expected encoding ({exc.reason})"
        errors.add(line, None, f"{message} at or after this line")
        sheet = None
    rejected = sheet is None
    return ParseResult(
        rates=[] if rejected else rates,
        errors=errors.items,
        rows_total=count,
        truncated_errors=errors.count > errors.limit,
        error_count=errors.count,
        file_rejected=rejected,
    )
