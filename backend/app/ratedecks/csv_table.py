"""Reading a headed CSV table in one pass, every bad row reported with its line number.

What every Tollgate CSV import shares (rate decks, the destinations reference table): header
matching, the row loop, blank lines, rows of the wrong width, stray quotes, unreadable bytes,
duplicate keys and the error list. A *sheet* (see :class:`ColumnSheet`) says what one row
means; this module does the rest.

Invariants:

- One streaming pass: the source is read once, line by line.
- Line numbers are physical file lines, 1-based; the header is the first non-blank line (line 1
  in a normal file). Blank lines (and rows whose cells are all blank) are skipped and not
  counted as rows, but they do count for line numbers. A row spanning several lines (a quoted
  line break) is an error at the line it starts on: in these files it is a stray quote.
- Every non-blank data row becomes exactly one record or at least one :class:`RowError` (one
  per bad cell), never both. Of two rows with the same key the first is kept and the second is
  an error naming the first's line.
- A header problem (no header, a required column missing, an unknown or repeated column) or an
  unreadable file rejects the whole file: no records, ``file_rejected`` is true.

Standard library only.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TextIO, TypeVar

from .csv_formats import CellError, header_key

PROGRESS_EVERY = 10_000
"""Data rows between two ``on_progress`` calls."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RowError:
    """A problem at ``line``; ``field`` is the CSV column (as the file spells it) to blame."""

    line: int
    field: str | None
    message: str


@dataclass(frozen=True, slots=True)
class Table(Generic[T]):
    """The records of the valid rows and the errors of the others (at most ``max_errors``;
    ``error_count`` counts them all)."""

    records: list[T]
    errors: list[RowError]
    rows_total: int
    truncated_errors: bool
    error_count: int
    file_rejected: bool


class Errors:
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


class RowProblem(Exception):
    """A row cannot become a record; the caller works out and reports why."""


class RuleError(RowProblem):
    """Valid cells that contradict each other (e.g. until before from), blamed on ``field``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ShapeError(RowProblem):
    """The row has another number of fields than the header, or runs over several lines.

    A cell with a line break is valid CSV but no import file has one: it is what a stray
    opening quote makes of the lines up to the next quote, which would otherwise vanish.
    """


ROW_PROBLEMS = (CellError, RowProblem)
"""What a sheet's ``parse`` raises for a row that cannot become a record."""


def without_bom(source: TextIO | Iterable[str]) -> Iterator[str]:
    """The lines of ``source`` without the byte-order mark Excel puts at the start."""
    lines = iter(source)
    first = next(lines, None)
    if first is None:
        return lines
    return itertools.chain((first.removeprefix("\ufeff"),), lines)


def is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def shown(name: str) -> str:
    """A header name as errors show it: no BOM, and no raw NUL (JSON in PostgreSQL refuses it)."""
    return name.replace("\ufeff", "").replace("\x00", "\\x00").strip()


def locate_columns(
    header: list[str],
    line: int,
    errors: Errors,
    required: Mapping[str, str],
    optional: Mapping[str, str] | None = None,
    *,
    ignored: Iterable[str] = (),
    ignore_unknown: bool = False,
) -> dict[str, int] | None:
    """Field name → column index, or None (after reporting why) when the header is unusable.
    ``required`` and ``optional`` map field names to the column names that feed them."""
    positions: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        if key := header_key(name):
            positions.setdefault(key, []).append(index)
    optional = optional or {}
    at: dict[str, int] = {}
    for field_name, column in {**required, **optional}.items():
        found = positions.get(header_key(column), [])
        if len(found) > 1:
            errors.add(line, column, f"column {column!r} appears {len(found)} times")
        elif found:
            at[field_name] = found[0]
        elif field_name in required:
            errors.add(line, column, f"column {column!r} is not in the file")
    if not ignore_unknown:
        known = {header_key(column) for column in (*required.values(), *optional.values())}
        known |= {header_key(column) for column in ignored}
        for key, found in positions.items():
            if key not in known:
                name = shown(header[found[0]])
                errors.add(line, name, f"unknown column '{name}': map it or ignore it")
    return at if errors.count == 0 else None


class ColumnSheet(Generic[T]):
    """What the rows of one file are read with once its header is known.

    ``at`` maps field names to column indexes; ``readers`` says how each field's cell is read
    (the diagnosis of a bad row re-reads every cell with them); ``parse`` turns a row into a
    record or raises :data:`ROW_PROBLEMS`; ``key`` says which rows are duplicates (default:
    the record's ``prefix``). Subclasses may redefine ``duplicate_message``.
    """

    key_field = "prefix"

    def __init__(
        self,
        header: list[str],
        at: dict[str, int],
        readers: Mapping[str, Callable[[str], object]],
        parse: Callable[[list[str], int], T],
        key: Callable[[T], Hashable] | None = None,
    ) -> None:
        self.width = len(header)
        self.in_file_order = sorted(at.items(), key=lambda item: item[1])
        self.names = {field_name: shown(header[index]) for field_name, index in at.items()}
        self.readers = readers
        self.parse = parse
        self.key: Callable[[T], Hashable] = key or self._key_field_of

    def _key_field_of(self, record: T) -> Hashable:
        key: Hashable = getattr(record, self.key_field)
        return key

    def duplicate_message(self, record: T, first: int) -> str:
        return f"duplicate of line {first}: {self.key_field} {self.key(record)} is already there"

    def fit(self, row: list[str]) -> list[str]:
        """The row cut to the header's width if only empty cells stick out, else raise."""
        if len(row) > self.width and not any(cell.strip() for cell in row[self.width :]):
            return row[: self.width]
        raise ShapeError(f"the row has {len(row)} fields, the header has {self.width}")

    def report(self, row: list[str], line: int, problem: Exception, errors: Errors) -> None:
        """Record why a row is not a record: every bad cell, else the rule it breaks."""
        if isinstance(problem, ShapeError):
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
            blamed = self.names.get(problem.field) if isinstance(problem, RuleError) else None
            errors.add(line, blamed, str(problem))


