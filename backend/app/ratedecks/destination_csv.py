"""Parse the destinations reference table from CSV: ``prefix,destination[,country][,type]``.

Built on :mod:`.csv_table`, like the rate parser: the same header matching (any case, a
trailing ``(unit)`` ignored), line numbers, blank lines, row shapes and duplicate checks. The
``country`` (ISO 3166-1 alpha-2, any case) and ``type`` columns are optional; an empty cell
leaves the value unset.

Standard library only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from .csv_formats import CellError, read_prefix, read_text
from .csv_table import ColumnSheet, Errors, Table, locate_columns, read_table

DESTINATION_TYPES = ("landline", "mobile", "toll_free", "premium", "special")
"""What a destination is; the database's check constraint lists the same values."""

REQUIRED_COLUMNS = {"prefix": "prefix", "name": "destination"}
OPTIONAL_COLUMNS = {"country": "country", "type": "type"}


@dataclass(frozen=True, slots=True)
class ParsedDestination:
    line: int
    prefix: str
    name: str
    country: str | None
    type: str | None


def read_name(text: str) -> str:
    name = read_text(text)
    if not name:
        raise CellError("the destination name is empty")
    return name


def read_country(text: str) -> str | None:
    """An ISO 3166-1 alpha-2 code in upper case, None for an empty cell."""
    code = text.strip()
    if not code:
        return None
    if len(code) != 2 or not (code.isascii() and code.isalpha()):
        raise CellError(f"{code[:40]!r} is not a two-letter country code (ISO 3166-1)")
    return code.upper()


def read_type(text: str) -> str | None:
    value = text.strip().casefold().replace("-", "_").replace(" ", "_")
    if not value:
        return None
    if value not in DESTINATION_TYPES:
        raise CellError(f"{text.strip()[:40]!r} is not one of {', '.join(DESTINATION_TYPES)}")
    return value


_READERS: dict[str, Callable[[str], object]] = {
    "prefix": read_prefix,
    "name": read_name,
    "country": read_country,
    "type": read_type,
}


def _row_parser(at: dict[str, int]) -> Callable[[list[str], int], ParsedDestination]:
    i_prefix, i_name = at["prefix"], at["name"]
    i_country, i_type = at.get("country", -1), at.get("type", -1)

    def parse(row: list[str], line: int) -> ParsedDestination:
        return ParsedDestination(
            line,
            read_prefix(row[i_prefix]),
            read_name(row[i_name]),
            read_country(row[i_country]) if i_country >= 0 else None,
            read_type(row[i_type]) if i_type >= 0 else None,
        )

    return parse


def _open_sheet(
    header: list[str], line: int, errors: Errors
) -> ColumnSheet[ParsedDestination] | None:
    at = locate_columns(header, line, errors, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    return None if at is None else ColumnSheet(header, at, _READERS, _row_parser(at))


def parse_destinations(
    source: TextIO | Iterable[str], *, max_errors: int = 1000
) -> Table[ParsedDestination]:
    """Read a destinations CSV in one pass: the valid rows and every bad row's errors (a
    prefix given twice is an error of the second row)."""
    return read_table(source, _open_sheet, max_errors=max_errors)
