"""Rate decks through the API: CSV import as a job with progress and line-numbered errors,
versions, rates listing and quotes priced by the rating engine."""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.identity import Account, create_account

CELLHUB = (
    "prefix,destination,rate,initblock,billingblock,connectcharge\n"
    "9,Turkey,0.30,60,60,0\n"
    "90,Turkey,0.20,60,60,0\n"
    "905,Turkey Mobile,0.12,1,1,0.05\n"
    "00145,AT&T WirelessUS,0.12,60,60,0\n"
)


async def _deck(client: AsyncTestClient[Litestar], admin: Account, currency: str = "USD") -> str:
    created = await client.post(
        "/api/v1/rate-decks", headers=admin.headers, json={"name": "Retail", "currency": currency}
    )
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def _import(
    client: AsyncTestClient[Litestar], admin: Account, deck: str, csv: str, on_error: str = "reject"
) -> dict[str, object]:
    accepted = await client.post(
        f"/api/v1/rate-decks/{deck}/imports",
        headers=admin.headers,
        files={"file": ("rates.csv", csv.encode(), "text/csv")},
        data={"format": "cellhub", "on_error": on_error},
    )
    assert accepted.status_code == 202, accepted.text
    job_id = accepted.json()["id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = (await client.get(f"/api/v1/jobs/{job_id}", headers=admin.headers)).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        await asyncio.sleep(0.1)
    raise AssertionError("the import job did not finish")


async def test_an_import_becomes_a_version_and_quotes_price_from_it(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    job = await _import(deck_client, admin, deck, CELLHUB)
    assert job["status"] == "succeeded", job
    assert job["result"] == {"version": 1, "rates": 4, "skipped": 0}
    assert job["rows_done"] == job["rows_total"] == 4
    rates = (
        await deck_client.get(f"/api/v1/rate-decks/{deck}/rates?search=90", headers=admin.headers)
    ).json()
    assert [r["prefix"] for r in rates["items"]] == ["90", "905"]
    # CellHub's example: 905551234567 with prefixes 9, 90, 905 → 905
    quote = await deck_client.post(
        "/api/v1/rating/quote",
        headers=admin.headers,
        json={
            "deck_id": deck,
            "number": "+905551234567",
            "duration": 61,
        },
    )
    assert quote.status_code == 200, quote.text
    body = quote.json()
    assert body["matched_prefix"] == "905"
    assert body["billed_seconds"] == 61
    # 0.05 connect + 61 s * 0.12 / 60 = 0.05 + 0.122 = 0.172
    assert Decimal(body["total"]) == Decimal("0.172000")
    # UCRM's "AT&T WirelessUS 00145 0.12/min billingblock 60": 1 s bills a minute
    att = (
        await deck_client.post(
            "/api/v1/rating/quote",
            headers=admin.headers,
            json={
                "deck_id": deck,
                "number": "00145",
                "duration": 1,
                "country_code": "44",
                "exit_code": "",
            },
        )
    ).json()
    assert att["destination"] == "AT&T WirelessUS"
    assert Decimal(att["total"]) == Decimal("0.12")


async def test_a_bad_file_is_rejected_whole_with_line_numbers(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    bad = CELLHUB + "44a,UK,0.01,1,1,0\n" + "33,France,-0.01,1,1,0\n"
    job = await _import(deck_client, admin, deck, bad)
    assert job["status"] == "failed"
    assert [(e["line"], e["field"]) for e in job["errors"]] == [  # type: ignore[union-attr]
        (6, "prefix"),
        (7, "rate"),  # errors name the columns of the file itself
    ]
    versions = (
        await deck_client.get(f"/api/v1/rate-decks/{deck}/versions", headers=admin.headers)
    ).json()
    assert versions == []  # nothing was applied


async def test_skip_mode_imports_the_good_rows_and_reports_the_bad(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    job = await _import(deck_client, admin, deck, CELLHUB + "44a,UK,0.01,1,1,0\n", "skip")
    assert job["status"] == "succeeded"
    assert job["result"] == {"version": 1, "rates": 4, "skipped": 1}
    assert job["errors"][0]["line"] == 6  # type: ignore[index]


async def test_reimporting_makes_a_new_version_and_keeps_the_old(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    await _import(deck_client, admin, deck, CELLHUB)
    second = await _import(deck_client, admin, deck, CELLHUB.replace("0.12,1,1", "0.10,1,1"))
    assert second["result"]["version"] == 2  # type: ignore[index]
    old = (
        await deck_client.get(
            f"/api/v1/rate-decks/{deck}/rates?version=1&search=905", headers=admin.headers
        )
    ).json()
    new = (
        await deck_client.get(f"/api/v1/rate-decks/{deck}/rates?search=905", headers=admin.headers)
    ).json()
    assert old["items"][0]["rate_per_minute"] == "0.120000"
    assert new["items"][0]["rate_per_minute"] == "0.100000"


async def test_a_deck_of_another_reseller_is_not_found(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    reseller_a = await create_account(settings, Role.RESELLER)
    reseller_b = await create_account(settings, Role.RESELLER)
    created = await client.post(
        "/api/v1/rate-decks",
        headers=reseller_a.headers,
        json={"name": "A's deck", "currency": "EUR"},
    )
    deck = created.json()["id"]
    assert (
        await client.get(f"/api/v1/rate-decks/{deck}", headers=reseller_b.headers)
    ).status_code == 404
    listed = (await client.get("/api/v1/rate-decks", headers=reseller_b.headers)).json()
    assert listed["total"] == 0


async def test_three_bad_rows_among_ten_thousand_are_exactly_reported(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    lines = ["prefix,destination,rate,initblock,billingblock,connectcharge"]
    lines += [f"{1000000 + n},Somewhere,0.0{n % 10}1,60,60,0" for n in range(10_000)]
    # file line = list index + 1 (the header is line 1)
    lines[101] = "12x4,Broken,0.01,60,60,0"
    lines[5001] = "555,Negative,-1,60,60,0"
    lines[9000] = lines[42]  # a duplicate prefix of line 43
    job = await _import(deck_client, admin, await _deck(deck_client, admin), "\n".join(lines))
    assert job["status"] == "failed"
    assert [e["line"] for e in job["errors"]] == [102, 5002, 9001]  # type: ignore[union-attr]
    assert job["rows_total"] == 10_000
