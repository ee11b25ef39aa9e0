"""SIP users: create with a secret shown once, read masked, change, rotate, delete, audited."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

from app.audit.service import Actor
from app.lib.db import async_database_url
from app.lib.errors import InvalidInputError
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from app.telephony.schemas import SipUserCreate
from app.telephony.sip_users import create_sip_user as create_sip_user_row
from tests.integration.telephony.conftest import (
    Client,
    create_deck,
    create_sip_user,
    create_trunk,
    field_of,
    username,
)
from tests.support.identity import Account, Tenants


async def test_the_secret_is_shown_by_create_and_rotate_only(
    client: Client, tenants: Tenants
) -> None:
    created = await create_sip_user(client, tenants.admin, tenants.client_a)
    secret = created["secret"]
    assert len(secret) >= 16 and "*" not in secret
    assert created["owner_id"] == str(tenants.client_a.id)
    read = await client.get(f"/api/v1/sip-users/{created['id']}", headers=tenants.admin.headers)
    assert read.json()["secret"] == "********"
    listed = await client.get("/api/v1/sip-users", headers=tenants.client_a.headers)
    assert [u["secret"] for u in listed.json()["items"]] == ["********"]

    rotated = await client.post(
        f"/api/v1/sip-users/{created['id']}/secret", headers=tenants.reseller_a.headers
    )
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["secret"] not in (secret, "********")
    assert len(rotated.json()["secret"]) >= 16

    audit = await client.get(
        f"/api/v1/audit?object_type=sip_user&object_id={created['id']}",
        headers=tenants.admin.headers,
    )
    entries = audit.json()["items"]
    assert {e["action"] for e in entries} == {"sip_user.create", "sip_user.rotate_secret"}
    assert secret not in audit.text and rotated.json()["secret"] not in audit.text


async def test_a_given_secret_is_kept_and_a_short_one_refused(
    client: Client, tenants: Tenants
) -> None:
    chosen = "long-enough-secret-42"
    created = await create_sip_user(client, tenants.admin, tenants.client_a, secret=chosen)
    assert created["secret"] == chosen
    short = await client.post(
        "/api/v1/sip-users",
        headers=tenants.admin.headers,
        json={"owner_id": str(tenants.client_a.id), "username": username(), "secret": "short"},
    )
    assert short.status_code == 400
    assert field_of(short) == "secret"


async def test_a_sip_user_is_changed_listed_filtered_and_deleted(
    client: Client, tenants: Tenants
) -> None:
    admin = tenants.admin
    first = await create_sip_user(
        client,
        admin,
        tenants.client_a,
        caller_id_name="Front desk",
        caller_id_number="+442071234567",
        allowed_cidrs=["203.0.113.9/24", "2001:db8::1"],
        restricted_prefixes=["900", "900", "4470"],
        caller_id_allow=["+44", "1"],
        max_concurrent_calls=2,
        strip_prefix="0",
        add_prefix="44",
    )
    assert first["allowed_cidrs"] == ["203.0.113.0/24", "2001:db8::1/128"]
    assert first["restricted_prefixes"] == ["900", "4470"]
    second = await create_sip_user(client, admin, tenants.client_a, account_code="ACME-7")

    changed = await client.patch(
        f"/api/v1/sip-users/{first['id']}",
        headers=admin.headers,
        json={"status": "suspended", "allowed_cidrs": [], "max_concurrent_calls": None},
    )
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["status"], body["allowed_cidrs"], body["max_concurrent_calls"]) == (
        "suspended",
        [],
        None,
    )
    assert body["caller_id_name"] == "Front desk" and body["secret"] == "********"

    owned = f"/api/v1/sip-users?owner_id={tenants.client_a.id}"
    suspended = await client.get(f"{owned}&status=suspended", headers=admin.headers)
    assert [u["id"] for u in suspended.json()["items"]] == [first["id"]]
    search = second["username"][4:]
    found = await client.get(f"/api/v1/sip-users?search={search}", headers=admin.headers)
    assert [u["id"] for u in found.json()["items"]] == [second["id"]]

    deleted = await client.delete(f"/api/v1/sip-users/{first['id']}", headers=admin.headers)
    assert deleted.status_code == 204
    gone = await client.get(f"/api/v1/sip-users/{first['id']}", headers=admin.headers)
    assert gone.status_code == 404
    audit = await client.get(
        f"/api/v1/audit?object_type=sip_user&object_id={first['id']}", headers=admin.headers
    )
    actions = {e["action"] for e in audit.json()["items"]}
    assert actions == {"sip_user.create", "sip_user.update", "sip_user.delete"}


async def test_usernames_and_account_codes_are_unique_across_tenants(
    client: Client, tenants: Tenants
) -> None:
    taken = await create_sip_user(client, tenants.reseller_a, tenants.client_a, account_code="X1")
    for body, field in (
        ({"username": taken["username"]}, "username"),
        ({"username": username(), "account_code": "X1"}, "account_code"),
    ):
        duplicate = await client.post(
            "/api/v1/sip-users",
            headers=tenants.reseller_b.headers,
            json={"owner_id": str(tenants.client_b.id), **body},
        )
        assert duplicate.status_code == 409, duplicate.text
        assert field_of(duplicate) == field
    other = await create_sip_user(client, tenants.admin, tenants.client_b)
    renamed = await client.patch(
        f"/api/v1/sip-users/{other['id']}",
        headers=tenants.admin.headers,
        json={"username": taken["username"]},
    )
    assert renamed.status_code == 409
    assert field_of(renamed) == "username"


async def test_the_clients_sip_account_limit_is_enforced(client: Client, tenants: Tenants) -> None:
    limited = await client.patch(
        f"/api/v1/users/{tenants.client_a.id}",
        headers=tenants.admin.headers,
        json={"sip_account_limit": 2},
    )
    assert limited.status_code == 200, limited.text
    await create_sip_user(client, tenants.reseller_a, tenants.client_a)
    await create_sip_user(client, tenants.reseller_a, tenants.client_a)
    third = await client.post(
        "/api/v1/sip-users",
        headers=tenants.reseller_a.headers,
        json={"owner_id": str(tenants.client_a.id), "username": username()},
    )
    assert third.status_code == 422
    assert field_of(third) == "owner_id"
    # 0 means no limit (CellHub's "SIP account limit").
    for _ in range(3):
        await create_sip_user(client, tenants.admin, tenants.client_b)


async def test_a_concurrent_create_waits_for_the_first_and_then_sees_the_limit(
    client: Client, settings: Settings, tenants: Tenants
) -> None:
    await client.patch(
        f"/api/v1/users/{tenants.client_b.id}",
        headers=tenants.admin.headers,
        json={"sip_account_limit": 1},
    )
    engine = create_async_engine(async_database_url(settings.require_database_url()))
    maker = async_sessionmaker(engine, expire_on_commit=False)
    try:
        async with maker() as first, maker() as second:
            bind_system(first)
            bind_system(second)
            await create_sip_user_row(first, Actor.system(), _for(tenants.client_b))
            racing = asyncio.create_task(
                create_sip_user_row(second, Actor.system(), _for(tenants.client_b))
            )
            await asyncio.sleep(0.5)
            assert not racing.done(), "the second create did not wait for the first"
            await first.commit()
            with pytest.raises(InvalidInputError) as refused:
                await racing
            assert refused.value.errors[0].field == "owner_id"
    finally:
        await engine.dispose()


def _for(owner: Account) -> SipUserCreate:
    return SipUserCreate(owner_id=owner.id, username=username())


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"allowed_cidrs": ["10.0.0.0/8", "not-a-network"]}, "allowed_cidrs[1]"),
        ({"trunk_id": "018f0000-0000-7000-8000-000000000000"}, "trunk_id"),
        ({"trunk_group_id": "018f0000-0000-7000-8000-000000000000"}, "trunk_group_id"),
        ({"rate_deck_id": "018f0000-0000-7000-8000-000000000000"}, "rate_deck_id"),
    ],
)
async def test_business_rule_errors_name_their_field(
    client: Client, tenants: Tenants, extra: dict[str, object], field: str
) -> None:
    response = await client.post(
        "/api/v1/sip-users",
        headers=tenants.admin.headers,
        json={"owner_id": str(tenants.client_a.id), "username": username(), **extra},
    )
    assert response.status_code == 422, response.text
    assert field_of(response) == field


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"restricted_prefixes": ["44", "44x"]}, "restricted_prefixes[1]"),
        ({"caller_id_allow": ["+44 20"]}, "caller_id_allow[0]"),
        ({"caller_id_deny": ["++1"]}, "caller_id_deny[0]"),
        ({"strip_prefix": "+9"}, "strip_prefix"),
        ({"add_prefix": "00a"}, "add_prefix"),
        ({"max_concurrent_calls": -1}, "max_concurrent_calls"),
        ({"status": "blocked"}, "status"),
        ({"username": "a b"}, "username"),
    ],
)
async def test_malformed_fields_are_named(
    client: Client, tenants: Tenants, extra: dict[str, object], field: str
) -> None:
    response = await client.post(
        "/api/v1/sip-users",
        headers=tenants.admin.headers,
        json={"owner_id": str(tenants.client_a.id), "username": username(), **extra},
    )
    assert response.status_code == 400, response.text
    assert field_of(response) == field


async def test_references_must_be_within_reach_and_fit(client: Client, tenants: Tenants) -> None:
    admin = tenants.admin
    buy = await create_deck(client, admin, "buy")
    euro = await create_deck(client, admin, "sell", currency="EUR")
    sell = await create_deck(client, admin, "sell")
    trunk = await create_trunk(client, admin)
    for deck in (buy, euro):
        refused = await client.post(
            "/api/v1/sip-users",
            headers=admin.headers,
            json={
                "owner_id": str(tenants.client_a.id),
                "username": username(),
                "rate_deck_id": deck,
            },
        )
        assert refused.status_code == 422 and field_of(refused) == "rate_deck_id"
    pinned = await create_sip_user(
        client, admin, tenants.client_a, rate_deck_id=sell, trunk_id=trunk["id"]
    )
    assert (pinned["rate_deck_id"], pinned["trunk_id"]) == (sell, trunk["id"])
    # Carriers are out of a reseller's reach: it cannot pin one.
    reseller = await client.post(
        "/api/v1/sip-users",
        headers=tenants.reseller_a.headers,
        json={
            "owner_id": str(tenants.client_a.id),
            "username": username(),
            "trunk_id": trunk["id"],
        },
    )
    assert reseller.status_code == 422 and field_of(reseller) == "trunk_id"


async def test_the_owner_must_be_a_client_within_reach(client: Client, tenants: Tenants) -> None:
    for caller, owner in (
        (tenants.reseller_a, tenants.client_b),
        (tenants.admin, tenants.reseller_a),
    ):
        response = await client.post(
            "/api/v1/sip-users",
            headers=caller.headers,
            json={"owner_id": str(owner.id), "username": username()},
        )
        assert response.status_code == 422, response.text
        assert field_of(response) == "owner_id"
