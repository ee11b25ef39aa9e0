"""A client's quote follows the engine's priority: offer, custom rate, plan decks; and its
reseller chain's margins come on top, top-level reseller first."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.access import Role
from app.lib.settings import Settings
from tests.integration.ratedecks.test_plans import _plan
from tests.integration.ratedecks.test_rate_imports import CELLHUB, _deck, _import
from tests.support.identity import Account, create_account


async def _client_on_plan(
    client: AsyncTestClient[Litestar],
    admin: Account,
    plan_id: object,
    parent: Account | None = None,
) -> str:
    body = {
        "email": f"c-{uuid.uuid4().hex[:8]}@example.com",
        "password": "long password!",
        "role": "client",
        "name": "Priced",
        "plan_id": plan_id,
    }
    if parent is not None:
        body["parent_id"] = str(parent.id)
    created = await client.post("/api/v1/users", headers=admin.headers, json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


async def _total(client: AsyncTestClient[Litestar], admin: Account, client_id: str) -> Decimal:
    quote = await client.post(
        "/api/v1/rating/quote",
        headers=admin.headers,
        json={
            "client_id": client_id,
            "number": "00905551234567",
            "duration": 61,
            "start_time": datetime.now(UTC).isoformat(),
        },
    )
    assert quote.status_code == 200, quote.text
    return Decimal(quote.json()["total"])


async def test_offer_beats_custom_rate_beats_plan(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    await _import(deck_client, admin, deck, CELLHUB)
    plan = await _plan(deck_client, admin, [deck])
    client_id = await _client_on_plan(deck_client, admin, plan["id"])
    assert await _total(deck_client, admin, client_id) == Decimal("0.172")  # the plan's 905
    custom = await deck_client.post(
        "/api/v1/custom-rates",
        headers=admin.headers,
        json={
            "client_id": client_id,
            "prefix": "90",
            "rate_per_minute": "0.06",
        },
    )
    assert custom.status_code == 201, custom.text
    # a custom rate wins over the plan even with a shorter prefix: 61 s * 0.06 / 60 = 0.061
    assert await _total(deck_client, admin, client_id) == Decimal("0.061")
    offer = await deck_client.post(
        "/api/v1/offers",
        headers=admin.headers,
        json={
            "client_id": client_id,
            "prefix": "905",
            "days": 30,
            "starts_at": (datetime.now(UTC) - timedelta(days=1)).isoformat(),
        },
    )
    assert offer.status_code == 201, offer.text
    assert await _total(deck_client, admin, client_id) == Decimal(0)
    assert (
        await deck_client.delete(f"/api/v1/offers/{offer.json()['id']}", headers=admin.headers)
    ).status_code == 204
    assert await _total(deck_client, admin, client_id) == Decimal("0.061")


async def test_reseller_margins_apply_top_level_first(
    deck_client: AsyncTestClient[Litestar], admin: Account, settings: Settings
) -> None:
    deck = await _deck(deck_client, admin)
    await _import(deck_client, admin, deck, CELLHUB)
    plan = await _plan(deck_client, admin, [deck])
    reseller = await create_account(settings, Role.RESELLER)
    margin = await deck_client.patch(
        f"/api/v1/users/{reseller.id}", headers=admin.headers, json={"margin_percent": "20"}
    )
    assert margin.status_code == 200, margin.text
    client_id = await _client_on_plan(deck_client, admin, plan["id"], parent=reseller)
    assert await _total(deck_client, admin, client_id) == Decimal("0.2064")  # 0.172 * 1.2
    refused = await deck_client.patch(
        f"/api/v1/users/{client_id}", headers=admin.headers, json={"margin_percent": "5"}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "margin_percent"