class _Reader(Protocol):
    """What is used of ``csv.reader``: its rows and the count of lines read so far."""

    @property
    def line_num(self) -> int: ...

    def __iter__(self) -> Iterator[list[str]]: ...

    def __next__(self) -> list[str]: ...


OpenSheet = Callable[[list[str], int, Errors], "ColumnSheet[T] | None"]
"""Given the header row, its line and the error list: the sheet, or None (errors reported)."""


def _read_header(
    reader: _Reader, open_sheet: OpenSheet[T], errors: Errors
) -> ColumnSheet[T] | None:
    line_num = reader.line_num
    try:
        for row in reader:
            line, line_num = line_num + 1, reader.line_num
            if not is_blank(row):
                return open_sheet(row, line, errors)
    except csv.Error as exc:
        errors.add(line_num + 1, None, f"the header is not valid CSV: {exc}")
        return None
    errors.add(1, None, "the file is empty: it has no header line")
    return None


def _read_rows(
    reader: _Reader,
    sheet: ColumnSheet[T],
    errors: Errors,
    on_progress: Callable[[int], object] | None,
) -> tuple[list[T], int]:
    """Parse the data rows; a row the csv module cannot read is reported and passed over."""
    parse, width, fit, report, key = sheet.parse, sheet.width, sheet.fit, sheet.report, sheet.key
    key_name = sheet.names.get(sheet.key_field)
    records: list[T] = []
    append = records.append
    seen: dict[Hashable, int] = {}
    count = 0
    end = reader.line_num
    while True:
        try:
            for row in reader:
                line, end = end + 1, reader.line_num
                record: T | None
                try:
                    if end > line:
                        raise ShapeError(_open_quote_message(end))
                    record = parse(row if len(row) == width else fit(row), line)
                except ROW_PROBLEMS as problem:
                    if is_blank(row):
                        continue
                    report(row if len(row) <= width else row[:width], line, problem, errors)
                    record = None
                count += 1
                if on_progress is not None and count % PROGRESS_EVERY == 0:
                    on_progress(count)
                if record is None:
                    continue
                first = seen.setdefault(key(record), line)
                if first == line:
                    append(record)
                else:
                    errors.add(line, key_name, sheet.duplicate_message(record, first))
            break
        except csv.Error as exc:
            line, end, count = end + 1, reader.line_num, count + 1
            errors.add(line, None, f"the row is not valid CSV: {exc}")
            if end > line:
                errors.add(line, None, _open_quote_message(end))
    if on_progress is not None and count % PROGRESS_EVERY:
        on_progress(count)
    return records, count


def _open_quote_message(end: int) -> str:
    return f"this row runs on to line {end}: is a quote left open?"


def read_table(
    source: TextIO | Iterable[str],
    open_sheet: OpenSheet[T],
    *,
    delimiter: str = ",",
    max_errors: int = 1000,
    on_progress: Callable[[int], object] | None = None,
) -> Table[T]:
    """Read a headed CSV in one pass: the valid rows' records and every bad row's errors.

    ``source`` yields the file's lines (a text file opened with ``newline=""``, or any iterable
    of lines); a leading BOM and CRLF endings are fine. ``on_progress(rows_done)`` is called
    every :data:`PROGRESS_EVERY` data rows and once at the end.
    """
    if max_errors < 1:
        raise ValueError("max_errors must be at least 1")
    errors = Errors(max_errors)
    reader: _Reader | None = None
    sheet: ColumnSheet[T] | None = None
    records: list[T] = []
    count = 0
    try:
        reader = csv.reader(without_bom(source), delimiter=delimiter)
        sheet = _read_header(reader, open_sheet, errors)
        if sheet is not None:
            records, count = _read_rows(reader, sheet, errors, on_progress)
    except UnicodeDecodeError as exc:
        # Text files decode ahead in blocks: the bad byte is on this line or a later one.
        line = 1 if reader is None else reader.line_num + 1
        message = f"the file is not text in the expected encoding ({exc.reason})"
        errors.add(line, None, f"{message} at or after this line")
        sheet = None
    rejected = sheet is None
    return Table(
        records=[] if rejected else records,
        errors=errors.items,
        rows_total=count,
        truncated_errors=errors.count > errors.limit,
        error_count=errors.count,
        file_rejected=rejected,
    )
