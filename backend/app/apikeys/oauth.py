"""OAuth 2.0 on authlib, adapted to an async ORM: the client model, the client-credentials grant,
token revocation (RFC 7009) and the per-request authorization server.

authlib's server is synchronous (``query_client``, ``check_client_secret`` and ``save_token`` are
plain calls; authlib/authlib#63) while our ORM is async, so ``app.apikeys.oauth_routes`` runs each
request in three steps:

1. async: read the form, find the presented client id (HTTP Basic or form field) and
   :func:`load_client` it, with its owner's role, from the database;
2. sync, in a worker thread (argon2 is slow): a :class:`TollgateAuthorizationServer`
   authenticates the client, selects the grant, validates the scope and builds the RFC 6749
   response; its ``query_client`` answers from step 1 and its effects (token issued, tokens
   revoked) are only recorded on it;
3. async: apply those effects (``last_used_at``, the Redis denylist).
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from authlib.oauth2.rfc6749 import (  # type: ignore[import-untyped]
    AuthorizationServer,
    ClientCredentialsGrant,
    InvalidRequestError,
    InvalidScopeError,
    OAuth2Error,
    OAuth2Request,
)
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.util import scope_to_list  # type: ignore[import-untyped]
from authlib.oauth2.rfc7009 import RevocationEndpoint  # type: ignore[import-untyped]
from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.apikeys.service import OAUTH_CLIENT_ID_BYTES, OAUTH_CLIENT_PREFIX
from app.db.models.api_key import OAuthClient
from app.db.models.user import User, UserStatus
from app.lib.access import ROLE_SCOPES, SCOPES, Role
from app.lib.errors import AuthenticationError
from app.lib.scoping import bind_system
from app.lib.security import AccessClaims, decode_access_token, issue_access_token, verify_secret
from app.lib.settings import Settings

# authlib logs issued tokens at DEBUG ("Issue token %r"); never let that reach a log line.
logging.getLogger("authlib").setLevel(logging.INFO)

AUTH_METHODS = ("client_secret_basic", "client_secret_post")
GRANT_TYPE = "client_credentials"
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
CLIENT_ID_SHAPE = re.compile(rf"{OAUTH_CLIENT_PREFIX}[0-9a-f]{{{OAUTH_CLIENT_ID_BYTES * 2}}}")


@dataclass(frozen=True, slots=True)
class KnownClient:
    """An active OAuth client of an active owner, as authlib's ``ClientMixin`` sees it."""

    id: uuid.UUID
    client_id: str
    owner_id: uuid.UUID
    secret_hash: str
    scopes: frozenset[str]
    owner_scopes: frozenset[str]
    settings: Settings = field(repr=False)

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return False

    def check_client_secret(self, client_secret: str) -> bool:
        return verify_secret(self.settings, self.secret_hash, client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in AUTH_METHODS

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == GRANT_TYPE

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(self.grantable(scope))

    def grantable(self, requested: str | None) -> list[str]:
        """The scopes a token gets: those requested (default: all the client's), each held by the
        client and still allowed to its owner's role; else ``invalid_scope``."""
        allowed = self.scopes & self.owner_scopes
        listed = scope_to_list(requested) if requested else None
        wanted = set(listed) if listed else set(allowed)
        beyond = sorted(wanted - allowed)
        if any(scope not in SCOPES for scope in beyond):
            raise InvalidScopeError(description="The request names a scope that does not exist")
        if beyond:  # known scope names only: safe to echo in an RFC 6749 description
            raise InvalidScopeError(description=f"Not granted to this client: {' '.join(beyond)}")
        if not wanted:
            raise InvalidScopeError(description="This client holds no scope its owner may use")
        return sorted(wanted)


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """An access token presented for revocation, as authlib's ``TokenMixin`` sees it."""

    claims: AccessClaims

    def check_client(self, client: KnownClient) -> bool:
        return str(self.claims.extra.get("cid")) == str(client.id)


class FormRequest(OAuth2Request):  # type: ignore[misc]
    """An already-read urlencoded request, in authlib's terms."""

    def __init__(self, uri: str, authorization: str | None, form: dict[str, str]) -> None:
        super().__init__("POST", uri, headers={"Authorization": authorization or ""})
        self._form = form
        self.payload = BasicOAuth2Payload(form)

    @property
    def form(self) -> dict[str, str]:
        return self._form

    @property
    def args(self) -> dict[str, str]:
        return {}


class _ClientCredentialsGrant(ClientCredentialsGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def validate_requested_scope(self) -> None:
        client: KnownClient = self.request.client
        client.grantable(self.request.payload.scope)


class _Revocation(RevocationEndpoint):  # type: ignore[misc]
    CLIENT_AUTH_METHODS = AUTH_METHODS

    def check_params(self, request: FormRequest, client: KnownClient) -> None:
        # RFC 7009 §2.1: an unknown token_type_hint is ignored, not an error.
        if not request.form.get("token"):
            raise InvalidRequestError(description="Missing token parameter")

    def query_token(self, token_string: str, token_type_hint: str | None) -> IssuedToken | None:
        try:
            claims = decode_access_token(self.server.settings, token_string)
        except AuthenticationError:
            return None  # expired, foreign or malformed: nothing to revoke, still a 200
        return IssuedToken(claims) if claims.extra.get("via") == "oauth" else None

    def revoke_token(self, token: IssuedToken, request: FormRequest) -> None:
        self.server.revoked.append(token.claims)


class TollgateAuthorizationServer(AuthorizationServer):  # type: ignore[misc]
    """One request's authorization server: the client was loaded beforehand (step 1)."""

    def __init__(self, settings: Settings, client: KnownClient | None) -> None:
        super().__init__(scopes_supported=sorted(SCOPES))
        self.settings = settings
        self.client = client
        self.issued = False
        self.revoked: list[AccessClaims] = []
        self.register_grant(_ClientCredentialsGrant)
        self.register_endpoint(_Revocation)
        self.register_token_generator("default", self._issue_access_token)

    def query_client(self, client_id: str) -> KnownClient | None:
        return self.client if self.client and self.client.client_id == client_id else None

    def save_token(self, token: dict[str, Any], request: FormRequest) -> None:
        self.issued = True  # a JWT: nothing to store

    def create_oauth2_request(self, request: FormRequest) -> FormRequest:
        return request

    def handle_response(
        self, status: int, body: dict[str, Any], headers: list[tuple[str, str]]
    ) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        return status, body, headers

    def handle_error_response(
        self, request: FormRequest, error: OAuth2Error
    ) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
        return oauth_error(error)

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        return None

    def _issue_access_token(
        self, grant_type: str, client: KnownClient, scope: str | None = None, **_: Any
    ) -> dict[str, Any]:
        granted = client.grantable(scope)
        extra = {"via": "oauth", "scp": granted, "cid": str(client.id)}
        now = datetime.datetime.now(datetime.UTC)
        token, _claims = issue_access_token(self.settings, str(client.owner_id), now, extra)
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.settings.access_token_seconds,
            "scope": " ".join(granted),
        }


def oauth_error(error: OAuth2Error) -> tuple[int, dict[str, Any], list[tuple[str, str]]]:
    """RFC 6749 §5.2 error. A failed client authentication is always a 401 with a Basic
    challenge, however the client authenticated (RFC 6749 allows it; one status is simpler)."""
    if error.error == "invalid_client":
        error.status_code = 401
    status, body, headers = error()
    if error.error == "invalid_client" and not any(h[0] == "WWW-Authenticate" for h in headers):
        headers.append(("WWW-Authenticate", 'Basic realm="tollgate"'))
    return int(status), dict(body), list(headers)


async def load_client(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, client_id: str
) -> KnownClient | None:
    """The active client with this public id whose owner is active, or None."""
    async with sessions() as session:
        bind_system(session)
        row = (
            await session.execute(
                select(OAuthClient, User.role, User.status)
                .join(User, User.id == OAuthClient.owner_id)
                .where(OAuthClient.client_id == client_id, OAuthClient.revoked_at.is_(None))
            )
        ).one_or_none()
    if row is None or row.status != UserStatus.ACTIVE:
        return None
    client: OAuthClient = row[0]
    return KnownClient(
        id=client.id,
        client_id=client.client_id,
        owner_id=client.owner_id,
        secret_hash=client.secret_hash,
        scopes=frozenset(client.scopes),
        owner_scopes=ROLE_SCOPES[Role(row.role)],
        settings=settings,
    )


async def record_client_use(
    sessions: async_sessionmaker[AsyncSession], client_id: uuid.UUID
) -> None:
    """Stamp the client's ``last_used_at`` after it got a token, at most once a minute."""
    now = datetime.datetime.now(datetime.UTC)
    async with sessions() as session:
        bind_system(session)
        await session.execute(
            update(OAuthClient)
            .where(OAuthClient.id == client_id)
            .where(
                or_(
                    OAuthClient.last_used_at.is_(None),
                    OAuthClient.last_used_at < now - LAST_USED_RESOLUTION,
                )
            )
            .values(last_used_at=now, updated_at=OAuthClient.updated_at)
            .execution_options(synchronize_session=False)
        )
        await session.commit()
