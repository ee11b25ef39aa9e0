"""The global restricted-prefix list: admins keep it; duplicates and non-digits are refused."""

from __future__ import annotations

import random

from tests.integration.telephony.conftest import Client, field_of
from tests.support.identity import Tenants


async def test_admins_add_list_and_remove_restricted_prefixes(
    client: Client, tenants: Tenants
) -> None:
    admin = tenants.admin
    prefix = f"99{random.randrange(10**8):08d}"
    created = await client.post(
        "/api/v1/restricted-prefixes",
        headers=admin.headers,
        json={"prefix": prefix, "note": "premium rate"},
    )
    assert created.status_code == 201, created.text
    duplicate = await client.post(
        "/api/v1/restricted-prefixes", headers=admin.headers, json={"prefix": prefix}
    )
    assert duplicate.status_code == 409 and field_of(duplicate) == "prefix"
    not_digits = await client.post(
        "/api/v1/restricted-prefixes", headers=admin.headers, json={"prefix": "+44"}
    )
    assert not_digits.status_code == 400 and field_of(not_digits) == "prefix"
    listed = await client.get(
        f"/api/v1/restricted-prefixes?starts_with={prefix[:6]}", headers=admin.headers
    )
    assert prefix in [p["prefix"] for p in listed.json()["items"]]
    url = f"/api/v1/restricted-prefixes/{created.json()['id']}"
    assert (await client.delete(url, headers=tenants.superadmin.headers)).status_code == 204
    assert (await client.delete(url, headers=admin.headers)).status_code == 404
    audit = await client.get(
        f"/api/v1/audit?object_type=restricted_prefix&object_id={created.json()['id']}",
        headers=admin.headers,
    )
    actions = {e["action"] for e in audit.json()["items"]}
    assert actions == {"restricted_prefix.create", "restricted_prefix.delete"}


async def test_resellers_and_clients_cannot_change_the_list(
    client: Client, tenants: Tenants
) -> None:
    for caller in (tenants.reseller_a, tenants.client_a):
        response = await client.post(
            "/api/v1/restricted-prefixes", headers=caller.headers, json={"prefix": "1900"}
        )
        assert response.status_code == 403
