"""Rewriting prefixes on import: a deck keyed by dialled form (UCRM's 00145) becomes E.164."""

from __future__ import annotations

import asyncio
import time
from decimal import Decimal

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.settings import Settings
from tests.integration.ratedecks.test_rate_imports import _deck
from tests.support.identity import Account, make_tenants

UCRM = (
    "TargetName,TargetPrefix,Price,billingblock(s),billpercall,allowed,latebill\n"
    "AT&T WirelessUS,00145,0.12,60,no,yes,no\n"
    "Germany,0049,0.02,60,no,yes,no\n"
)


async def _submit(
    client: AsyncTestClient[Litestar], admin: Account, deck: str, csv: str, **form: str
) -> dict[str, object]:
    accepted = await client.post(
        f"/api/v1/rate-decks/{deck}/imports",
        headers=admin.headers,
        files={"file": ("rates.csv", csv.encode(), "text/csv")},
        data={"format": "ucrm", **form},
    )
    if accepted.status_code != 202:
        return {"status_code": accepted.status_code, **accepted.json()}
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        job = (
            await client.get(f"/api/v1/jobs/{accepted.json()['id']}", headers=admin.headers)
        ).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        await asyncio.sleep(0.1)
    raise AssertionError("the import job did not finish")


async def test_strip_00_stores_e164_prefixes_that_quote_without_an_exit_code_trick(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    job = await _submit(deck_client, admin, deck, UCRM, strip_prefix="00")
    assert job["status"] == "succeeded", job
    rates = (
        await deck_client.get(f"/api/v1/rate-decks/{deck}/rates", headers=admin.headers)
    ).json()
    assert [r["prefix"] for r in rates["items"]] == ["145", "49"]
    # UCRM's "AT&T WirelessUS 00145 0.12/min billingblock 60", dialled the ordinary way.
    quote = (
        await deck_client.post(
            "/api/v1/rating/quote",
            headers=admin.headers,
            json={"deck_id": deck, "number": "+1 45 5550100", "duration": 1},
        )
    ).json()
    assert quote["matched_prefix"] == "145"
    assert Decimal(quote["total"]) == Decimal("0.12")


async def test_prefixes_left_empty_or_colliding_fail_the_import_by_line(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    csv = UCRM + "Exit code alone,00,0.5,60,no,yes,no\n" + "Germany again,49,0.03,60,no,yes,no\n"
    job = await _submit(deck_client, admin, deck, csv, strip_prefix="00")
    assert job["status"] == "failed"
    assert [(e["line"], e["field"]) for e in job["errors"]] == [  # type: ignore[union-attr]
        (4, "TargetPrefix"),
        (5, "TargetPrefix"),
    ]
    versions = (
        await deck_client.get(f"/api/v1/rate-decks/{deck}/versions", headers=admin.headers)
    ).json()
    assert versions == []


async def test_rewrite_digits_are_checked_before_the_job_starts(
    deck_client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    deck = await _deck(deck_client, t.admin)
    bad = await _submit(deck_client, t.admin, deck, UCRM, strip_prefix="+00")
    assert bad["status_code"] == 422
    assert bad["errors"][0]["field"] == "strip_prefix"  # type: ignore[index]
    # Tenancy first: another reseller's deck is a 404 whatever the form says.
    foreign = await _submit(deck_client, t.reseller_b, deck, UCRM, add_prefix="x")
    assert foreign["status_code"] == 404
