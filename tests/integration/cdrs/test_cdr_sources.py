"""CDR sources: CRUD without echoing secrets, FreeSWITCH pushes through the one pipeline,
owners by DID and extension, suppression and exclusion lists."""

from __future__ import annotations

import asyncio
import base64
import time
import urllib.parse
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
from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.cdr import Cdr
from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.calls import CallWorld, call_world
from tests.support.cdrs import count_cdrs
from tests.support.identity import Account, create_account, system_session
from tests.support.worker import running_worker

START = 1_768_470_000  # 2026-01-15 09:40:00 UTC


@pytest.fixture
async def source_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    isolated = replace(settings, redis_prefix=settings.redis_prefix + ":sources")
    async with AsyncTestClient(app=create_app(isolated)) as client:
        with running_worker(isolated):
            yield client


async def _ok(response: Any, status: int = 201) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return dict(response.json())


async def _wait_job(client: AsyncTestClient[Litestar], who: Account, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = (await client.get(f"/api/v1/jobs/{job_id}", headers=who.headers)).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        await asyncio.sleep(0.1)
    raise AssertionError("the job did not finish")


async def _rows(settings: Settings, source: str) -> dict[str, Cdr]:
    session, close = await system_session(settings)
    try:
        found = await session.execute(select(Cdr).where(Cdr.source == source))
        return {cdr.external_id: cdr for cdr in found.scalars()}
    finally:
        await close()


async def _balance_and_charges(settings: Settings, world: CallWorld) -> tuple[Decimal, int]:
    session, close = await system_session(settings)
    try:
        account = await session.get(BillingAccount, world.account_id)
        assert account is not None
        entries = await session.execute(
            select(LedgerEntry).where(
                LedgerEntry.account_id == world.account_id, LedgerEntry.kind == "usage_charge"
            )
        )
        return account.balance, len(list(entries.scalars()))
    finally:
        await close()


def _document(uuid_: str, caller: str, dialled: str, billsec: int, **variables: str) -> dict:
    """A mod_json_cdr document with encode-values on (every value URL-encoded)."""
    values = {
        "uuid": uuid_,
        "caller_id_name": "Alice Smith",
        "caller_id_number": caller,
        "destination_number": dialled,
        "start_epoch": str(START),
        "answer_epoch": str(START + 5) if billsec else "0",
        "end_epoch": str(START + 5 + billsec),
        "duration": str(billsec + 5),
        "billsec": str(billsec),
        "hangup_cause": "NORMAL_CLEARING" if billsec else "NO_ANSWER",
        "hangup_cause_q850": "16",
        "domain_name": "pbx.example.com",
        "direction": "inbound",  # the channel's (FreeSWITCH), not the call's: ignored
        **variables,
    }
    return {
        "core-uuid": "core",
        "channel_data": {"state": "CS_REPORTING"},
        "variables": {name: urllib.parse.quote(value) for name, value in values.items()},
        "callflow": [{"caller_profile": {"destination_number": dialled}}],
    }


def _basic(token: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"fs:{token}".encode()).decode()}


