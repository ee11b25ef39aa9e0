"""What a key may be granted: never more than its creator holds, only known scopes, valid
networks, a future expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.lib.access import Role
from app.lib.settings import Settings
from tests.integration.apikeys.helpers_apikeys import Client, bearer, create_key
from tests.support.identity import Account, create_account


async def _create(client: Client, caller: Account | str, **body: Any) -> Any:
    headers = caller.headers if isinstance(caller, Account) else bearer(caller)
    return await client.post("/api/v1/api-keys", json={"name": "k", **body}, headers=headers)


def _fields(response: Any) -> list[str]:
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    return [error.get("field") for error in response.json()["errors"]]


async def test_a_client_cannot_create_a_key_with_rights_its_role_lacks(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    response = await _create(client, owner, scopes=["cdrs:read", "rates:write"])
    assert _fields(response) == ["scopes"]
    assert "rates:write" in response.json()["detail"]


async def test_a_key_cannot_mint_a_key_stronger_than_itself(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.RESELLER)
    _, token = await create_key(client, owner, ["api-keys:write", "cdrs:read"])
    stronger = await _create(client, token, scopes=["cdrs:read", "billing:write"])
    assert _fields(stronger) == ["scopes"]
    weaker = await _create(client, token, scopes=["cdrs:read"])
    assert weaker.status_code == 201, weaker.text


@pytest.mark.parametrize("scopes", [["cdrs:read", "cdrs:delete"], [], ["*"]])
async def test_unknown_or_no_scopes_are_refused(
    client: Client, settings: Settings, scopes: list[str]
) -> None:
    owner = await create_account(settings, Role.ADMIN)
    assert _fields(await _create(client, owner, scopes=scopes)) == ["scopes"]


async def test_the_ip_allowlist_takes_networks_and_names_a_bad_entry(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    bad = await _create(client, owner, scopes=["cdrs:read"], ip_allowlist=["10.0.0.0/8", "nope"])
    assert _fields(bad) == ["ip_allowlist[1]"]
    key, _ = await create_key(
        client, owner, ["cdrs:read"], ip_allowlist=["203.0.113.9", "10.1.2.3/8", "2001:db8::/32"]
    )
    assert key["ip_allowlist"] == ["203.0.113.9/32", "10.0.0.0/8", "2001:db8::/32"]


async def test_an_expiry_must_be_a_future_instant(client: Client, settings: Settings) -> None:
    owner = await create_account(settings, Role.CLIENT)
    past = (datetime.now(UTC) - timedelta(minutes=1)).isoformat()
    naive = (datetime.now(UTC) + timedelta(days=1)).replace(tzinfo=None).isoformat()
    for value in (past, naive):
        assert _fields(await _create(client, owner, scopes=["cdrs:read"], expires_at=value)) == [
            "expires_at"
        ]
    future = datetime.now(UTC) + timedelta(days=30)
    key, _ = await create_key(client, owner, ["cdrs:read"], expires_at=future.isoformat())
    assert datetime.fromisoformat(key["expires_at"]) == future


async def test_a_blank_name_is_refused(client: Client, settings: Settings) -> None:
    owner = await create_account(settings, Role.CLIENT)
    assert _fields(await _create(client, owner, scopes=["cdrs:read"], name="   ")) == ["name"]
