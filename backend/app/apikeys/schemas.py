"""Wire shapes of the API-key, OAuth-client and OAuth token endpoints.

No read shape has a field for a secret: the full token or client secret exists only in the
``…Created`` answer of the request that made it.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Literal

import msgspec

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
ScopeList = Annotated[list[str], msgspec.Meta(max_length=64)]
CidrList = Annotated[list[str], msgspec.Meta(max_length=100)]
CredentialStatus = Literal["active", "expired", "revoked"]


class ApiKeyCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    scopes: ScopeList
    expires_at: datetime.datetime | None = None
    ip_allowlist: CidrList = msgspec.field(default_factory=list)


class ApiKeyRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    key_id: str
    prefix: str
    scopes: list[str]
    expires_at: datetime.datetime | None
    ip_allowlist: list[str]
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    status: CredentialStatus
    owner_id: uuid.UUID
    created_at: datetime.datetime


class ApiKeyCreated(msgspec.Struct):
    api_key: ApiKeyRead
    token: str


class OAuthClientCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    scopes: ScopeList


class OAuthClientRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    client_id: str
    scopes: list[str]
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    status: CredentialStatus
    owner_id: uuid.UUID
    created_at: datetime.datetime


class OAuthClientCreated(msgspec.Struct):
    oauth_client: OAuthClientRead
    client_secret: str


class TokenResponse(msgspec.Struct):
    """RFC 6749 §5.1."""

    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    scope: str


class OAuthErrorBody(msgspec.Struct):
    """RFC 6749 §5.2 error response: the one error shape that is not problem details."""

    error: Literal[
        "invalid_request",
        "invalid_client",
        "invalid_grant",
        "unauthorized_client",
        "unsupported_grant_type",
        "invalid_scope",
        "unsupported_token_type",
    ]
    error_description: str | None = None
