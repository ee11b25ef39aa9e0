"""Using a key: its scopes bound every request, and revocation, expiry, the IP allowlist and the
owner's status are checked on every request, whatever the verification cache holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar import Litestar

from app.apikeys import authentication
from app.db.models.user import User, UserStatus
from app.lib.access import Role
from app.lib.settings import Settings
from tests.integration.apikeys.conftest import PROBE_READ_CDRS, client_from
from tests.integration.apikeys.helpers_apikeys import (
    Client,
    bearer,
    create_key,
    load_key,
    set_key_columns,
)
from tests.support.identity import create_account, system_session

NEW_DECK = {"name": "Key-made deck", "currency": "USD"}
WRITE_RATES = "/api/v1/rate-decks"  # POST needs rates:write


@pytest.fixture
def verifications(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each argon2 verification the resolver really performs."""
    calls: list[str] = []
    real = authentication.verify_secret

    def counting(settings: Settings, stored_hash: str, secret: str) -> bool:
        calls.append(stored_hash)
        return real(settings, stored_hash, secret)

    monkeypatch.setattr(authentication, "verify_secret", counting)
    return calls


async def test_a_cdrs_read_key_reads_cdrs_but_cannot_write_rates(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.ADMIN)  # the owner may write rates; the key not
    _, token = await create_key(client, owner, ["cdrs:read"])
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200
    refused = await client.post(WRITE_RATES, json=NEW_DECK, headers=bearer(token))
    assert refused.status_code == 403
    assert "rates:write" in refused.json()["detail"]
    assert (await client.post(WRITE_RATES, json=NEW_DECK, headers=owner.headers)).status_code == 201
    # Nor can it manage keys: that needs api-keys:write.
    more = await client.post(
        "/api/v1/api-keys", json={"name": "x", "scopes": ["cdrs:read"]}, headers=bearer(token)
    )
    assert more.status_code == 403


async def test_a_key_never_exceeds_its_owners_current_role(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.RESELLER)
    _, token = await create_key(client, owner, ["rates:write", "cdrs:read"])
    assert (await client.post(WRITE_RATES, json=NEW_DECK, headers=bearer(token))).status_code == 201
    session, close = await system_session(settings)
    try:
        user = await session.get(User, owner.id)
        assert user is not None
        user.role = Role.CLIENT
        await session.commit()
    finally:
        await close()
    assert (await client.post(WRITE_RATES, json=NEW_DECK, headers=bearer(token))).status_code == 403
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200


async def test_a_revoked_key_fails_at_once_even_while_its_verification_is_cached(
    client: Client, settings: Settings, verifications: list[str]
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    key, token = await create_key(client, owner, ["cdrs:read"])
    for _ in range(3):
        assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200
    assert len(verifications) == 1  # the hash was checked once, then the cache answered

    revoked = await client.delete(f"/api/v1/api-keys/{key['id']}", headers=owner.headers)
    assert revoked.status_code == 204
    refused = await client.get(PROBE_READ_CDRS, headers=bearer(token))
    assert refused.status_code == 401
    assert refused.json()["detail"] == "The API key has been revoked"
    assert len(verifications) == 1  # refused within the cache window, not after it


async def test_an_expired_key_is_refused(client: Client, settings: Settings) -> None:
    owner = await create_account(settings, Role.CLIENT)
    key, token = await create_key(client, owner, ["cdrs:read"])
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200
    await set_key_columns(settings, key["id"], expires_at=datetime.now(UTC) - timedelta(seconds=1))
    refused = await client.get(PROBE_READ_CDRS, headers=bearer(token))
    assert refused.status_code == 401
    assert refused.json()["detail"] == "The API key has expired"
    shown = await client.get(f"/api/v1/api-keys/{key['id']}", headers=owner.headers)
    assert shown.json()["status"] == "expired"


async def test_the_ip_allowlist_admits_only_its_networks(
    client: Client, app: Litestar, settings: Settings
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    _, token = await create_key(client, owner, ["cdrs:read"], ip_allowlist=["203.0.113.0/24"])
    async with client_from(app, "203.0.113.77") as inside:
        assert (await inside.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200
    for outside in ("198.51.100.7", "testclient"):
        async with client_from(app, outside) as elsewhere:
            refused = await elsewhere.get(PROBE_READ_CDRS, headers=bearer(token))
            assert refused.status_code == 403, outside
            assert "IP address" in refused.json()["detail"]


async def test_a_suspended_owners_keys_stop_working(client: Client, settings: Settings) -> None:
    owner = await create_account(settings, Role.CLIENT)
    _, token = await create_key(client, owner, ["cdrs:read"])
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200
    session, close = await system_session(settings)
    try:
        user = await session.get(User, owner.id)
        assert user is not None
        user.status = UserStatus.SUSPENDED
        await session.commit()
    finally:
        await close()
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 401


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # wrong secret
        lambda token: "tgk_0123456789ab_" + token.split("_", 2)[2],  # unknown key id
        lambda token: "tgk_nonsense",
        lambda token: token.replace("tgk_", "tgk_x", 1),
    ],
)
async def test_a_wrong_or_malformed_key_is_a_401_problem(
    client: Client, settings: Settings, mangle: Any
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    _, token = await create_key(client, owner, ["cdrs:read"])
    response = await client.get(PROBE_READ_CDRS, headers=bearer(mangle(token)))
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "The API key is not valid"


async def test_last_used_is_stamped_at_most_once_a_minute(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    key, token = await create_key(client, owner, ["cdrs:read"])
    assert (await load_key(settings, key["id"])).last_used_at is None
    await client.get(PROBE_READ_CDRS, headers=bearer(token))
    first = (await load_key(settings, key["id"])).last_used_at
    assert first is not None
    await client.get(PROBE_READ_CDRS, headers=bearer(token))
    assert (await load_key(settings, key["id"])).last_used_at == first
    await set_key_columns(settings, key["id"], last_used_at=first - timedelta(minutes=2))
    await client.get(PROBE_READ_CDRS, headers=bearer(token))
    assert (await load_key(settings, key["id"])).last_used_at > first
