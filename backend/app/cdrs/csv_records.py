"""Reading CDR CSV files: a generic file with a column mapping, or Asterisk's ``Master.csv``.

Built on the rate parser's machinery (``app.ratedecks.csv_table``), so lines, blank lines,
quotes, shapes and the error list behave as in every Tollgate import. Pure: standard library
and that module only.

- ``generic``: a headed file; :class:`GenericMapping` names the columns (from, to, start,
  duration; optionally billsec, disposition, direction, external id, account code, channel).
  ``end = start + duration``; ``answer = end - billsec`` when billsec > 0.
- ``asterisk_master``: cdr_csv's headerless fixed order (:data:`MASTER_COLUMNS`). A synthetic
  header is put in front, so reported lines are shifted back by one: line 1 is the first record.

Times are read with the file's ``date_format`` (``strptime``; ``iso`` for ISO 8601); a time
without an offset is in the file's ``zone``. Every record's times are UTC. The external id is
the mapped column, else ``uniqueid`` (Master.csv), else a stable hash of the row's cells.
Rows are never deduplicated here: the store's ``ON CONFLICT`` does that, and counts them.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, NamedTuple, TextIO

from app.ratedecks.csv_formats import CellError
from app.ratedecks.csv_table import (
    ColumnSheet,
    Errors,
    RowError,
    RuleError,
    Table,
    locate_columns,
    read_table,
)

Direction = Literal["outbound", "inbound", "local"]
DIRECTIONS: tuple[Direction, ...] = ("outbound", "inbound", "local")
MAX_NUMBER = 64
MAX_EXTERNAL_ID = 128
MAX_SECONDS = 7 * 86_400
ISO = "iso"
ASTERISK_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"

MASTER_COLUMNS = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
"""Asterisk cdr_csv's Master.csv columns, in file order (no header line in the file)."""


@dataclass(frozen=True, slots=True)
class GenericMapping:
    """CSV column names of a generic file; None for an optional column the file lacks."""

    caller: str = "from"
    dialled: str = "to"
    start: str = "start"
    duration: str = "duration"
    billsec: str | None = None
    disposition: str | None = None
    direction: str | None = None
    external_id: str | None = None
    account_code: str | None = None
    channel: str | None = None

    def required(self) -> dict[str, str]:
        return {
            "caller": self.caller,
            "dialled": self.dialled,
            "start": self.start,
            "duration": self.duration,
        }

    def optional(self) -> dict[str, str]:
        names = ("billsec", "disposition", "direction", "external_id", "account_code", "channel")
        return {name: column for name in names if (column := getattr(self, name)) is not None}


class ParsedCdr(NamedTuple):
    """One call as a PBX reported it, times in UTC (a tuple: a million of them stay cheap)."""

    line: int
    external_id: str
    started_at: datetime.datetime
    answered_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    duration: int
    billable_seconds: int
    caller_number: str | None
    dialled_number: str
    disposition: str
    direction: Direction
    account_code: str | None
    sip_user: str | None
    """The SIP user (device) name of the calling channel, when the file says."""
    hangup_cause: int | None = None
    """The Q.850 cause, when the PBX reports it."""
    domain: str | None = None
    """The tenant domain of a multi-tenant PBX (Vodia): owned numbers may be ``domain|ext``."""


ISO_LIKE = frozenset({ISO, "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"})
"""Formats ``datetime.fromisoformat`` reads (20 times faster than ``strptime``)."""
_HOUR = datetime.timedelta(minutes=59, seconds=59)


def _hour_offset(moment: datetime.datetime, zone: datetime.tzinfo) -> datetime.timedelta | None:
    """The UTC offset of ``zone`` over the whole hour of ``moment``; None if it changes in it."""
    start = moment.replace(minute=0, second=0, microsecond=0, tzinfo=zone)
    offset = start.utcoffset()
    return offset if (start + _HOUR).utcoffset() == offset else None


def time_reader(
    date_format: str, zone: datetime.tzinfo
) -> Callable[[str], datetime.datetime | None]:
    """A cell reader of times in ``date_format`` (naive ones in ``zone``), answering UTC.

    The zone's offset is looked up once per hour of local time (an hour in which it changes
    is converted time by time), so a million rows do not make a million zone lookups.
    """
    iso_like = date_format in ISO_LIKE
    parse = datetime.datetime.fromisoformat
    strptime = datetime.datetime.strptime
    offsets: dict[object, datetime.timedelta | None] = {}
    utc = datetime.UTC

    def read(text: str) -> datetime.datetime | None:
        value = text.strip()
        if not value:
            return None
        try:
            moment = parse(value) if iso_like else strptime(value, date_format)
        except ValueError:
            raise CellError(f"{value[:40]!r} is not a time in the format {date_format}") from None
        if moment.tzinfo is not None:
            return moment.astimezone(utc)
        key = value[:13] if iso_like else (moment.year, moment.month, moment.day, moment.hour)
        try:
            offset = offsets[key]
        except KeyError:
            offset = offsets[key] = _hour_offset(moment, zone)
        if offset is None:
            return moment.replace(tzinfo=zone).astimezone(utc)
        return (moment - offset).replace(tzinfo=utc)

    return read


