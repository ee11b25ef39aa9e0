"""CDR search: keyset pages, the newer filters, scoping in every view, masking in every output."""

from __future__ import annotations

import csv
import datetime
import io
import random
import uuid
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.db.models.telephony import Trunk
from app.lib.settings import Settings
from tests.support.cdrs import add_cdr
from tests.support.identity import Account, Tenants, make_tenants, system_session

UTC = datetime.UTC
DAY = datetime.datetime(2026, 5, 10, 12, 0, tzinfo=UTC)
RANGE = {"started_from": "2026-05-01T00:00:00Z", "started_to": "2026-06-01T00:00:00Z"}
GQL_RANGE = {"startedFrom": RANGE["started_from"], "startedTo": RANGE["started_to"]}


@pytest.fixture
async def tenants(settings: Settings) -> Tenants:
    return await make_tenants(settings)


def _prefix() -> str:
    return f"98{random.randrange(10**8):08d}"


async def _get(
    client: AsyncTestClient[Litestar], who: Account, path: str = "", **params: str
) -> Any:
    response = await client.get(
        f"/api/v1/cdrs{path}", headers=who.headers, params={**RANGE, **params}
    )
    assert response.status_code == 200, response.text
    return response.json() if "csv" not in path else response.text


async def _walk(
    client: AsyncTestClient[Litestar], who: Account, on_page: Any = None, **params: str
) -> list[str]:
    seen: list[str] = []
    cursor: str | None = None
    for _ in range(100):
        extra = {"cursor": cursor} if cursor else {}
        page = await _get(client, who, limit="4", **params, **extra)
        assert page["total"] is None  # keyset pages do not count
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen
        if on_page is not None:
            await on_page()
    raise AssertionError("the walk did not end")


async def _trunk(settings: Settings, owner: Account) -> uuid.UUID:
    session, close = await system_session(settings)
    try:
        trunk = Trunk(
            name=f"t-{uuid.uuid4().hex[:8]}", dial_template="PJSIP/{number}@x", owner_id=owner.id
        )
        session.add(trunk)
        await session.commit()
        return trunk.id
    finally:
        await close()


