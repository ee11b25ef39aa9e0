"""User accounts within reach, function-level rules, self-service, and the audit trail."""

from __future__ import annotations

import uuid

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.identity import create_account, make_tenants

NEW_PASSWORD = "a fresh password 123"


def _new_user(role: str, **extra: object) -> dict[str, object]:
    return {
        "email": f"{role}-{uuid.uuid4().hex[:8]}@example.com",
        "password": NEW_PASSWORD,
        "role": role,
        "name": f"New {role}",
        **extra,
    }


async def test_a_reseller_creates_clients_under_itself_and_sees_only_its_own(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    created = await client.post(
        "/api/v1/users", json=_new_user("client"), headers=t.reseller_a.headers
    )
    assert created.status_code == 201, created.text
    assert created.json()["parent_id"] == str(t.reseller_a.id)
    listed = await client.get("/api/v1/users?limit=200", headers=t.reseller_a.headers)
    ids = {item["id"] for item in listed.json()["items"]}
    assert {str(t.reseller_a.id), str(t.client_a.id), created.json()["id"]} == ids
    assert listed.json()["total"] == 3


async def test_a_client_sees_only_itself(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    listed = (await client.get("/api/v1/users", headers=t.client_a.headers)).json()
    assert [item["id"] for item in listed["items"]] == [str(t.client_a.id)]
    denied = await client.post(
        "/api/v1/users", json=_new_user("client"), headers=t.client_a.headers
    )
    assert denied.status_code == 403


async def test_function_rules_admins_never_manage_admins_resellers_only_clients(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    assert (
        await client.post("/api/v1/users", json=_new_user("admin"), headers=t.admin.headers)
    ).status_code == 403
    assert (
        await client.post("/api/v1/users", json=_new_user("admin"), headers=t.superadmin.headers)
    ).status_code == 201
    assert (
        await client.post("/api/v1/users", json=_new_user("reseller"), headers=t.reseller_a.headers)
    ).status_code == 403
    # an admin edits a reseller, but not another admin
    other_admin = await create_account(settings, Role.ADMIN)
    assert (
        await client.patch(
            f"/api/v1/users/{other_admin.id}", json={"name": "x"}, headers=t.admin.headers
        )
    ).status_code == 403
    assert (
        await client.patch(
            f"/api/v1/users/{t.reseller_b.id}", json={"name": "Renamed"}, headers=t.admin.headers
        )
    ).status_code == 200


async def test_bad_input_is_a_problem_naming_the_field(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    bad_zone = await client.post(
        "/api/v1/users", json=_new_user("client", timezone="Mars/Base"), headers=admin.headers
    )
    assert bad_zone.status_code == 422
    assert bad_zone.json()["errors"][0]["field"] == "timezone"
    bad_email = await client.post(
        "/api/v1/users", json=_new_user("client", email="nope"), headers=admin.headers
    )
    assert bad_email.status_code == 400
    assert bad_email.json()["errors"][0]["field"] == "email"
    body = _new_user("client")
    assert (await client.post("/api/v1/users", json=body, headers=admin.headers)).status_code == 201
    again = await client.post("/api/v1/users", json=body, headers=admin.headers)
    assert again.status_code == 409


async def test_suspending_an_account_cuts_its_access(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    assert (await client.get("/api/v1/auth/me", headers=t.client_a.headers)).status_code == 200
    suspended = await client.patch(
        f"/api/v1/users/{t.client_a.id}", json={"status": "suspended"}, headers=t.reseller_a.headers
    )
    assert suspended.json()["status"] == "suspended"
    assert (await client.get("/api/v1/auth/me", headers=t.client_a.headers)).status_code == 401


async def test_self_service_changes_only_self_service_fields(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    me = await create_account(settings, Role.CLIENT)
    changed = await client.patch(
        "/api/v1/auth/me",
        headers=me.headers,
        json={
            "timezone": "Asia/Kolkata",
            "notification_preferences": {"low_credit": {"email": True, "sms": True}},
        },
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["notification_preferences"]["low_credit"]["sms"] is True
    escalate = await client.patch("/api/v1/auth/me", json={"role": "admin"}, headers=me.headers)
    assert escalate.status_code == 422
    assert escalate.json()["errors"][0]["field"] == "role"
    unknown_event = await client.patch(
        "/api/v1/auth/me",
        json={"notification_preferences": {"party": {"email": True}}},
        headers=me.headers,
    )
    assert unknown_event.status_code == 422


async def test_a_reseller_with_clients_cannot_be_deleted(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    busy = await client.delete(f"/api/v1/users/{t.reseller_b.id}", headers=t.admin.headers)
    assert busy.status_code == 409
    assert (
        await client.delete(f"/api/v1/users/{t.client_b.id}", headers=t.admin.headers)
    ).status_code == 204
    assert (
        await client.delete(f"/api/v1/users/{t.reseller_b.id}", headers=t.admin.headers)
    ).status_code == 204


async def test_changes_are_audited_within_scope_and_secrets_never_recorded(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    t = await make_tenants(settings)
    created = await client.post(
        "/api/v1/users", json=_new_user("client"), headers=t.reseller_a.headers
    )
    new_id = created.json()["id"]
    await client.patch(
        f"/api/v1/users/{new_id}", json={"name": "Renamed"}, headers=t.reseller_a.headers
    )
    audit = await client.get(f"/api/v1/audit?object_id={new_id}", headers=t.reseller_a.headers)
    entries = audit.json()["items"]
    assert [e["action"] for e in entries] == ["user.update", "user.create"]
    assert entries[0]["before"] == {"name": "New client"}
    assert entries[0]["after"] == {"name": "Renamed"}
    assert entries[0]["actor_id"] == str(t.reseller_a.id)
    assert NEW_PASSWORD not in audit.text
    assert "password" not in audit.text and "argon2" not in audit.text
    foreign = await client.get(f"/api/v1/audit?object_id={new_id}", headers=t.reseller_b.headers)
    assert foreign.json()["items"] == []
    staff = await client.get(f"/api/v1/audit?object_id={new_id}", headers=t.admin.headers)
    assert len(staff.json()["items"]) == 2


async def test_input_the_database_refuses_is_a_422_not_a_500(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    response = await client.post(
        "/api/v1/users", json=_new_user("client", name="nul\u0000byte"), headers=admin.headers
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_query_the_database_refuses_is_a_400(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    admin = await create_account(settings, Role.ADMIN)
    response = await client.get("/api/v1/destinations?search=nul%00byte", headers=admin.headers)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
