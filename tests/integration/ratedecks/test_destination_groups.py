"""Destination groups and a client's blocked groups: tenant-owned, scoped, and what call
authorization reads through blocked_prefixes."""

from __future__ import annotations

import uuid

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.access import Role
from app.lib.settings import Settings
from app.ratedecks.destinations import blocked_prefixes
from tests.support.identity import Account, create_account, make_tenants, system_session


async def _group(
    client: AsyncTestClient[Litestar], owner: Account, name: str, prefixes: list[str]
) -> str:
    made = await client.post(
        "/api/v1/destination-groups",
        headers=owner.headers,
        json={"name": name, "prefixes": prefixes, "description": f"{name} numbers"},
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def _block(
    client: AsyncTestClient[Litestar], caller: Account, user: Account, group_ids: list[str]
) -> tuple[int, dict[str, object]]:
    response = await client.put(
        f"/api/v1/users/{user.id}/blocked-destination-groups",
        headers=caller.headers,
        json={"group_ids": group_ids},
    )
    return response.status_code, response.json()


async def test_groups_are_owned_and_invisible_to_other_resellers(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    mobile = await _group(client, t.reseller_a, "UK mobile", ["447", "4470"])
    read = await client.get(f"/api/v1/destination-groups/{mobile}", headers=t.reseller_a.headers)
    assert read.json()["prefixes"] == ["447", "4470"]
    assert read.json()["owner_id"] == str(t.reseller_a.id)
    for outsider in (t.reseller_b,):
        assert (
            await client.get(f"/api/v1/destination-groups/{mobile}", headers=outsider.headers)
        ).status_code == 404
        listed = await client.get("/api/v1/destination-groups", headers=outsider.headers)
        assert mobile not in [g["id"] for g in listed.json()["items"]]
    staff = await client.get("/api/v1/destination-groups?search=UK%20mob", headers=t.admin.headers)
    assert mobile in [g["id"] for g in staff.json()["items"]]
    client_list = await client.get("/api/v1/destination-groups", headers=t.client_a.headers)
    assert client_list.status_code == 403


async def test_a_group_is_changed_whole_and_bad_input_names_its_field(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    group = await _group(client, t.reseller_a, "International", ["1", "33"])
    changed = await client.patch(
        f"/api/v1/destination-groups/{group}",
        headers=t.reseller_a.headers,
        json={"prefixes": ["49", "33", "1"], "name": "Abroad"},
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["name"], changed.json()["prefixes"]) == ("Abroad", ["1", "33", "49"])
    twice = await client.patch(
        f"/api/v1/destination-groups/{group}",
        headers=t.reseller_a.headers,
        json={"prefixes": ["1", "2", "1"]},
    )
    assert twice.status_code == 422
    assert twice.json()["errors"][0]["field"] == "prefixes[2]"
    not_digits = await client.post(
        "/api/v1/destination-groups",
        headers=t.reseller_a.headers,
        json={"name": "Bad", "prefixes": ["44a"]},
    )
    assert not_digits.status_code == 400
    assert not_digits.json()["errors"][0]["field"].startswith("prefixes")
    await _group(client, t.reseller_a, "Special", ["449"])
    taken = await client.patch(
        f"/api/v1/destination-groups/{group}",
        headers=t.reseller_a.headers,
        json={"name": "Special"},
    )
    assert taken.status_code == 409
    assert taken.json()["errors"][0]["field"] == "name"
    # Another owner may use the same name.
    await _group(client, t.reseller_b, "Special", ["449"])


async def test_a_reseller_blocks_groups_for_its_client_who_may_read_them(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    intl = await _group(client, t.reseller_a, "International", ["1", "33"])
    voting = await _group(client, t.reseller_a, "Voting", ["449", "33"])
    status, body = await _block(client, t.reseller_a, t.client_a, [intl, voting])
    assert status == 200, body
    assert [g["name"] for g in body["groups"]] == ["International", "Voting"]  # type: ignore[union-attr]
    own = await client.get(
        f"/api/v1/users/{t.client_a.id}/blocked-destination-groups", headers=t.client_a.headers
    )
    assert own.status_code == 200
    assert {g["id"] for g in own.json()["groups"]} == {intl, voting}
    # The client cannot change its blocks, and nobody else's client sees or sets them.
    status, _ = await _block(client, t.client_a, t.client_a, [])
    assert status == 403
    for outsider in (t.client_b, t.reseller_b):
        foreign = await client.get(
            f"/api/v1/users/{t.client_a.id}/blocked-destination-groups", headers=outsider.headers
        )
        assert foreign.status_code == 404
    session, close = await system_session(settings)
    try:
        assert await blocked_prefixes(session, t.client_a.id) == ("1", "33", "449")
        assert await blocked_prefixes(session, t.client_b.id) == ()
    finally:
        await close()
    status, body = await _block(client, t.reseller_a, t.client_a, [voting])
    assert [g["id"] for g in body["groups"]] == [voting]  # type: ignore[union-attr]
    status, body = await _block(client, t.admin, t.client_a, [])
    assert (status, body["groups"]) == (200, [])


async def test_only_groups_of_the_clients_resellers_or_staff_may_block_it(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    theirs = await _group(client, t.reseller_b, "B's group", ["44"])
    staff = await _group(client, t.admin, "Premium", ["4490"])
    ours = await _group(client, t.reseller_a, "A's group", ["1"])
    status, problem = await _block(client, t.reseller_a, t.client_a, [ours, theirs])
    assert status == 422
    assert problem["errors"][0]["field"] == "group_ids[1]"  # type: ignore[index]
    status, problem = await _block(client, t.admin, t.client_a, [theirs])
    assert status == 422
    assert "neither" in problem["errors"][0]["message"]  # type: ignore[index]
    status, body = await _block(client, t.admin, t.client_a, [ours, staff])
    assert status == 200, body
    status, problem = await _block(client, t.admin, t.reseller_a, [staff])
    assert (status, problem["errors"][0]["field"]) == (422, "user_id")  # type: ignore[index]
    foreign = await _block(client, t.reseller_a, t.client_b, [])
    assert foreign[0] == 404


async def test_a_blocked_group_cannot_be_deleted_until_unblocked(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    group = await _group(client, t.reseller_a, "International", ["1"])
    await _block(client, t.reseller_a, t.client_a, [group])
    refused = await client.delete(f"/api/v1/destination-groups/{group}", headers=t.admin.headers)
    assert refused.status_code == 409
    await _block(client, t.reseller_a, t.client_a, [])
    deleted = await client.delete(
        f"/api/v1/destination-groups/{group}", headers=t.reseller_a.headers
    )
    assert deleted.status_code == 204


async def test_a_sub_resellers_client_may_be_blocked_by_its_top_resellers_group(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    sub = await create_account(settings, Role.RESELLER, parent=t.reseller_a)
    customer = await create_account(settings, Role.CLIENT, parent=sub)
    top_group = await _group(client, t.reseller_a, f"Top {uuid.uuid4().hex[:6]}", ["882"])
    status, body = await _block(client, t.admin, customer, [top_group])
    assert status == 200, body
    sub_view = await client.get(
        f"/api/v1/users/{customer.id}/blocked-destination-groups", headers=sub.headers
    )
    assert [g["prefixes"] for g in sub_view.json()["groups"]] == [["882"]]
