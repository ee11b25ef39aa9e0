"""Shared fixtures of the telephony tests: the tenant cast and small request helpers."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.settings import Settings
from tests.support.identity import Account, Tenants, make_tenants

Client = AsyncTestClient[Litestar]


@pytest.fixture
async def tenants(settings: Settings) -> Tenants:
    return await make_tenants(settings)


def username() -> str:
    return f"sip-{uuid.uuid4().hex[:12]}"


async def create_sip_user(
    client: Client, caller: Account, owner: Account, **extra: object
) -> dict[str, Any]:
    body = {"owner_id": str(owner.id), "username": username(), **extra}
    response = await client.post("/api/v1/sip-users", headers=caller.headers, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


async def create_deck(client: Client, admin: Account, kind: str, currency: str = "USD") -> str:
    response = await client.post(
        "/api/v1/rate-decks",
        headers=admin.headers,
        json={"name": f"{kind} deck", "currency": currency, "kind": kind},
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def create_trunk(client: Client, admin: Account, **extra: object) -> dict[str, Any]:
    body = {
        "name": f"carrier-{uuid.uuid4().hex[:8]}",
        "dial_template": "PJSIP/{number}@carrier",
        **extra,
    }
    response = await client.post("/api/v1/trunks", headers=admin.headers, json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def field_of(response: Any) -> str:
    """The field the first error of a problem names."""
    assert response.headers["content-type"].startswith("application/problem+json")
    return str(response.json()["errors"][0]["field"])
