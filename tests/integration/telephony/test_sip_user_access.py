"""Who reaches which SIP users: a reseller its clients', a client its own and read-only."""

from __future__ import annotations

from tests.integration.telephony.conftest import Client, create_sip_user, username
from tests.support.identity import Tenants


async def test_a_reseller_never_reaches_another_resellers_sip_users(
    client: Client, tenants: Tenants
) -> None:
    theirs = await create_sip_user(client, tenants.reseller_b, tenants.client_b)
    mine = await create_sip_user(client, tenants.reseller_a, tenants.client_a)
    headers = tenants.reseller_a.headers
    url = f"/api/v1/sip-users/{theirs['id']}"
    assert (await client.get(url, headers=headers)).status_code == 404
    assert (
        await client.patch(url, headers=headers, json={"status": "suspended"})
    ).status_code == 404
    assert (await client.post(f"{url}/secret", headers=headers)).status_code == 404
    assert (await client.delete(url, headers=headers)).status_code == 404
    listed = await client.get("/api/v1/sip-users", headers=headers)
    assert [u["id"] for u in listed.json()["items"]] == [mine["id"]]
    # Filtering by another tenant's client shows nothing rather than an error.
    filtered = await client.get(
        f"/api/v1/sip-users?owner_id={tenants.client_b.id}", headers=headers
    )
    assert filtered.json()["total"] == 0
    still = await client.get(url, headers=tenants.reseller_b.headers)
    assert still.json()["status"] == "active"


async def test_a_client_reads_its_own_sip_users_and_cannot_change_them(
    client: Client, tenants: Tenants
) -> None:
    own = await create_sip_user(client, tenants.reseller_a, tenants.client_a)
    other = await create_sip_user(client, tenants.admin, tenants.direct)
    headers = tenants.client_a.headers
    listed = await client.get("/api/v1/sip-users", headers=headers)
    assert [u["id"] for u in listed.json()["items"]] == [own["id"]]
    assert (await client.get(f"/api/v1/sip-users/{own['id']}", headers=headers)).status_code == 200
    assert (
        await client.get(f"/api/v1/sip-users/{other['id']}", headers=headers)
    ).status_code == 404
    created = await client.post(
        "/api/v1/sip-users",
        headers=headers,
        json={"owner_id": str(tenants.client_a.id), "username": username()},
    )
    assert created.status_code == 403
    url = f"/api/v1/sip-users/{own['id']}"
    assert (await client.patch(url, headers=headers, json={})).status_code == 403
    assert (await client.post(f"{url}/secret", headers=headers)).status_code == 403
    assert (await client.delete(url, headers=headers)).status_code == 403
