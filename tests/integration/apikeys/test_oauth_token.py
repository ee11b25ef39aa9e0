"""POST /oauth/token: the client-credentials grant, answered in RFC 6749's own JSON."""

from __future__ import annotations

from typing import Any

import jwt
import pytest

from app.lib.access import Role
from app.lib.settings import Settings
from tests.integration.apikeys.conftest import PROBE_READ_CDRS
from tests.integration.apikeys.helpers_apikeys import (
    Client,
    basic,
    bearer,
    create_oauth_client,
    load_oauth_client,
    request_token,
)
from tests.support.identity import Account, create_account

GRANT = {"grant_type": "client_credentials"}


async def _client_of(
    client: Client, settings: Settings, scopes: list[str], role: Role = Role.CLIENT
) -> tuple[Account, dict[str, Any], str]:
    owner = await create_account(settings, role)
    oauth_client, secret = await create_oauth_client(client, owner, scopes)
    return owner, oauth_client, secret


def _oauth_error(response: Any, status: int, error: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"] == error


async def test_http_basic_credentials_get_a_bearer_token_with_all_the_clients_scopes(
    client: Client, settings: Settings
) -> None:
    owner, oauth_client, secret = await _client_of(client, settings, ["cdrs:read", "api-keys:read"])
    response = await request_token(client, GRANT, basic(oauth_client["client_id"], secret))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == settings.access_token_seconds
    assert body["scope"] == "api-keys:read cdrs:read"
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["sub"] == str(owner.id) and claims["via"] == "oauth"
    assert claims["cid"] == oauth_client["id"]
    used = await load_oauth_client(settings, oauth_client["id"])
    assert used.last_used_at is not None


async def test_form_credentials_and_a_narrower_scope_bound_what_the_token_may_do(
    client: Client, settings: Settings
) -> None:
    _, oauth_client, secret = await _client_of(client, settings, ["cdrs:read", "api-keys:read"])
    form = {**GRANT, "scope": "cdrs:read", "client_secret": secret}
    response = await request_token(client, {**form, "client_id": oauth_client["client_id"]})
    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "cdrs:read"
    token = response.json()["access_token"]
    assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200
    refused = await client.get("/api/v1/api-keys", headers=bearer(token))
    assert refused.status_code == 403


async def test_the_token_works_as_bearer_on_a_scoped_route_as_its_owner(
    client: Client, settings: Settings
) -> None:
    owner, oauth_client, secret = await _client_of(client, settings, ["api-keys:read"])
    response = await request_token(client, GRANT, basic(oauth_client["client_id"], secret))
    token = response.json()["access_token"]
    listed = await client.get("/api/v1/oauth-clients", headers=bearer(token))
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json()["items"]] == [oauth_client["id"]]
    assert listed.json()["items"][0]["owner_id"] == str(owner.id)
    create = await client.post(
        "/api/v1/api-keys", json={"name": "x", "scopes": ["cdrs:read"]}, headers=bearer(token)
    )
    assert create.status_code == 403


@pytest.mark.parametrize("via", ["basic", "form"])
async def test_a_wrong_secret_is_invalid_client_401(
    client: Client, settings: Settings, via: str
) -> None:
    _, oauth_client, secret = await _client_of(client, settings, ["cdrs:read"])
    wrong = secret[:-1] + ("x" if secret[-1] != "x" else "y")
    if via == "basic":
        response = await request_token(client, GRANT, basic(oauth_client["client_id"], wrong))
    else:
        form = {**GRANT, "client_id": oauth_client["client_id"], "client_secret": wrong}
        response = await request_token(client, form)
    _oauth_error(response, 401, "invalid_client")
    assert response.headers["www-authenticate"].startswith("Basic")
    assert "access_token" not in response.text


async def test_an_unknown_client_or_no_credentials_is_invalid_client(client: Client) -> None:
    unknown = await request_token(client, GRANT, basic("tgc_0000000000000000", "whatever"))
    _oauth_error(unknown, 401, "invalid_client")
    _oauth_error(await request_token(client, GRANT), 401, "invalid_client")


