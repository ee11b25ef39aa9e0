"""FreePBX pulls: incremental reads of MariaDB's ``asteriskcdrdb.cdr`` (aiomysql).

Rows are read in ``(calldate, uniqueid, sequence)`` order, a batch at a time; the cursor is
the last row's key, saved with the batch's records in one commit, so a pull that stops resumes
where it was. Asterisk writes a call's row when the call **ends** while ``calldate`` is its
start, so a later row can carry an earlier ``calldate``: each pull starts
``lookback_seconds`` (default 3600) before its cursor, and the rows read twice are counted as
duplicates, never stored twice.

Row → record: external id ``uniqueid/sequence``; ``calldate`` (the PBX's local time, the
source's timezone) is the start; ``src`` the caller; ``dst`` the dialled number (inbound: the
``did`` when set); the SIP user from ``channel``; ``accountcode``; ``duration``, ``billsec``,
``disposition`` as Asterisk reports them. Direction: **inbound** when the row has a ``did`` or
its ``dcontext`` is a trunk context (``from-trunk…``, ``from-pstn``, ``ext-did…``),
**local** for internal contexts (``ext-local``, ``ext-group``, ``ext-queues``,
``from-internal-xfer``), else **outbound**.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiomysql  # type: ignore[import-untyped]

from app.cdrs.csv_records import (
    MAX_EXTERNAL_ID,
    MAX_NUMBER,
    MAX_SECONDS,
    ParsedCdr,
    channel_user,
)
from app.cdrs.sources.freeswitch import RecordError
from app.cdrs.sources.pull_types import Fetched, RecordProblem
from app.db.models.cdr_source import CdrSource

COLUMNS = (
    "calldate, src, dst, dcontext, channel, dstchannel, lastapp, duration, billsec, "
    "disposition, accountcode, uniqueid, did, cnum, linkedid, sequence"
)
INBOUND_CONTEXTS = ("from-trunk", "from-pstn", "ext-did", "from-did")
LOCAL_CONTEXTS = frozenset({"ext-local", "ext-group", "ext-queues", "from-internal-xfer"})
DEFAULT_LOOKBACK = 3600
CURSOR_ORDER = ("calldate", "uniqueid", "sequence")
_FORMAT = "%Y-%m-%d %H:%M:%S"


def _direction(row: dict[str, Any]) -> str:
    context = str(row.get("dcontext") or "")
    if row.get("did") or context.startswith(INBOUND_CONTEXTS):
        return "inbound"
    return "local" if context in LOCAL_CONTEXTS else "outbound"


def _text(row: dict[str, Any], name: str, limit: int = MAX_NUMBER) -> str:
    value = str(row.get(name) or "").strip()
    if len(value) > limit or "\x00" in value:
        raise RecordError(name, f"at most {limit} characters")
    return value


def _seconds(row: dict[str, Any], name: str) -> int:
    value = row.get(name)
    if not isinstance(value, int) or not 0 <= value <= MAX_SECONDS:
        raise RecordError(name, f"{value!r} is not a number of seconds (0 to {MAX_SECONDS})")
    return value


def row_record(row: dict[str, Any], zone: datetime.tzinfo, line: int) -> ParsedCdr:
    """One ``cdr`` row as a record (``RecordError`` names the bad column)."""
    calldate = row.get("calldate")
    if not isinstance(calldate, datetime.datetime):
        raise RecordError("calldate", f"{calldate!r} is not a time")
    start = calldate.replace(tzinfo=zone).astimezone(datetime.UTC)
    direction = _direction(row)
    dialled = _text(row, "did") if direction == "inbound" else ""
    dialled = dialled or _text(row, "dst")
    if not dialled:
        raise RecordError("dst", "the dialled number is empty")
    duration, billsec = _seconds(row, "duration"), _seconds(row, "billsec")
    if billsec > duration:
        raise RecordError("billsec", "billsec is longer than the duration")
    uniqueid = _text(row, "uniqueid", 100)
    if not uniqueid:
        raise RecordError("uniqueid", "empty")
    sequence = row.get("sequence")
    external = uniqueid if sequence is None else f"{uniqueid}/{sequence}"
    end = start + datetime.timedelta(seconds=duration)
    return ParsedCdr(
        line=line,
        external_id=external[:MAX_EXTERNAL_ID],
        started_at=start,
        answered_at=end - datetime.timedelta(seconds=billsec) if billsec else None,
        ended_at=end,
        duration=duration,
        billable_seconds=billsec,
        caller_number=_text(row, "src") or _text(row, "cnum") or None,
        dialled_number=dialled,
        disposition=_text(row, "disposition", 32) or ("ANSWERED" if billsec else "NO ANSWER"),
        direction=direction,  # type: ignore[arg-type]
        account_code=_text(row, "accountcode") or None,
        sip_user=channel_user(_text(row, "channel", 200)),
    )


def _key(row: dict[str, Any]) -> dict[str, Any]:
    calldate = row.get("calldate")
    shown = calldate.strftime(_FORMAT) if isinstance(calldate, datetime.datetime) else ""
    return {
        "calldate": shown,
        "uniqueid": str(row.get("uniqueid") or ""),
        "sequence": int(row.get("sequence") or 0),
    }


class FreePbxReader:
    """An open connection to one FreePBX CDR database."""

    def __init__(self, source: CdrSource, connection: Any) -> None:
        self.connection = connection
        self.table = str(source.settings.get("table") or "cdr")
        self.zone = zoneinfo.ZoneInfo(source.timezone)
        self.lookback = int(source.settings.get("lookback_seconds", DEFAULT_LOOKBACK))

    def _query(self, cursor: dict[str, Any], first: bool, limit: int) -> tuple[str, list[Any]]:
        select = f"SELECT {COLUMNS} FROM `{self.table}` "  # noqa: S608 - validated identifier
        order = " ORDER BY calldate, uniqueid, sequence LIMIT %s"
        if not cursor.get("calldate"):
            return select + order, [limit]
        at = datetime.datetime.strptime(cursor["calldate"], _FORMAT)
        if first and self.lookback:
            since = at - datetime.timedelta(seconds=self.lookback)
            return select + "WHERE calldate >= %s" + order, [since, limit]
        where = (
            "WHERE calldate >= %s AND (calldate > %s OR uniqueid > %s "
            "OR (uniqueid = %s AND sequence > %s))"
        )
        unique, sequence = cursor["uniqueid"], cursor["sequence"]
        return select + where + order, [at, at, unique, unique, sequence, limit]

    async def fetch(self, cursor: dict[str, Any], first: bool, limit: int) -> Fetched:
        query, args = self._query(cursor, first, limit)
        async with self.connection.cursor(aiomysql.DictCursor) as rows:
            await rows.execute(query, args)
            found = list(await rows.fetchall())
        records, problems = [], []
        for line, row in enumerate(found, 1):
            try:
                records.append(row_record(row, self.zone, line))
            except RecordError as exc:
                external = str(row.get("uniqueid") or "")
                problems.append(RecordProblem(exc.field, exc.message, external))
        position = _key(found[-1]) if found else cursor
        return Fetched(records, problems, position, more=len(found) == limit, seen=len(found))


@asynccontextmanager
async def open_freepbx(source: CdrSource) -> AsyncIterator[FreePbxReader]:
    settings = source.settings
    connection = await aiomysql.connect(
        host=settings["host"],
        port=int(settings.get("port") or 3306),
        user=settings["user"],
        password=source.password or "",
        db=settings.get("database") or "asteriskcdrdb",
        charset="utf8mb4",
        connect_timeout=15,
        autocommit=True,
    )
    try:
        yield FreePbxReader(source, connection)
    finally:
        connection.close()
