"""Vodia pulls: each tenant domain's call records over the PBX's REST API (httpx).

**The API shape is an assumption** (Vodia's CDR endpoint is not publicly specified in a form
we could check; see docs/cdr-sources.md): ``GET {base_url}/rest/domain/{domain}/cdrs
?since=<epoch seconds>&count=<n>`` with HTTP Basic credentials answers a JSON array (or
``{"cdrs": [...]}``) of records ordered by start::

    {"id": "a1b2", "direction": "outbound" | "inbound" | "internal",
     "from": "\\"Alice\\" <sip:101@acme.example.com>", "to": "sip:442071234567@acme...",
     "extension": "101", "start": 1767225600, "connect": 1767225605, "end": 1767225665}

``start``/``connect``/``end`` are epoch seconds (or ISO 8601 text; without an offset in the
source's timezone); ``connect`` is 0 or null for an unanswered call. The caller of an outbound
call is its ``extension`` (else the user part of ``from``); numbers are the user parts of SIP
URIs. Each record carries its domain, so ``domain|extension`` owned numbers match it.

Incremental per domain: the cursor keeps the latest start seen and the ids at that second;
a pull asks ``since`` = that start minus ``lookback_seconds`` (default 0), so nothing between
two pulls is missed and what is read twice is a duplicate, never stored twice.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from typing import Any

import httpx

from app.cdrs.csv_records import MAX_EXTERNAL_ID, MAX_NUMBER, MAX_SECONDS, ParsedCdr
from app.cdrs.sources.freeswitch import RecordError
from app.cdrs.sources.pull_types import Fetched, RecordProblem
from app.db.models.cdr_source import CdrSource

_SIP_USER = re.compile(r"sips?:([^@;>\s]+)")
DIRECTIONS = {"outbound": "outbound", "inbound": "inbound", "internal": "local", "local": "local"}


def sip_user_part(value: Any) -> str:
    text = str(value or "").strip()
    found = _SIP_USER.search(text)
    return (found.group(1) if found else text).strip()


def _time(record: dict[str, Any], name: str, zone: datetime.tzinfo) -> datetime.datetime | None:
    value = record.get(name)
    if value in (None, "", 0, "0"):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not 0 < value < 4_102_444_800:
            raise RecordError(name, "out of range")
        return datetime.datetime.fromtimestamp(int(value), datetime.UTC)
    try:
        moment = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        raise RecordError(name, f"{str(value)[:40]!r} is not a time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(datetime.UTC)


def _number(value: str, field: str) -> str:
    if len(value) > MAX_NUMBER or "\x00" in value:
        raise RecordError(field, f"at most {MAX_NUMBER} characters")
    return value


def record_of(raw: Any, domain: str, zone: datetime.tzinfo, line: int) -> ParsedCdr:
    """One Vodia record (``RecordError`` names the bad member)."""
    if not isinstance(raw, dict):
        raise RecordError("record", "not an object")
    external = str(raw.get("id") or "").strip()
    if not external or len(external) > MAX_EXTERNAL_ID:
        raise RecordError("id", "missing or longer than 128 characters")
    start = _time(raw, "start", zone)
    if start is None:
        raise RecordError("start", "missing")
    end = _time(raw, "end", zone) or start
    answered = _time(raw, "connect", zone)
    duration = int((end - start).total_seconds())
    billsec = int((end - answered).total_seconds()) if answered else 0
    if not 0 <= duration <= MAX_SECONDS or not 0 <= billsec <= duration:
        raise RecordError("end", "the call's times are not in order")
    direction = DIRECTIONS.get(str(raw.get("direction") or "outbound").lower(), "outbound")
    dialled = _number(sip_user_part(raw.get("to")), "to")
    if not dialled:
        raise RecordError("to", "the dialled number is empty")
    caller = str(raw.get("extension") or "").strip() if direction != "inbound" else ""
    caller = _number(caller or sip_user_part(raw.get("from")), "from")
    return ParsedCdr(
        line=line,
        external_id=external,
        started_at=start,
        answered_at=answered,
        ended_at=end,
        duration=duration,
        billable_seconds=billsec,
        caller_number=caller or None,
        dialled_number=dialled,
        disposition="ANSWERED" if billsec else "NO ANSWER",
        direction=direction,  # type: ignore[arg-type]
        account_code=None,
        sip_user=None,
        domain=domain.lower(),
    )


def _start_of(raw: Any, zone: datetime.tzinfo) -> int | None:
    try:
        moment = _time(raw, "start", zone) if isinstance(raw, dict) else None
    except RecordError:
        return None
    return None if moment is None else int(moment.timestamp())


class VodiaReader:
    """An HTTP client for one Vodia PBX (``base_url``, Basic credentials)."""

    def __init__(self, source: CdrSource, client: httpx.AsyncClient) -> None:
        self.client = client
        self.zone = zoneinfo.ZoneInfo(source.timezone)
        self.lookback = int(source.settings.get("lookback_seconds", 0))

    async def _page(self, domain: str, since: int, limit: int) -> list[Any]:
        response = await self.client.get(
            f"/rest/domain/{domain}/cdrs", params={"since": since, "count": limit}
        )
        response.raise_for_status()
        body = response.json()
        items = body.get("cdrs") if isinstance(body, dict) else body
        if not isinstance(items, list):
            raise ValueError(f"Vodia answered no CDR list for {domain}")
        return items

    async def fetch(self, domain: str, cursor: dict[str, Any], first: bool, limit: int) -> Fetched:
        start, ids = int(cursor.get("start") or 0), set(cursor.get("ids") or [])
        since = max(start - self.lookback, 0) if first else start
        page = await self._page(domain, since, limit)
        records, problems = [], []
        latest, latest_ids = start, set(ids)
        for line, raw in enumerate(page, 1):
            at = _start_of(raw, self.zone)
            raw_id = str(raw.get("id") or "") if isinstance(raw, dict) else ""
            if at is not None and at == start and raw_id in ids and not (first and self.lookback):
                continue  # read at the end of the previous batch
            try:
                records.append(record_of(raw, domain, self.zone, line))
            except RecordError as exc:
                problems.append(RecordProblem(exc.field, exc.message, raw_id))
            if at is not None and at > latest:
                latest, latest_ids = at, set()
            if at is not None and at == latest:
                latest_ids.add(raw_id)
        stuck = latest == start and len(page) == limit and latest_ids == ids
        more = len(page) == limit and not stuck
        position = {"start": latest, "ids": sorted(latest_ids)}
        return Fetched(records, problems, position, more=more, seen=len(page))


def open_vodia(source: CdrSource) -> httpx.AsyncClient:
    settings = source.settings
    auth = (str(settings.get("user") or ""), source.password or "")
    return httpx.AsyncClient(
        base_url=str(settings["base_url"]).rstrip("/"),
        auth=auth if auth[0] else None,
        timeout=30.0,
        verify=bool(settings.get("verify_tls", True)),
    )
