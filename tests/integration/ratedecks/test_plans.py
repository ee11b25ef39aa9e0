"""Plans price clients: ordered decks, markups in the documented order, the client's plan."""

from __future__ import annotations

import uuid
from decimal import Decimal

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.integration.ratedecks.test_rate_imports import CELLHUB, _deck, _import
from tests.support.identity import Account


async def _plan(
    client: AsyncTestClient[Litestar], admin: Account, decks: list[str], **extra: object
) -> dict[str, object]:
    body = {
        "name": "Retail UK",
        "currency": "USD",
        "country_code": "44",
        "deck_ids": decks,
        **extra,
    }
    response = await client.post("/api/v1/plans", headers=admin.headers, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def test_a_clients_quote_uses_its_plan_with_markups_in_order(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    await _import(deck_client, admin, deck, CELLHUB)
    plan = await _plan(
        deck_client, admin, [deck], markup_percent="10", international_markup_percent="5"
    )
    created = await deck_client.post(
        "/api/v1/users",
        headers=admin.headers,
        json={
            "email": f"planned-{uuid.uuid4().hex[:8]}@example.com",
            "password": "long password!",
            "role": "client",
            "name": "Planned",
            "plan_id": plan["id"],
            "timezone": "Europe/London",
        },
    )
    assert created.status_code == 201, created.text
    quote = (
        await deck_client.post(
            "/api/v1/rating/quote",
            headers=admin.headers,
            json={
                "client_id": created.json()["id"],
                "number": "00905551234567",
                "duration": 61,
            },
        )
    ).json()
    # base 0.05 + 61 * 0.12 / 60 = 0.172; plan +10 % = 0.1892; international +5 % = 0.19866
    assert Decimal(quote["total"]) == Decimal("0.198660")
    assert [
        c["name"]
        for c in quote["components"]
        if c["name"] not in ("connect_fee", "usage", "flat_price")
    ] == ["plan_percent", "international"]


async def test_plans_refuse_decks_of_another_currency_or_kind(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    euro_deck = await _deck(deck_client, admin, currency="EUR")
    response = await deck_client.post(
        "/api/v1/plans",
        headers=admin.headers,
        json={
            "name": "Mixed",
            "currency": "USD",
            "country_code": "1",
            "deck_ids": [euro_deck],
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "deck_ids[0]"


async def test_a_plan_in_use_cannot_be_deleted_and_currency_must_match(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    plan = await _plan(deck_client, admin, [deck])
    euro_client = await deck_client.post(
        "/api/v1/users",
        headers=admin.headers,
        json={
            "email": f"euro-{uuid.uuid4().hex[:8]}@example.com",
            "password": "long password!",
            "role": "client",
            "name": "Euro",
            "currency": "EUR",
            "plan_id": plan["id"],
        },
    )
    assert euro_client.status_code == 422
    assert euro_client.json()["errors"][0]["field"] == "plan_id"
    user = await deck_client.post(
        "/api/v1/users",
        headers=admin.headers,
        json={
            "email": f"usd-{uuid.uuid4().hex[:8]}@example.com",
            "password": "long password!",
            "role": "client",
            "name": "Dollar",
            "plan_id": plan["id"],
        },
    )
    assert user.status_code == 201
    busy = await deck_client.delete(f"/api/v1/plans/{plan['id']}", headers=admin.headers)
    assert busy.status_code == 409
