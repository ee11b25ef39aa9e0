"""Carrier trunks and trunk groups: staff only, validated dial templates, failover order."""

from __future__ import annotations

import uuid

import pytest

from tests.integration.telephony.conftest import (
    Client,
    create_deck,
    create_sip_user,
    create_trunk,
    field_of,
)
from tests.support.identity import Tenants


async def test_trunks_are_created_changed_and_deleted_by_admins(
    client: Client, tenants: Tenants
) -> None:
    admin = tenants.admin
    buy = await create_deck(client, admin, "buy")
    trunk = await create_trunk(
        client, admin, strip_prefix="90", add_prefix="00", max_channels=30, buy_deck_id=buy
    )
    assert (trunk["status"], trunk["is_default"], trunk["buy_deck_id"]) == ("active", False, buy)
    url = f"/api/v1/trunks/{trunk['id']}"
    changed = await client.patch(
        url, headers=tenants.superadmin.headers, json={"status": "disabled", "max_channels": None}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["status"], changed.json()["max_channels"]) == ("disabled", None)
    assert changed.json()["dial_template"] == "PJSIP/{number}@carrier"
    listed = await client.get(
        f"/api/v1/trunks?status=disabled&search={trunk['name']}", headers=admin.headers
    )
    assert [t["id"] for t in listed.json()["items"]] == [trunk["id"]]
    assert (await client.delete(url, headers=admin.headers)).status_code == 204
    assert (await client.get(url, headers=admin.headers)).status_code == 404
    audit = await client.get(
        f"/api/v1/audit?object_type=trunk&object_id={trunk['id']}", headers=admin.headers
    )
    assert {e["action"] for e in audit.json()["items"]} == {
        "trunk.create",
        "trunk.update",
        "trunk.delete",
    }


async def test_resellers_and_clients_never_see_carriers(client: Client, tenants: Tenants) -> None:
    trunk = await create_trunk(client, tenants.admin)
    group = await client.post(
        "/api/v1/trunk-groups",
        headers=tenants.admin.headers,
        json={"name": f"g-{uuid.uuid4().hex[:6]}", "trunk_ids": [trunk["id"]]},
    )
    for caller in (tenants.reseller_a, tenants.client_a):
        for url in (
            "/api/v1/trunks",
            f"/api/v1/trunks/{trunk['id']}",
            "/api/v1/trunk-groups",
            f"/api/v1/trunk-groups/{group.json()['id']}",
            "/api/v1/restricted-prefixes",
        ):
            assert (await client.get(url, headers=caller.headers)).status_code == 403, url
        created = await client.post(
            "/api/v1/trunks",
            headers=caller.headers,
            json={"name": "mine", "dial_template": "PJSIP/{number}@x"},
        )
        assert created.status_code == 403


@pytest.mark.parametrize(
    "template",
    [
        "PJSIP/carrier",
        "PJSIP/{number}@{number}",
        "PJSIP/{number}@carrier,60",
        "PJSIP/{number}@a&PJSIP/{number}@b",
        "PJSIP/{number}@carrier\nx",
    ],
)
async def test_bad_dial_templates_are_refused_naming_the_field(
    client: Client, tenants: Tenants, template: str
) -> None:
    response = await client.post(
        "/api/v1/trunks",
        headers=tenants.admin.headers,
        json={"name": "bad", "dial_template": template},
    )
    assert response.status_code == 422, response.text
    assert field_of(response) == "dial_template"


async def test_trunk_rules_name_their_field(client: Client, tenants: Tenants) -> None:
    admin = tenants.admin
    sell = await create_deck(client, admin, "sell")
    taken = await create_trunk(client, admin)
    for body, status, field in (
        ({"buy_deck_id": sell}, 422, "buy_deck_id"),
        ({"buy_deck_id": str(uuid.uuid4())}, 422, "buy_deck_id"),
        ({"name": taken["name"]}, 409, "name"),
        ({"strip_prefix": "+90"}, 400, "strip_prefix"),
        ({"max_channels": -1}, 400, "max_channels"),
        ({"status": "inactive"}, 400, "status"),
    ):
        response = await client.post(
            "/api/v1/trunks",
            headers=admin.headers,
            json={"name": f"t-{uuid.uuid4().hex[:6]}", "dial_template": "SIP/{number}", **body},
        )
        assert response.status_code == status, (body, response.text)
        assert field_of(response) == field


async def test_one_default_trunk_at_a_time(client: Client, tenants: Tenants) -> None:
    first = await create_trunk(client, tenants.admin, is_default=True)
    second = await create_trunk(client, tenants.admin, is_default=True)
    for trunk, expected in ((first, False), (second, True)):
        read = await client.get(f"/api/v1/trunks/{trunk['id']}", headers=tenants.admin.headers)
        assert read.json()["is_default"] is expected
    audit = await client.get(
        f"/api/v1/audit?object_type=trunk&object_id={first['id']}", headers=tenants.admin.headers
    )
    assert {e["action"] for e in audit.json()["items"]} == {"trunk.create", "trunk.update"}


async def test_trunk_groups_keep_and_replace_the_failover_order(
    client: Client, tenants: Tenants
) -> None:
    admin = tenants.admin
    a, b, c = [(await create_trunk(client, admin))["id"] for _ in range(3)]
    created = await client.post(
        "/api/v1/trunk-groups", headers=admin.headers, json={"name": "uk", "trunk_ids": [b, a]}
    )
    assert created.status_code == 201, created.text
    group = created.json()
    assert group["trunk_ids"] == [b, a]
    url = f"/api/v1/trunk-groups/{group['id']}"
    reordered = await client.patch(url, headers=admin.headers, json={"trunk_ids": [c, a, b]})
    assert reordered.status_code == 200, reordered.text
    assert reordered.json()["trunk_ids"] == [c, a, b]
    renamed = await client.patch(url, headers=admin.headers, json={"name": "uk-2"})
    assert (renamed.json()["name"], renamed.json()["trunk_ids"]) == ("uk-2", [c, a, b])
    # A deleted trunk leaves the group; the others keep their order.
    assert (await client.delete(f"/api/v1/trunks/{a}", headers=admin.headers)).status_code == 204
    assert (await client.get(url, headers=admin.headers)).json()["trunk_ids"] == [c, b]
    pinned = await create_sip_user(client, admin, tenants.client_a, trunk_group_id=group["id"])
    assert pinned["trunk_group_id"] == group["id"]
    assert (await client.delete(url, headers=admin.headers)).status_code == 204
    after = await client.get(f"/api/v1/sip-users/{pinned['id']}", headers=admin.headers)
    assert after.json()["trunk_group_id"] is None


async def test_trunk_group_rules_name_their_field(client: Client, tenants: Tenants) -> None:
    admin = tenants.admin
    trunk = (await create_trunk(client, admin))["id"]
    existing = await client.post(
        "/api/v1/trunk-groups",
        headers=admin.headers,
        json={"name": f"g-{uuid.uuid4().hex[:6]}", "trunk_ids": [trunk]},
    )
    for body, status, field in (
        ({"trunk_ids": [trunk, trunk]}, 422, "trunk_ids"),
        ({"trunk_ids": [trunk, str(uuid.uuid4())]}, 422, "trunk_ids[1]"),
        ({"trunk_ids": []}, 400, "trunk_ids"),
        ({"trunk_ids": [trunk], "name": existing.json()["name"]}, 409, "name"),
    ):
        response = await client.post(
            "/api/v1/trunk-groups", headers=admin.headers, json={"name": "g", **body}
        )
        assert response.status_code == status, (body, response.text)
        assert field_of(response) == field
