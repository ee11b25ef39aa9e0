"""Creating, listing, reading and revoking API keys through /api/v1/api-keys."""

from __future__ import annotations

from app.lib.access import Role
from app.lib.settings import Settings
from tests.integration.apikeys.helpers_apikeys import Client, audit_text, bearer, create_key
from tests.support.identity import create_account, make_tenants


async def test_the_token_is_shown_once_at_creation_and_never_again(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    response = await client.post(
        "/api/v1/api-keys",
        json={"name": "billing export", "scopes": ["cdrs:read", "billing:read"]},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    token, key = body["token"], body["api_key"]
    assert token.startswith(f"tgk_{key['key_id']}_")
    assert key["prefix"] == f"tgk_{key['key_id']}_"
    assert key["scopes"] == ["billing:read", "cdrs:read"]
    assert key["status"] == "active" and key["owner_id"] == str(owner.id)
    secret = token.removeprefix(key["prefix"])

    listed = await client.get("/api/v1/api-keys", headers=owner.headers)
    one = await client.get(f"/api/v1/api-keys/{key['id']}", headers=owner.headers)
    for later in (listed, one):
        assert later.status_code == 200
        assert secret not in later.text and "token" not in later.json()
        assert "secret_hash" not in later.text and "$argon2" not in later.text
    assert one.json()["key_id"] == key["key_id"]


async def test_a_key_authenticates_as_its_owner_with_its_scopes(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    key, token = await create_key(client, owner, ["api-keys:read"])
    response = await client.get("/api/v1/api-keys", headers=bearer(token))
    assert response.status_code == 200, response.text
    assert [item["id"] for item in response.json()["items"]] == [key["id"]]


async def test_the_list_is_paginated_newest_first(client: Client, settings: Settings) -> None:
    owner = await create_account(settings, Role.RESELLER)
    made = [(await create_key(client, owner, ["cdrs:read"], name=f"k{i}"))[0] for i in range(3)]
    first = await client.get("/api/v1/api-keys?limit=2", headers=owner.headers)
    second = await client.get("/api/v1/api-keys?limit=2&offset=2", headers=owner.headers)
    assert first.status_code == second.status_code == 200
    page = first.json()
    assert (page["total"], page["limit"], page["offset"]) == (3, 2, 0)
    ids = [item["id"] for item in page["items"] + second.json()["items"]]
    assert ids == [key["id"] for key in reversed(made)]


async def test_revoking_is_idempotent_and_audited_once(client: Client, settings: Settings) -> None:
    owner = await create_account(settings, Role.CLIENT)
    key, _ = await create_key(client, owner, ["cdrs:read"])
    for _attempt in range(2):
        response = await client.delete(f"/api/v1/api-keys/{key['id']}", headers=owner.headers)
        assert response.status_code == 204
    shown = (await client.get(f"/api/v1/api-keys/{key['id']}", headers=owner.headers)).json()
    assert shown["status"] == "revoked" and shown["revoked_at"]
    actions, _ = await audit_text(settings, key["id"])
    assert actions == ["api_key.create", "api_key.revoke"]


async def test_another_tenants_key_is_not_found(client: Client, settings: Settings) -> None:
    tenants = await make_tenants(settings)
    key, _ = await create_key(client, tenants.client_b, ["cdrs:read"])
    url = f"/api/v1/api-keys/{key['id']}"
    for outsider in (tenants.client_a, tenants.reseller_a, tenants.direct):
        assert (await client.get(url, headers=outsider.headers)).status_code == 404
        assert (await client.delete(url, headers=outsider.headers)).status_code == 404
        listed = await client.get("/api/v1/api-keys", headers=outsider.headers)
        assert key["id"] not in listed.text
    # Within reach: the client's own reseller and staff see it.
    for insider in (tenants.reseller_b, tenants.admin):
        assert (await client.get(url, headers=insider.headers)).status_code == 200
    owned = await client.get(
        f"/api/v1/api-keys?owner_id={tenants.client_b.id}", headers=tenants.reseller_b.headers
    )
    assert [item["id"] for item in owned.json()["items"]] == [key["id"]]
    still = await client.get(url, headers=tenants.client_b.headers)
    assert still.json()["status"] == "active"


async def test_the_caller_always_owns_the_key_it_creates(
    client: Client, settings: Settings
) -> None:
    reseller = await create_account(settings, Role.RESELLER)
    own = await create_account(settings, Role.CLIENT, parent=reseller)
    refused = await client.post(
        "/api/v1/api-keys",
        json={"name": "x", "scopes": ["cdrs:read"], "owner_id": str(reseller.id)},
        headers=own.headers,
    )
    assert refused.status_code == 400 and "owner_id" in refused.json()["detail"]
    key, _ = await create_key(client, own, ["cdrs:read"])
    assert key["owner_id"] == str(own.id)
