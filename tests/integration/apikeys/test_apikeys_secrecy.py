"""Key secrets and client secrets never reach the audit log, a log line, or a later response."""

from __future__ import annotations

from sqlalchemy import select

from app.db.models.api_key import ApiKey, OAuthClient
from app.lib.access import Role
from app.lib.settings import Settings
from tests.integration.apikeys.conftest import PROBE_READ_CDRS
from tests.integration.apikeys.helpers_apikeys import (
    Client,
    audit_text,
    basic,
    bearer,
    captured_logs,
    create_key,
    create_oauth_client,
    request_token,
)
from tests.support.identity import create_account, system_session


async def test_an_api_key_secret_is_in_no_audit_entry_and_no_log_line(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.CLIENT)
    with captured_logs() as logs:
        key, token = await create_key(client, owner, ["cdrs:read", "api-keys:read"])
        assert (await client.get(PROBE_READ_CDRS, headers=bearer(token))).status_code == 200
        bad = token[:-2] + "xx"
        assert (await client.get(PROBE_READ_CDRS, headers=bearer(bad))).status_code == 401
        listed = await client.get("/api/v1/api-keys", headers=bearer(token))
        revoked = await client.delete(f"/api/v1/api-keys/{key['id']}", headers=owner.headers)
        assert revoked.status_code == 204
    secret = token.removeprefix(key["prefix"])
    stored = await _secret_hash(settings, ApiKey, key["id"])

    actions, audited = await audit_text(settings, key["id"])
    assert actions == ["api_key.create", "api_key.revoke"]
    assert key["key_id"] in audited  # the public half is how an auditor names the key
    for text in (audited, logs.getvalue(), listed.text):
        assert secret not in text and bad[-20:] not in text
        assert stored not in text and "secret_hash" not in text
    assert "/api/v1/api-keys" in logs.getvalue()  # the capture did see the requests


async def test_an_oauth_client_secret_and_its_tokens_are_in_no_audit_entry_and_no_log_line(
    client: Client, settings: Settings
) -> None:
    owner = await create_account(settings, Role.RESELLER)
    with captured_logs() as logs:
        oauth_client, secret = await create_oauth_client(client, owner, ["cdrs:read"])
        issued = await request_token(
            client, {"grant_type": "client_credentials"}, basic(oauth_client["client_id"], secret)
        )
        form = {"grant_type": "client_credentials", "client_id": oauth_client["client_id"]}
        wrong = await request_token(client, {**form, "client_secret": secret[::-1]})
        shown = await client.get(
            f"/api/v1/oauth-clients/{oauth_client['id']}", headers=owner.headers
        )
    assert issued.status_code == 200 and wrong.status_code == 401
    access_token = issued.json()["access_token"]
    stored = await _secret_hash(settings, OAuthClient, oauth_client["id"])
    actions, audited = await audit_text(settings, oauth_client["id"])
    assert actions == ["oauth_client.create"]
    for text in (audited, logs.getvalue(), shown.text):
        assert secret not in text and secret[::-1] not in text
        assert access_token not in text and stored not in text
    assert "/oauth/token" in logs.getvalue()


async def _secret_hash(settings: Settings, model: type[ApiKey | OAuthClient], row_id: str) -> str:
    session, close = await system_session(settings)
    try:
        stored = await session.scalar(select(model.secret_hash).where(model.id == row_id))
    finally:
        await close()
    assert stored is not None and stored.startswith("$argon2")
    return str(stored)
