"""REST surface of API keys (``/api/v1/api-keys``) and OAuth clients (``/api/v1/oauth-clients``).

Thin: each handler calls one service function and shapes the answer. The session is already
scoped to the caller, so another tenant's credential is a 404 here without any check.
"""

from __future__ import annotations

import datetime
import uuid

from litestar import Controller, delete, get, post
from litestar.params import FromPath, FromQuery, JSONBody

from app.apikeys import authentication as _authentication  # noqa: F401 - registers tgk_ resolver
from app.apikeys.denylist import deny_client_tokens
from app.apikeys.schemas import (
    ApiKeyCreate,
    ApiKeyCreated,
    ApiKeyRead,
    OAuthClientCreate,
    OAuthClientCreated,
    OAuthClientRead,
)
from app.apikeys.service import (
    API_KEY_PREFIX,
    create_api_key,
    create_oauth_client,
    credential_status,
    get_credential,
    list_credentials,
    revoke_credential,
)
from app.db.models.api_key import ApiKey, OAuthClient
from app.lib.access import requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import (
    CurrentActor,
    CurrentPrincipal,
    RedisDep,
    ScopedSession,
    SettingsDep,
)


def api_key_read(key: ApiKey, now: datetime.datetime | None = None) -> ApiKeyRead:
    return ApiKeyRead(
        id=key.id,
        name=key.name,
        key_id=key.key_id,
        prefix=f"{API_KEY_PREFIX}{key.key_id}_",
        scopes=list(key.scopes),
        expires_at=key.expires_at,
        ip_allowlist=list(key.ip_allowlist),
        last_used_at=key.last_used_at,
        revoked_at=key.revoked_at,
        status=credential_status(key, now),
        owner_id=key.owner_id,
        created_at=key.created_at,
    )


def oauth_client_read(client: OAuthClient) -> OAuthClientRead:
    return OAuthClientRead(
        id=client.id,
        name=client.name,
        client_id=client.client_id,
        scopes=list(client.scopes),
        last_used_at=client.last_used_at,
        revoked_at=client.revoked_at,
        status=credential_status(client),
        owner_id=client.owner_id,
        created_at=client.created_at,
    )


class ApiKeyController(Controller):
    path = "/api/v1/api-keys"
    tags = ("api-keys",)

    @get("/", opt=requires("api-keys:read"), operation_id="listApiKeys", summary="List API keys")
    async def list_api_keys(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        owner_id: FromQuery[uuid.UUID | None] = None,
    ) -> Page[ApiKeyRead]:
        """The caller's API keys, newest first (staff: those of users within reach; ``owner_id``
        narrows to one user). Secrets are never included."""
        keys, total = await list_credentials(
            session, ApiKey, limit=limit, offset=offset, owner_id=owner_id
        )
        now = datetime.datetime.now(datetime.UTC)
        return Page([api_key_read(k, now) for k in keys], total=total, limit=limit, offset=offset)

    @post(
        "/",
        opt=requires("api-keys:write"),
        operation_id="createApiKey",
        summary="Create an API key",
    )
    async def create_api_key(
        self,
        data: JSONBody[ApiKeyCreate],
        session: ScopedSession,
        settings: SettingsDep,
        actor: CurrentActor,
        principal: CurrentPrincipal,
    ) -> ApiKeyCreated:
        """A new key acting as the caller. ``token`` is shown in this answer only; store it now.
        ``scopes`` must be within the caller's own scopes."""
        key, token = await create_api_key(session, settings, actor, principal, data)
        return ApiKeyCreated(api_key=api_key_read(key), token=token)

    @get(
        "/{api_key_id:uuid}",
        opt=requires("api-keys:read", resource="api_key"),
        operation_id="getApiKey",
        summary="Get an API key",
    )
    async def get_api_key(
        self, session: ScopedSession, api_key_id: FromPath[uuid.UUID]
    ) -> ApiKeyRead:
        """One API key, without its secret."""
        return api_key_read(await get_credential(session, ApiKey, api_key_id))

    @delete(
        "/{api_key_id:uuid}",
        opt=requires("api-keys:write", resource="api_key"),
        operation_id="revokeApiKey",
        summary="Revoke an API key",
    )
    async def revoke_api_key(
        self, session: ScopedSession, actor: CurrentActor, api_key_id: FromPath[uuid.UUID]
    ) -> None:
        """Revoke the key: it fails from the next request on. Revoking twice is not an error."""
        await revoke_credential(session, actor, ApiKey, api_key_id)


class OAuthClientController(Controller):
    path = "/api/v1/oauth-clients"
    tags = ("api-keys",)

    @get(
        "/",
        opt=requires("api-keys:read"),
        operation_id="listOAuthClients",
        summary="List OAuth clients",
    )
    async def list_oauth_clients(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        owner_id: FromQuery[uuid.UUID | None] = None,
    ) -> Page[OAuthClientRead]:
        """The caller's OAuth clients, newest first (staff: those of users within reach)."""
        clients, total = await list_credentials(
            session, OAuthClient, limit=limit, offset=offset, owner_id=owner_id
        )
        items = [oauth_client_read(client) for client in clients]
        return Page(items, total=total, limit=limit, offset=offset)

    @post(
        "/",
        opt=requires("api-keys:write"),
        operation_id="createOAuthClient",
        summary="Create an OAuth client",
    )
    async def create_oauth_client(
        self,
        data: JSONBody[OAuthClientCreate],
        session: ScopedSession,
        settings: SettingsDep,
        actor: CurrentActor,
        principal: CurrentPrincipal,
    ) -> OAuthClientCreated:
        """A new client-credentials client acting as the caller. ``client_secret`` is shown in
        this answer only. ``scopes`` (what its tokens may hold) must be within the caller's."""
        client, secret = await create_oauth_client(session, settings, actor, principal, data)
        return OAuthClientCreated(oauth_client=oauth_client_read(client), client_secret=secret)

    @get(
        "/{oauth_client_id:uuid}",
        opt=requires("api-keys:read", resource="oauth_client"),
        operation_id="getOAuthClient",
        summary="Get an OAuth client",
    )
    async def get_oauth_client(
        self, session: ScopedSession, oauth_client_id: FromPath[uuid.UUID]
    ) -> OAuthClientRead:
        """One OAuth client, without its secret."""
        return oauth_client_read(await get_credential(session, OAuthClient, oauth_client_id))

    @delete(
        "/{oauth_client_id:uuid}",
        opt=requires("api-keys:write", resource="oauth_client"),
        operation_id="revokeOAuthClient",
        summary="Revoke an OAuth client",
    )
    async def revoke_oauth_client(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        redis: RedisDep,
        settings: SettingsDep,
        oauth_client_id: FromPath[uuid.UUID],
    ) -> None:
        """Revoke the client: it can get no new token, and the tokens it holds fail at once."""
        client, _ = await revoke_credential(session, actor, OAuthClient, oauth_client_id)
        await deny_client_tokens(redis, settings, client.id)
