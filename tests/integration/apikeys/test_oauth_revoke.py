"""POST /oauth/revoke (RFC 7009) and revoking an OAuth client: the tokens fail at once."""

from __future__ import annotations

from typing import Any

from app.lib.access import Role
from app.lib.settings import Settings
from tests.integration.apikeys.conftest import PROBE_READ_CDRS
from tests.integration.apikeys.helpers_apikeys import (
    Client,
    basic,
    bearer,
    create_oauth_client,
    token_for,
)
from tests.support.identity import Account, create_account


async def _setup(client: Client, settings: Settings) -> tuple[Account, dict[str, Any], str, str]:
    owner = await create_account(settings, Role.CLIENT)
    oauth_client, secret = await create_oauth_client(client, owner, ["cdrs:read"])
    token = await token_for(client, oauth_client, secret)
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200
    return owner, oauth_client, secret, token


async def test_a_revoked_access_token_fails_at_once(client: Client, settings: Settings) -> None:
    _, oauth_client, secret, token = await _setup(client, settings)
    other = await token_for(client, oauth_client, secret)
    response = await client.post(
        "/oauth/revoke",
        data={"token": token, "token_type_hint": "access_token"},
        headers=basic(oauth_client["client_id"], secret),
    )
    assert response.status_code == 200, response.text
    refused = await client.get(PROBE_READ_CDRS, headers=bearer(token))
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    # Only that token: the client's other token still works.
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(other))).status_code == 200


async def test_revoking_an_unknown_token_or_with_an_odd_hint_is_still_200(
    client: Client, settings: Settings
) -> None:
    _, oauth_client, secret, token = await _setup(client, settings)
    auth = basic(oauth_client["client_id"], secret)
    for form in (
        {"token": "not-a-token-we-issued"},
        {"token": token, "token_type_hint": "something_else"},
    ):
        response = await client.post("/oauth/revoke", data=form, headers=auth)
        assert response.status_code == 200, response.text


async def test_revocation_needs_the_client_and_a_token(client: Client, settings: Settings) -> None:
    _, oauth_client, secret, token = await _setup(client, settings)
    wrong = await client.post(
        "/oauth/revoke",
        data={"token": token},
        headers=basic(oauth_client["client_id"], secret + "x"),
    )
    assert wrong.status_code == 401 and wrong.json()["error"] == "invalid_client"
    missing = await client.post(
        "/oauth/revoke",
        data={"token_type_hint": "access_token"},
        headers=basic(oauth_client["client_id"], secret),
    )
    assert missing.status_code == 400 and missing.json()["error"] == "invalid_request"
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200


async def test_a_client_cannot_revoke_another_clients_token(
    client: Client, settings: Settings
) -> None:
    _, _, _, token = await _setup(client, settings)
    _, intruder, intruder_secret, _ = await _setup(client, settings)
    response = await client.post(
        "/oauth/revoke",
        data={"token": token},
        headers=basic(intruder["client_id"], intruder_secret),
    )
    assert response.status_code == 400 and response.json()["error"] == "invalid_grant"
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200


async def test_revoking_the_client_ends_its_tokens_and_its_access(
    client: Client, settings: Settings
) -> None:
    owner, oauth_client, secret, token = await _setup(client, settings)
    url = f"/api/v1/oauth-clients/{oauth_client['id']}"
    assert (await client.delete(url, headers=owner.headers)).status_code == 204
    assert (await client.delete(url, headers=owner.headers)).status_code == 204
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 401
    again = await client.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers=basic(oauth_client["client_id"], secret),
    )
    assert again.status_code == 401 and again.json()["error"] == "invalid_client"
    shown = await client.get(url, headers=owner.headers)
    assert shown.json()["status"] == "revoked"