async def test_keyset_pages_walk_every_record_exactly_once_while_records_arrive(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    p, me = _prefix(), tenants.direct
    original = []
    for n in range(14):  # pairs share a start time: the id breaks the tie
        at = DAY + datetime.timedelta(minutes=n // 2)
        cost = None if n % 5 == 0 else f"0.{n:02d}0000"
        original.append(str(await add_cdr(settings, me, at, f"{p}{n:02d}", cost=cost)))
    inserted = 0

    async def arrive() -> None:  # one newer than everything, one older: both mid-walk
        nonlocal inserted
        inserted += 1
        for at in (
            DAY + datetime.timedelta(hours=1, minutes=inserted),
            DAY - datetime.timedelta(hours=inserted),
        ):
            await add_cdr(settings, me, at, f"{p}9{inserted}", cost="0.050000")

    for sort in ("-started_at", "started_at", "cost", "-cost"):
        seen = await _walk(client, me, arrive, number=p, sort=sort)
        assert len(seen) == len(set(seen)), f"{sort}: a record was shown twice"
        assert set(original) <= set(seen), f"{sort}: a record was skipped"
    # Without interference the walk equals the one-page list, in order.
    everything = await _get(client, me, number=p, limit="200", sort="-cost")
    assert await _walk(client, me, number=p, sort="-cost") == [i["id"] for i in everything["items"]]
    costs = [i["cost"] for i in everything["items"]]
    assert costs[-3:] == [None, None, None] and costs[0] >= costs[1]


async def test_a_cursor_is_checked_and_the_older_offset_style_still_counts(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    p, me = _prefix(), tenants.direct
    for n in range(3):
        await add_cdr(settings, me, DAY, f"{p}{n}")
    first = await _get(client, me, number=p, limit="2")
    assert first["total"] is None and first["next_cursor"]
    offset = await _get(client, me, number=p, limit="2", offset="2")
    assert offset["total"] == 3 and len(offset["items"]) == 1 and offset["next_cursor"] is None
    counted = await _get(client, me, number=p, limit="2", with_total="true")
    assert counted["total"] == 3
    for params in (
        {"cursor": "not-a-cursor"},
        {"cursor": first["next_cursor"], "sort": "cost"},
        {"cursor": first["next_cursor"], "offset": "1"},
    ):
        response = await client.get(
            "/api/v1/cdrs", headers=me.headers, params={**RANGE, "number": p, **params}
        )
        assert response.status_code == 400, response.text
        assert response.json()["errors"][0]["field"] in ("cursor", "offset")


async def test_the_newer_filters_and_the_failed_calls_view(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    p, who = _prefix(), tenants.admin
    trunk = await _trunk(settings, tenants.admin)
    me = tenants.direct
    a = str(
        await add_cdr(
            settings, me, DAY, p + "1", cost="0.200000", trunk_id=trunk, caller_number="4471"
        )
    )
    b = str(await add_cdr(settings, me, DAY, p + "2", cost="1.500000", source="pbx-x"))
    busy = str(
        await add_cdr(
            settings,
            me,
            DAY,
            p + "3",
            cost="0",
            disposition="BUSY",
            billable_seconds=0,
            trunk_id=trunk,
        )
    )
    ids = lambda page: sorted(i["id"] for i in page["items"])  # noqa: E731
    assert ids(await _get(client, who, number=p, trunk_id=str(trunk))) == sorted([a, busy])
    assert ids(await _get(client, who, number=p, cost_min="0.1", cost_max="1.5")) == sorted([a, b])
    assert ids(await _get(client, who, number=p, cost_min="0.3")) == [b]
    assert ids(await _get(client, who, number=p, caller="447")) == [a]
    assert ids(await _get(client, who, number=p, source="pbx-x")) == [b]
    assert ids(await _get(client, who, "/failed", number=p)) == [busy]
    assert ids(await _get(client, who, number=p, failed="true")) == [busy]
    bad = await client.get("/api/v1/cdrs", headers=who.headers, params={"cost_min": "cheap"})
    assert bad.status_code == 400


async def _gql(
    client: AsyncTestClient[Litestar], who: Account, query: str, **variables: Any
) -> Any:
    response = await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=who.headers
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


CDRS = """query($f: CdrFilterInput, $after: String) {
  cdrs(filter: $f, first: 50, after: $after) {
    nextCursor items { id clientId dialledNumber normalizedNumber masked }
  }
}"""
SUMMARY = """query($f: CdrFilterInput, $by: String!) {
  cdrSummary(filter: $f, by: $by) { by rows { key label calls cost buyCost margin } }
}"""


async def test_a_client_never_sees_another_clients_records_in_any_view(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    p, t = _prefix(), tenants
    trunk = await _trunk(settings, t.admin)
    mine = str(await add_cdr(settings, t.client_a, DAY, p + "1", trunk_id=trunk))
    await add_cdr(settings, t.client_b, DAY, p + "2", trunk_id=trunk, disposition="BUSY")
    await add_cdr(settings, t.client_b, DAY, p + "3", trunk_id=trunk, direction="inbound")
    for who, other in ((t.client_a, t.client_b), (t.reseller_a, t.client_b)):
        listed = await _get(client, who, number=p)
        assert [i["id"] for i in listed["items"]] == [mine]
        assert (await _get(client, who, "/failed", number=p))["items"] == []
        foreign = await _get(client, who, number=p, client_id=str(other.id))
        assert foreign["items"] == []
        rows = list(csv.DictReader(io.StringIO(await _get(client, who, "/export.csv", number=p))))
        assert [r["id"] for r in rows] == [mine]
        for by in ("day", "client", "trunk", "did", "destination"):
            summary = await _get(client, who, "/summary", number=p, by=by)
            assert sum(r["calls"] for r in summary["rows"]) == 1, by
        (stats,) = (await _get(client, who, "/trunk-errors", number=p))["rows"]
        assert stats["attempts"] == 1 and stats["busy"] == 0
        assert stats["trunk_name"] is None  # the platform's trunk is out of a tenant's reach
        data = await _gql(client, who, CDRS, f={**GQL_RANGE, "number": p})
        assert [i["id"] for i in data["cdrs"]["items"]] == [mine]
        data = await _gql(client, who, SUMMARY, f={**GQL_RANGE, "number": p}, by="client")
        assert [(r["key"], r["calls"]) for r in data["cdrSummary"]["rows"]] == [
            (str(t.client_a.id), 1)
        ]
        errors = await _gql(
            client,
            who,
            "query($f: CdrFilterInput) { cdrTrunkErrors(filter: $f) { attempts busy } }",
            f={**GQL_RANGE, "number": p},
        )
        assert errors["cdrTrunkErrors"] == [{"attempts": 1, "busy": 0}]
    staff = await _get(client, t.admin, "/trunk-errors", number=p)
    (row,) = staff["rows"]
    assert (row["attempts"], row["answered"], row["busy"], row["asr"]) == (3, 2, 1, "66.67")
    assert row["trunk_name"] is not None and row["acd"] == "60.0"


async def test_masked_digits_are_masked_in_every_output_and_cannot_be_searched(
    client: AsyncTestClient[Litestar], settings: Settings, tenants: Tenants
) -> None:
    p, me = _prefix(), tenants.direct
    number = p + "4567"
    await add_cdr(settings, me, DAY, number, masked=True, caller_number="15550001")
    await add_cdr(settings, me, DAY, "+" + p + "7654", masked=True, direction="inbound")
    shown = number[:-3] + "XXX"
    page = await _get(client, me, number=p, sort="started_at")
    assert sorted(i["dialled_number"] for i in page["items"]) == sorted([shown, "+" + p + "7XXX"])
    assert all("XXX" in (i["normalized_number"] or "XXX") for i in page["items"])
    text = await _get(client, me, "/export.csv", number=p)
    assert number not in text and shown in text and p + "7654" not in text
    data = await _gql(client, me, CDRS, f={**GQL_RANGE, "number": p})
    assert {i["dialledNumber"] for i in data["cdrs"]["items"]} == {shown, "+" + p + "7XXX"}
    dids = await _get(client, me, "/summary", number=p, by="did")
    assert sorted(r["key"] for r in dids["rows"]) == sorted(["+" + p + "7XXX", "15550001"])
    # The hidden digits cannot be found by searching for them either.
    assert (await _get(client, me, number=number))["items"] == []
    assert (await _get(client, me, number=number[:-2]))["items"] == []
    assert len((await _get(client, me, number=number[:-3]))["items"]) == 1