async def test_an_unsupported_grant_is_refused(client: Client, settings: Settings) -> None:
    _, oauth_client, secret = await _client_of(client, settings, ["cdrs:read"])
    for grant in ("password", "authorization_code", "refresh_token"):
        response = await request_token(
            client, {"grant_type": grant}, basic(oauth_client["client_id"], secret)
        )
        _oauth_error(response, 400, "unsupported_grant_type")


@pytest.mark.parametrize("scope", ["billing:read", "cdrs:read billing:read", "cdrs:delete"])
async def test_a_scope_beyond_the_clients_is_invalid_scope(
    client: Client, settings: Settings, scope: str
) -> None:
    _, oauth_client, secret = await _client_of(client, settings, ["cdrs:read"], role=Role.RESELLER)
    response = await request_token(
        client, {**GRANT, "scope": scope}, basic(oauth_client["client_id"], secret)
    )
    _oauth_error(response, 400, "invalid_scope")


async def test_a_client_cannot_be_created_beyond_its_creators_rights(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    response = await client.post(
        "/api/v1/oauth-clients",
        json={"name": "x", "scopes": ["cdrs:read", "rates:write"]},
        headers=owner.headers,
    )
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["scopes"]


@pytest.mark.parametrize(
    ("form", "headers", "json_body"),
    [
        ({}, "basic", None),  # no grant_type
        ({"grant_type": "client_credentials", "client_id": "tgc_x"}, "basic", None),  # two ways
        (None, "basic", {"grant_type": "client_credentials"}),  # not a form
    ],
)
async def test_a_malformed_request_is_invalid_request(
    client: Client,
    settings: Settings,
    form: dict[str, str] | None,
    headers: str,
    json_body: dict[str, str] | None,
) -> None:
    _, oauth_client, secret = await _client_of(client, settings, ["cdrs:read"])
    auth = basic(oauth_client["client_id"], secret)
    if json_body is not None:
        response = await client.post("/oauth/token", json=json_body, headers=auth)
    else:
        response = await request_token(client, form or {}, auth)
    _oauth_error(response, 400, "invalid_request")


async def test_a_repeated_parameter_is_invalid_request(client: Client, settings: Settings) -> None:
    _, oauth_client, secret = await _client_of(client, settings, ["cdrs:read"])
    response = await client.post(
        "/oauth/token",
        content="grant_type=client_credentials&scope=cdrs:read&scope=cdrs:read",
        headers={
            **basic(oauth_client["client_id"], secret),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    _oauth_error(response, 400, "invalid_request")


@pytest.mark.parametrize(
    ("form", "authorization", "status", "error"),
    [
        ({"grant_type": "client_credentials"}, "Basic " + "//79/w==", 401, "invalid_client"),
        (
            {"grant_type": "client_credentials", "client_id": "tgc_\x00", "client_secret": "s"},
            None,
            401,
            "invalid_client",
        ),
        ({"grant_type": 'client_"credentials\\'}, "basic", 400, "unsupported_grant_type"),
        (
            {"grant_type": "client_credentials", "scope": 'cdrs:read "\\ é'},
            "basic",
            400,
            "invalid_scope",
        ),
        ({"grant_type": "client_credentials", 'ü"': "1"}, "basic", 200, None),
    ],
)
async def test_hostile_input_gets_an_oauth_error_never_a_500(
    client: Client,
    settings: Settings,
    form: dict[str, str],
    authorization: str | None,
    status: int,
    error: str | None,
) -> None:
    _, oauth_client, secret = await _client_of(client, settings, ["cdrs:read"])
    if authorization == "basic":
        headers = basic(oauth_client["client_id"], secret)
    else:
        headers = {"Authorization": authorization} if authorization else {}
    response = await request_token(client, form, headers)
    assert response.status_code == status, response.text
    if error is not None:
        _oauth_error(response, status, error)
