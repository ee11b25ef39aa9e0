"""Parse a CSV rate deck into validated rates, reporting every bad row with its line number.

Invariants (the file-level ones — one pass, line numbering, blank lines, rows spanning lines,
what rejects the whole file — are :mod:`.csv_table`'s, which this parser is built on):

- Every non-blank data row becomes exactly one :class:`ParsedRate` or at least one
  :class:`RowError` (one per bad cell), never both. Of two rows with the same prefix and
  ``effective_from`` the first is kept and the second is an error naming the first's line.
- A header problem (no header, a mapped column missing, an unknown or repeated column) or an
  unreadable file rejects the whole file: no rates, ``file_rejected`` is true.
- With a :class:`~.prefix_rewrite.PrefixRewrite` every prefix is rewritten as it is read, so a
  prefix left empty is an error of its row and two rows that rewrite to one prefix are
  duplicates.
- Money stays ``Decimal`` from the cell text on; no float is ever involved. What a valid cell
  is (amounts, blocks, flags, dates) is decided in :mod:`.csv_formats`.

Standard library only: the importer owns files, encodings and storage.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TextIO

from .csv_formats import (
    DELIMITERS,
    MAX_AMOUNT,
    MAX_BLOCK_SECONDS,
    MAX_DECIMAL_PLACES,
    MAX_DESTINATION_LENGTH,
    MAX_PREFIX_DIGITS,
    PER_MINUTE,
    PRESETS,
    ColumnMapping,
    InvalidColumnMappingError,
    RateDefaults,
    cached,
    cell_readers,
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
from .csv_table import (
    PROGRESS_EVERY,
    ColumnSheet,
    Errors,
    RowError,
    RuleError,
    locate_columns,
    read_table,
)
from .prefix_rewrite import PrefixRewrite

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
    "PrefixRewrite",
    "RateDefaults",
    "RowError",
    "parse_rates",
]

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


# --- rows --------------------------------------------------------------------------------

_RowParser = Callable[[list[str], int], ParsedRate]


def _row_parser(
    mapping: ColumnMapping, at: dict[str, int], rewrite: PrefixRewrite | None
) -> _RowParser:
    """A function turning one row into a rate, or raising what ``csv_table.ROW_PROBLEMS``
    names."""
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
        if rewrite is not None:
            prefix = rewrite(prefix)
        rate = amount(row[i_rate]) if i_rate >= 0 else None
        flat = amount(row[i_flat]) if i_flat >= 0 else None
        if i_per_call >= 0 and read_flag(row[i_per_call]):
            rate, flat = _ZERO, rate
            if flat is None:
                raise RuleError(price_field, "a per-call row needs its price")
        elif rate is None:
            if flat is None:
                raise RuleError(price_field, "the row has no price")
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
            raise RuleError("effective_until", "effective_until must be after effective_from")
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


class _RateSheet(ColumnSheet[ParsedRate]):
    """Rows of a rate deck: keyed by prefix, and by ``effective_from`` when the file has it."""

    def __init__(
        self,
        header: list[str],
        at: dict[str, int],
        mapping: ColumnMapping,
        rewrite: PrefixRewrite | None,
    ) -> None:
        key = _prefix_and_start if "effective_from" in at else _prefix_of
        super().__init__(header, at, cell_readers(mapping), _row_parser(mapping, at, rewrite), key)
        self.rewritten = rewrite is not None

    def duplicate_message(self, record: ParsedRate, first: int) -> str:
        start = record.effective_from
        when = "" if start is None else f" from {start.isoformat()}"
        rewritten = " (once rewritten)" if self.rewritten else ""
        return (
            f"duplicate of line {first}: prefix {record.prefix}{rewritten}{when} is already there"
        )


def _prefix_and_start(record: ParsedRate) -> Hashable:
    return (record.prefix, record.effective_from)


def _prefix_of(record: ParsedRate) -> Hashable:
    return record.prefix


def parse_rates(
    source: TextIO | Iterable[str],
    mapping: ColumnMapping,
    *,
    max_errors: int = 1000,
    on_progress: Callable[[int], object] | None = None,
    rewrite: PrefixRewrite | None = None,
) -> ParseResult:
    """Read a rate deck CSV in one pass: the valid rows' rates and every bad row's errors.

    ``source`` yields the file's lines (a text file opened with ``newline=""``, or any
    iterable of lines); a leading BOM and CRLF endings are fine. ``on_progress(rows_done)`` is
    called every :data:`PROGRESS_EVERY` data rows and once at the end. ``rewrite`` turns
    every prefix into its E.164 form as it is read. See the module docstring for line
    numbering and what rejects the whole file.
    """

    def open_sheet(header: list[str], line: int, errors: Errors) -> _RateSheet | None:
        at = locate_columns(
            header,
            line,
            errors,
            mapping.columns(),
            ignored=mapping.ignored_columns,
            ignore_unknown=mapping.ignore_unknown_columns,
        )
        return None if at is None else _RateSheet(header, at, mapping, rewrite)

    table = read_table(
        source,
        open_sheet,
        delimiter=mapping.delimiter,
        max_errors=max_errors,
        on_progress=on_progress,
    )
    return ParseResult(
        rates=table.records,
        errors=table.errors,
        rows_total=table.rows_total,
        truncated_errors=table.truncated_errors,
        error_count=table.error_count,
        file_rejected=table.file_rejected,
    )