def read_seconds(text: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if not (value.isdigit() and value.isascii()) or int(value) > MAX_SECONDS:
        raise CellError(f"{value[:40]!r} is not a whole number of seconds (0 to {MAX_SECONDS})")
    return int(value)


def read_number(text: str) -> str:
    value = text.strip()
    if len(value) > MAX_NUMBER or "\x00" in value:
        raise CellError(f"a number is at most {MAX_NUMBER} characters")
    return value


def read_direction(text: str) -> Direction | None:
    value = text.strip().lower()
    if not value:
        return None
    for direction in DIRECTIONS:
        if value == direction:
            return direction
    raise CellError(f"{text[:40]!r} is not one of {', '.join(DIRECTIONS)}")


def read_label(text: str) -> str:
    value = text.strip()
    if len(value) > 32 or "\x00" in value:
        raise CellError("at most 32 characters")
    return value


def read_external_id(text: str) -> str:
    value = text.strip()
    if len(value) > MAX_EXTERNAL_ID or "\x00" in value:
        raise CellError(f"an external id is at most {MAX_EXTERNAL_ID} characters")
    return value


def read_code(text: str) -> str:
    value = text.strip()
    if len(value) > 64 or "\x00" in value:
        raise CellError("at most 64 characters")
    return value


def channel_user(channel: str) -> str | None:
    """The device name of an Asterisk channel: ``PJSIP/alice-0000002a`` → ``alice``."""
    name = channel.strip().partition("/")[2]
    if not name:
        return None
    head, dash, _ = name.rpartition("-")
    return head if dash and head else name


def row_hash(row: list[str]) -> str:
    """A stable external id for a row that has none: the same cells give the same id."""
    digest = hashlib.sha256("\x1f".join(cell.strip() for cell in row).encode()).hexdigest()
    return f"sha256:{digest[:40]}"


def _readers(
    read_time: Callable[[str], datetime.datetime | None],
) -> dict[str, Callable[[str], object]]:
    return {
        "caller": read_number,
        "dialled": read_number,
        "start": read_time,
        "answer": read_time,
        "end": read_time,
        "duration": read_seconds,
        "billsec": read_seconds,
        "disposition": read_label,
        "direction": read_direction,
        "external_id": read_external_id,
        "account_code": read_code,
        "channel": read_code,
    }


def _seconds(cell: str) -> int | None:
    # The common cell is plain digits; anything else gets read_seconds' checks and message.
    return int(cell) if cell.isdigit() and cell.isascii() and len(cell) < 6 else read_seconds(cell)


def _generic_parser(
    at: dict[str, int], read_time: Callable[[str], datetime.datetime | None]
) -> Callable[[list[str], int], ParsedCdr]:
    """The row reader of one file's columns; optional columns absent from it cost nothing."""
    i_caller, i_dialled, i_start, i_duration = (
        at["caller"],
        at["dialled"],
        at["start"],
        at["duration"],
    )
    optional = {
        name: at.get(name, -1)
        for name in ("billsec", "disposition", "direction", "external_id", "account_code")
    }
    i_billsec, i_disposition, i_direction = (
        optional["billsec"],
        optional["disposition"],
        optional["direction"],
    )
    i_external, i_account = optional["external_id"], optional["account_code"]
    i_channel = at.get("channel", -1)
    delta = datetime.timedelta

    def parse(row: list[str], line: int) -> ParsedCdr:
        dialled = read_number(row[i_dialled])
        if not dialled:
            raise RuleError("dialled", "the dialled number is empty")
        start = read_time(row[i_start])
        if start is None:
            raise RuleError("start", "the start time is empty")
        duration = _seconds(row[i_duration]) or 0
        billsec_cell = None if i_billsec < 0 else _seconds(row[i_billsec])
        billsec = duration if billsec_cell is None else billsec_cell
        if billsec > duration:
            raise RuleError("billsec", "billsec is longer than the duration")
        end = start + delta(seconds=duration)
        disposition = "" if i_disposition < 0 else read_label(row[i_disposition])
        external = "" if i_external < 0 else read_external_id(row[i_external])
        return ParsedCdr(
            line,
            external or row_hash(row),
            start,
            end - delta(seconds=billsec) if billsec else None,
            end,
            duration,
            billsec,
            read_number(row[i_caller]) or None,
            dialled,
            disposition or ("ANSWERED" if billsec else "NO ANSWER"),
            (None if i_direction < 0 else read_direction(row[i_direction])) or "outbound",
            (None if i_account < 0 else read_code(row[i_account])) or None,
            None if i_channel < 0 else channel_user(row[i_channel]),
        )

    return parse


def _master_parser(
    at: dict[str, int], read_time: Callable[[str], datetime.datetime | None]
) -> Callable[[list[str], int], ParsedCdr]:
    def parse(row: list[str], line: int) -> ParsedCdr:
        dialled = read_number(row[at["dialled"]])
        if not dialled:
            raise RuleError("dialled", "the dialled number (dst) is empty")
        start = read_time(row[at["start"]])
        if start is None:
            raise RuleError("start", "the start time is empty")
        duration = read_seconds(row[at["duration"]]) or 0
        billsec = read_seconds(row[at["billsec"]]) or 0
        if billsec > duration:
            raise RuleError("billsec", "billsec is longer than the duration")
        end = read_time(row[at["end"]]) or start + datetime.timedelta(seconds=duration)
        answer = read_time(row[at["answer"]]) if billsec else None
        if billsec and answer is None:
            answer = end - datetime.timedelta(seconds=billsec)
        return ParsedCdr(
            line=line - 1,
            external_id=read_external_id(row[at["external_id"]]) or row_hash(row),
            started_at=start,
            answered_at=answer,
            ended_at=end,
            duration=duration,
            billable_seconds=billsec,
            caller_number=read_number(row[at["caller"]]) or None,
            dialled_number=dialled,
            disposition=read_label(row[at["disposition"]]),
            direction="outbound",
            account_code=read_code(row[at["account_code"]]) or None,
            sip_user=channel_user(row[at["channel"]]),
        )

    return parse


_MASTER_FIELDS = {
    "account_code": "accountcode",
    "caller": "src",
    "dialled": "dst",
    "channel": "channel",
    "start": "start",
    "answer": "answer",
    "end": "end",
    "duration": "duration",
    "billsec": "billsec",
    "disposition": "disposition",
    "external_id": "uniqueid",
}


class _CdrSheet(ColumnSheet[ParsedCdr]):
    key_field = "line"

    def __init__(
        self,
        header: list[str],
        at: dict[str, int],
        readers: dict[str, Callable[[str], object]],
        parse: Callable[[list[str], int], ParsedCdr],
    ) -> None:
        # Keyed by line: repeated records are not errors, the store counts them as duplicates.
        super().__init__(header, at, readers, parse, key=lambda record: record.line)


def parse_generic(
    source: TextIO | Iterable[str],
    mapping: GenericMapping,
    read_time: Callable[[str], datetime.datetime | None],
    *,
    on_progress: Callable[[int], object] | None = None,
) -> Table[ParsedCdr]:
    """Read a headed CDR file with ``mapping``; unknown columns are ignored."""
    readers = _readers(read_time)

    def open_sheet(header: list[str], line: int, errors: Errors) -> _CdrSheet | None:
        at = locate_columns(
            header, line, errors, mapping.required(), mapping.optional(), ignore_unknown=True
        )
        if at is None:
            return None
        return _CdrSheet(header, at, readers, _generic_parser(at, read_time))

    return read_table(source, open_sheet, on_progress=on_progress)


def parse_master(
    source: TextIO | Iterable[str],
    read_time: Callable[[str], datetime.datetime | None],
    *,
    on_progress: Callable[[int], object] | None = None,
) -> Table[ParsedCdr]:
    """Read an Asterisk ``Master.csv`` (no header); lines are the file's own."""
    readers = _readers(read_time)

    def open_sheet(header: list[str], line: int, errors: Errors) -> _CdrSheet | None:
        at = locate_columns(header, line, errors, _MASTER_FIELDS, ignore_unknown=True)
        if at is None:  # pragma: no cover - the synthetic header always fits
            return None
        return _CdrSheet(header, at, readers, _master_parser(at, read_time))

    lines = _with_header(source, ",".join(MASTER_COLUMNS) + "\n")
    table = read_table(lines, open_sheet, on_progress=on_progress)
    shifted = [RowError(e.line - 1, e.field, e.message) for e in table.errors]
    return Table(
        records=table.records,
        errors=shifted,
        rows_total=table.rows_total,
        truncated_errors=table.truncated_errors,
        error_count=table.error_count,
        file_rejected=table.file_rejected,
    )


def _with_header(source: TextIO | Iterable[str], header: str) -> Iterable[str]:
    yield header
    first = True
    for line in source:
        yield line.removeprefix("\ufeff") if first else line
        first = False
