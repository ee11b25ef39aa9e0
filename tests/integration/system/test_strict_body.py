"""JSON bodies are read as their schema says: a number where a boolean belongs, or text where a
number belongs, is a 400 naming the field, and nothing changes."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.identity import create_account

Client = AsyncTestClient[Litestar]


async def test_a_number_for_a_boolean_is_refused_naming_the_field(
    client: Client, settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    url = "/api/v1/payment-providers/stripe-strict"
    body = {"enabled": 0, "signing_secret": "whsec_0123456789abcdef", "tolerance_seconds": 300}

    refused = await client.put(url, headers=admin.headers, json=body)

    assert refused.status_code == 400, refused.text
    problem = refused.json()
    assert problem["errors"][0]["field"] == "enabled"
    assert "bool" in problem["errors"][0]["message"]
    listed = await client.get("/api/v1/payment-providers", headers=admin.headers)
    assert "stripe-strict" not in listed.text

    accepted = await client.put(url, headers=admin.headers, json={**body, "enabled": False})
    assert accepted.status_code in (200, 201), accepted.text


async def test_text_for_an_integer_is_refused_but_well_typed_bodies_pass(
    client: Client, settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    url = "/api/v1/payment-providers/stripe-strict-2"
    body = {"enabled": True, "signing_secret": "whsec_0123456789abcdef", "tolerance_seconds": "300"}

    refused = await client.put(url, headers=admin.headers, json=body)

    assert refused.status_code == 400, refused.text
    assert refused.json()["errors"][0]["field"] == "tolerance_seconds"


async def test_a_nul_character_in_any_query_is_a_400_naming_the_parameter(
    client: Client, settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    for url in ("/api/v1/users?search=a%00b", "/api/v1/cdrs?number=1%002"):
        refused = await client.get(url, headers=admin.headers)
        assert refused.status_code == 400, (url, refused.text)
        assert refused.json()["errors"][0]["field"] in ("search", "number")
