"""CDR CSV imports as worker jobs: owned, rated, stored once, charged once per client."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from app.asgi import create_app
from app.db.models.billing import LedgerEntry
from app.db.models.cdr import Cdr
from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.calls import call_world
from tests.support.cdrs import count_cdrs
from tests.support.identity import Account, create_account, system_session
from tests.support.worker import running_worker


@pytest.fixture
async def cdr_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    isolated = replace(settings, redis_prefix=settings.redis_prefix + ":cdrs")
    async with AsyncTestClient(app=create_app(isolated)) as client:
        with running_worker(isolated):
            yield client


async def _import(
    client: AsyncTestClient[Litestar], who: Account, content: str, **form: str
) -> dict[str, Any]:
    accepted = await client.post(
        "/api/v1/cdrs/imports",
        headers=who.headers,
        files={"file": ("cdrs.csv", content.encode(), "text/csv")},
        data=form,
    )
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = (await client.get(f"/api/v1/jobs/{job_id}", headers=who.headers)).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        await asyncio.sleep(0.1)
    raise AssertionError("the import job did not finish")


def _master_line(
    account: str, src: str, dst: str, channel: str, start: str, billsec: int, uniqueid: str
) -> str:
    """One cdr_csv line; answered 5 s after the start when billsec > 0."""
    answer = start[:-2] + "05" if billsec else ""
    return (
        f'"{account}","{src}","{dst}","from-internal","","{channel}","PJSIP/trunk-01","Dial","",'
        f'"{start}","{answer}","{start[:-5]}59:59",{billsec + 5},{billsec},'
        f'"{"ANSWERED" if billsec else "NO ANSWER"}","DOCUMENTATION","{uniqueid}",""\n'
    )


async def _usage_entries(settings: Settings, account_id: uuid.UUID) -> list[LedgerEntry]:
    session, close = await system_session(settings)
    try:
        query = select(LedgerEntry).where(
            LedgerEntry.account_id == account_id, LedgerEntry.kind == "usage_charge"
        )
        return list((await session.execute(query)).scalars())
    finally:
        await close()


async def _cdrs(settings: Settings, source: str) -> list[Cdr]:
    session, close = await system_session(settings)
    try:
        query = select(Cdr).where(Cdr.source == source).order_by(Cdr.external_id)
        return list((await session.execute(query)).scalars())
    finally:
        await close()


async def test_a_master_csv_is_owned_rated_charged_once_and_never_doubled(
    cdr_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    code = f"acc{uuid.uuid4().hex[:8]}"
    world = await call_world(settings, sip={"account_code": code, "caller_id_number": "4401"})
    uid = uuid.uuid4().hex[:8]
    rows = [
        # by account code: London 0.06/min in 60 s blocks, 60 s → 0.06
        (code, "1001", "00442071234567", "PJSIP/x-1", "2026-01-15 10:00:00", 60),
        # by channel (the SIP user's name): UK mobile 0.30/min, 30 s → 0.15
        ("", "1001", "07700900123", f"PJSIP/{world.sip_user}-2", "2026-02-01 09:00:00", 30),
        # by calling number: unanswered, costs nothing
        ("", "4401", "07700900123", "PJSIP/other-3", "2026-02-01 09:30:00", 0),
        # nobody: kept, unassigned
        ("nope", "555", "07700900123", "PJSIP/nobody-4", "2026-02-02 09:00:00", 40),
    ]
    content = "".join(_master_line(*row, f"{uid}.{n}") for n, row in enumerate(rows, 1))
    source = f"pbx-{uid}"
    job = await _import(
        cdr_client, world.owner, content, format="asterisk_master", source=source, timezone="UTC"
    )
    assert job["status"] == "succeeded", job
    result = job["result"]
    assert (result["stored"], result["duplicates"], result["unassigned"]) == (4, 0, 1)
    assert result["skipped"] == 0 and job["errors"] == []
    (charge,) = result["charges"]
    assert charge["client_id"] == str(world.client.id)
    assert Decimal(charge["amount"]) == Decimal("0.21") and charge["cdr_count"] == 2

    stored = await _cdrs(settings, source)
    by_id = {c.external_id.rsplit(".", 1)[1]: c for c in stored}
    assert [by_id[k].owner_id for k in "1234"] == [world.client.id] * 3 + [None]
    assert by_id["1"].cost == Decimal("0.06") and by_id["1"].matched_prefix == "4420"
    assert by_id["1"].normalized_number == "442071234567"
    assert by_id["1"].breakdown["total"] and by_id["1"].rating_status == "rated"
    assert by_id["2"].cost == Decimal("0.15") and by_id["3"].cost == Decimal(0)
    assert by_id["4"].rating_status == "unrated" and by_id["4"].cost is None
    (entry,) = await _usage_entries(settings, world.account_id)
    assert entry.amount == Decimal("-0.21")
    assert entry.reference["job_id"] == job["id"] and entry.reference["cdr_count"] == 2
    assert by_id["1"].ledger_entry_id == entry.id

    again = await _import(
        cdr_client, world.owner, content, format="asterisk_master", source=source, timezone="UTC"
    )
    assert again["status"] == "succeeded", again
    assert (again["result"]["stored"], again["result"]["duplicates"]) == (0, 4)
    assert again["result"]["charges"] == []
    assert await count_cdrs(settings, source) == 4
    assert len(await _usage_entries(settings, world.account_id)) == 1


def _generic_file(bad_lines: set[int], rows: int = 40) -> str:
    lines = ["src,dst,calldate,duration,billsec,uniqueid"]
    for line in range(2, rows + 2):
        cells = ["1001", "442071234567", f"2026-01-20 10:{line % 60:02d}:00", "70", "60"]
        if line in bad_lines:
            cells[3] = "seventy"
        lines.append(",".join([*cells, f"g-{line}"]))
    return "\n".join(lines) + "\n"


_MAPPING = {
    "format": "generic",
    "from_column": "src",
    "to_column": "dst",
    "start_column": "calldate",
    "duration_column": "duration",
    "billsec_column": "billsec",
    "external_id_column": "uniqueid",
    "date_format": "%Y-%m-%d %H:%M:%S",
    "timezone": "Europe/London",
}


async def test_a_generic_file_with_bad_rows_reports_their_lines_and_rejects_or_skips(
    cdr_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    content = _generic_file({7, 19, 33})
    source = f"gen-{uuid.uuid4().hex[:8]}"
    rejected = await _import(cdr_client, admin, content, source=source, **_MAPPING)
    assert rejected["status"] == "failed"
    assert [(e["line"], e["field"]) for e in rejected["errors"]] == [
        (7, "duration"),
        (19, "duration"),
        (33, "duration"),
    ]
    assert await count_cdrs(settings, source) == 0

    skipped = await _import(cdr_client, admin, content, source=source, on_error="skip", **_MAPPING)
    assert skipped["status"] == "succeeded", skipped
    assert [e["line"] for e in skipped["errors"]] == [7, 19, 33]
    assert skipped["result"]["stored"] == 37 and skipped["result"]["skipped"] == 3
    # Nobody owns 1001 here: every record is kept, unassigned.
    assert skipped["result"]["unassigned"] == 37 and skipped["result"]["charges"] == []
    assert await count_cdrs(settings, source) == 37


async def test_bad_import_options_name_their_field(
    cdr_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    for form, field in (
        ({"source": "pbx", "timezone": "Mars/Olympus"}, "timezone"),
        ({"source": "no spaces"}, "source"),
        ({"source": "pbx", "date_format": "YYYY"}, "date_format"),
    ):
        response = await cdr_client.post(
            "/api/v1/cdrs/imports",
            headers=admin.headers,
            files={"file": ("cdrs.csv", b"from,to,start,duration\n", "text/csv")},
            data=form,
        )
        assert response.status_code == 422, response.text
        assert response.json()["errors"][0]["field"] == field
