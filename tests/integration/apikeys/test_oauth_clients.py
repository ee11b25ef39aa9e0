"""Managing OAuth clients through /api/v1/oauth-clients."""

from __future__ import annotations

from app.lib.access import Role
from app.lib.settings import Settings
from tests.integration.apikeys.helpers_apikeys import Client, audit_text, create_oauth_client
from tests.support.identity import create_account, make_tenants


async def test_the_client_secret_is_shown_once(client: Client, settings: Settings) -> None:
    owner = await create_account(settings, Role.CLIENT)
    oauth_client, secret = await create_oauth_client(client, owner, ["cdrs:read", "cdrs:read"])
    assert oauth_client["client_id"].startswith("tgc_")
    assert oauth_client["scopes"] == ["cdrs:read"] and oauth_client["status"] == "active"
    listed = await client.get("/api/v1/oauth-clients", headers=owner.headers)
    one = await client.get(f"/api/v1/oauth-clients/{oauth_client['id']}", headers=owner.headers)
    assert listed.json()["total"] == 1
    for later in (listed, one):
        assert later.status_code == 200
        assert secret not in later.text and "client_secret" not in later.text
    actions, _ = await audit_text(settings, oauth_client["id"])
    assert actions == ["oauth_client.create"]


async def test_another_tenants_client_is_not_found(client: Client, settings: Settings) -> None:
    tenants = await make_tenants(settings)
    oauth_client, _ = await create_oauth_client(client, tenants.client_b, ["cdrs:read"])
    url = f"/api/v1/oauth-clients/{oauth_client['id']}"
    for outsider in (tenants.client_a, tenants.reseller_a):
        assert (await client.get(url, headers=outsider.headers)).status_code == 404
        assert (await client.delete(url, headers=outsider.headers)).status_code == 404
    assert (await client.get(url, headers=tenants.reseller_b.headers)).status_code == 200
    still = await client.get(url, headers=tenants.client_b.headers)
    assert still.json()["status"] == "active"