async def test_a_source_shows_its_token_once_and_never_its_password(
    source_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    name = f"pbx-{uuid.uuid4().hex[:8]}"
    created = await _ok(
        await source_client.post(
            "/api/v1/cdr-sources",
            headers=admin.headers,
            json={
                "name": name,
                "kind": "freepbx",
                "timezone": "Europe/London",
                "connection": {"host": "10.0.0.5", "user": "cdr", "database": "asteriskcdrdb"},
                "password": "hunter2-secret",
            },
        )
    )
    assert created["password"] == "********" and created["ingest_token"] is None
    assert created["date_format"] == "%Y-%m-%d %H:%M:%S"
    read = await _ok(
        await source_client.get(f"/api/v1/cdr-sources/{created['id']}", headers=admin.headers),
        200,
    )
    assert "hunter2" not in str(read) and read["connection"]["host"] == "10.0.0.5"
    taken = await source_client.post(
        "/api/v1/cdr-sources", headers=admin.headers, json={"name": name, "kind": "csv"}
    )
    assert taken.status_code == 409 and taken.json()["errors"][0]["field"] == "name"
    missing = await source_client.post(
        "/api/v1/cdr-sources",
        headers=admin.headers,
        json={"name": f"v-{uuid.uuid4().hex[:8]}", "kind": "vodia", "connection": {}},
    )
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "connection.base_url"
    other = await create_account(settings, Role.RESELLER)
    hidden = await source_client.get(f"/api/v1/cdr-sources/{created['id']}", headers=other.headers)
    assert hidden.status_code == 404
    await source_client.patch(
        f"/api/v1/cdr-sources/{created['id']}", headers=admin.headers, json={"enabled": False}
    )


async def _freeswitch_world(
    client: AsyncTestClient[Litestar], settings: Settings
) -> tuple[CallWorld, dict[str, Any]]:
    world = await call_world(settings)
    source = await _ok(
        await client.post(
            "/api/v1/cdr-sources",
            headers=world.owner.headers,
            json={"name": f"fs-{uuid.uuid4().hex[:8]}", "kind": "freeswitch"},
        )
    )
    assert source["ingest_token"].startswith("tgs_")
    for number, kind, source_id in (
        ("pbx.example.com|1001", "extension", source["id"]),
        (f"+44207946{uuid.uuid4().int % 10_000:04d}", "did", None),
    ):
        await _ok(
            await client.post(
                "/api/v1/client-numbers",
                headers=world.owner.headers,
                json={
                    "owner_id": str(world.client.id),
                    "number": number,
                    "kind": kind,
                    "source_id": source_id,
                    "service": "Hosted PBX",
                },
            )
        )
    return world, source


async def test_freeswitch_pushes_are_owned_rated_charged_once_and_bad_ones_named(
    source_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    world, source = await _freeswitch_world(source_client, settings)
    url = f"/api/v1/cdr-sources/{source['id']}/freeswitch"
    auth = _basic(source["ingest_token"])
    call = _document(f"fs-{uuid.uuid4()}", "1001", "02071234567", 60, call_direction="outbound")
    first = await _ok(await source_client.post(url, headers=auth, json=call), 200)
    assert (first["stored"], first["rated"], first["duplicates"]) == (1, 1, 0)
    (charge,) = first["charges"]
    assert Decimal(charge["amount"]) == Decimal("0.06")  # London: 60 s block at 0.06/min

    again = await _ok(await source_client.post(url, headers=auth, json=call), 200)
    assert (again["stored"], again["duplicates"], again["charges"]) == (0, 1, [])
    balance, charges = await _balance_and_charges(settings, world)
    assert (balance, charges) == (Decimal("9.94"), 1)

    bad = _document(f"fs-{uuid.uuid4()}", "1001", "02071234567", 10)
    bad["variables"]["billsec"] = "ten"
    refused = await source_client.post(url, headers=auth, json=bad)
    assert refused.status_code == 400, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["errors"][0]["field"] == "variables.billsec"

    wrong = await source_client.post(url, headers=_basic("tgs_wrong"), json=call)
    assert wrong.status_code == 401
    missing = await source_client.post(
        f"/api/v1/cdr-sources/{uuid.uuid4()}/freeswitch", headers=auth, json=call
    )
    assert missing.status_code == 404
    stored = await _rows(settings, source["name"])
    (record,) = stored.values()
    assert record.owner_id == world.client.id and record.service == "Hosted PBX"
    assert record.hangup_cause == 16 and record.cost == Decimal("0.06")
    assert record.started_at.timestamp() == START and record.direction == "outbound"


async def test_inbound_calls_belong_to_the_did_owner_and_strangers_stay_unassigned(
    source_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    world, source = await _freeswitch_world(source_client, settings)
    numbers = (
        await source_client.get(
            "/api/v1/client-numbers",
            headers=world.owner.headers,
            params={"owner_id": str(world.client.id)},
        )
    ).json()["items"]
    did = next(n["number"] for n in numbers if n["kind"] == "did")
    assert not did.startswith("+")  # stored without the plus
    url = f"/api/v1/cdr-sources/{source['id']}/freeswitch"
    bearer = {"Authorization": f"Bearer {source['ingest_token']}"}
    inbound = _document("in-1", "+15551234567", "+" + did, 30, call_direction="inbound")
    stranger = _document("out-1", "2002", "02071234567", 30, call_direction="outbound")
    form = {"cdr": __import__("json").dumps([inbound, stranger])}
    result = await _ok(await source_client.post(url, headers=bearer, data=form), 200)
    assert (result["stored"], result["unassigned"], result["charges"]) == (2, 1, [])
    stored = await _rows(settings, source["name"])
    assert stored["in-1"].owner_id == world.client.id
    assert stored["in-1"].rating_status == "excluded" and stored["in-1"].cost is None
    assert stored["out-1"].owner_id is None and stored["out-1"].rating_status == "unrated"


async def test_suppressed_numbers_are_not_stored_and_excluded_ones_never_billed(
    source_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    world = await call_world(settings, account={"mask_digits": True})
    headers = world.owner.headers
    source = await _ok(
        await source_client.post(
            "/api/v1/cdr-sources",
            headers=headers,
            json={
                "name": f"csv-{uuid.uuid4().hex[:8]}",
                "kind": "csv",
                "timezone": "Europe/London",
                "date_format": "%d/%m/%Y %H:%M",
                "columns": {"caller": "From", "dialled": "To", "start": "When", "duration": "Secs"},
            },
        )
    )
    caller = f"4416{uuid.uuid4().int % 10**7:07d}"
    await _ok(
        await source_client.post(
            "/api/v1/client-numbers",
            headers=headers,
            json={"owner_id": str(world.client.id), "number": caller},
        )
    )
    for rule in (
        {"action": "suppress", "pattern": "0800*", "source_id": source["id"]},
        {"action": "exclude", "pattern": "07700900123", "client_id": str(world.client.id)},
    ):
        await _ok(await source_client.post("/api/v1/cdr-number-rules", headers=headers, json=rule))
    unscoped = await source_client.post(
        "/api/v1/cdr-number-rules", headers=headers, json={"action": "exclude", "pattern": "1*"}
    )
    assert unscoped.status_code == 422
    content = (
        "From,To,When,Secs\n"
        f"{caller},02071234567,15/01/2026 10:00,60\n"  # London, 60 s → 0.06
        f"{caller},08001234567,15/01/2026 10:05,60\n"  # suppressed (source rule, prefix)
        f"{caller},07700900123,15/01/2026 10:10,60\n"  # excluded (client rule)
        f"08009990000,{caller},15/01/2026 10:15,60\n"  # suppressed: caller matches too
    ).encode()

    async def upload() -> dict[str, Any]:
        accepted = await source_client.post(
            f"/api/v1/cdr-sources/{source['id']}/imports",
            headers=headers,
            files={"file": ("calls.csv", content, "text/csv")},
        )
        assert accepted.status_code == 202, accepted.text
        return await _wait_job(source_client, world.owner, accepted.json()["id"])

    job = await upload()
    assert job["status"] == "succeeded", job
    result = job["result"]
    assert (result["stored"], result["suppressed"], result["excluded"]) == (2, 2, 1)
    assert [Decimal(c["amount"]) for c in result["charges"]] == [Decimal("0.06")]
    stored = sorted((await _rows(settings, source["name"])).values(), key=lambda c: c.started_at)
    assert [c.dialled_number for c in stored] == ["02071234567", "07700900123"]
    assert [c.rating_status for c in stored] == ["rated", "excluded"]
    assert all(c.masked for c in stored)  # the client's masking choice, at store time
    assert stored[0].started_at.hour == 10  # January: London is UTC

    renamed = await source_client.patch(
        f"/api/v1/cdr-sources/{source['id']}", headers=headers, json={"name": "renamed-x"}
    )
    assert renamed.status_code == 409 and renamed.json()["errors"][0]["field"] == "name"

    again = await upload()
    assert (again["result"]["stored"], again["result"]["duplicates"]) == (0, 2)
    assert await count_cdrs(settings, source["name"]) == 2
    assert await _balance_and_charges(settings, world) == (Decimal("9.94"), 1)
