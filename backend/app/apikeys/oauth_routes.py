"""The OAuth 2.0 endpoints: ``POST /oauth/token`` (client-credentials grant, RFC 6749 §4.4) and
``POST /oauth/revoke`` (RFC 7009), on the authlib adapter of :mod:`app.apikeys.oauth`.

These two endpoints answer errors in RFC 6749 §5.2 JSON (``{"error": "invalid_client"}``), the
format OAuth client libraries parse, not in problem details. They are public routes: the client
authenticates in the request itself.
"""

from __future__ import annotations

from typing import Any

from anyio import to_thread
from authlib.oauth2.rfc6749 import (  # type: ignore[import-untyped]
    InvalidClientError,
    InvalidRequestError,
    OAuth2Error,
)
from authlib.oauth2.rfc6749.util import extract_basic_authorization  # type: ignore[import-untyped]
from litestar import Controller, MediaType, Request, Response, post
from litestar.openapi.datastructures import ResponseSpec
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.apikeys.denylist import deny_access_token
from app.apikeys.oauth import (
    CLIENT_ID_SHAPE,
    FormRequest,
    TollgateAuthorizationServer,
    load_client,
    oauth_error,
    record_client_use,
)
from app.apikeys.openapi_forms import REVOKE_OPERATION, TOKEN_OPERATION
from app.apikeys.schemas import OAuthErrorBody, TokenResponse
from app.lib.access import PUBLIC
from app.lib.settings import Settings
from app.server.dependencies import RedisDep, SessionMaker, SettingsDep


async def _read_form(request: Request[Any, Any, Any]) -> dict[str, str]:
    if request.content_type[0] != "application/x-www-form-urlencoded":
        raise InvalidRequestError(description="Send application/x-www-form-urlencoded")
    form: dict[str, str] = {}
    for key, values in (await request.form()).dict().items():
        if len(values) != 1 or not isinstance(values[0], str):
            raise InvalidRequestError(description="A parameter is repeated")
        form[key] = values[0]
    return form


def _presented_client_id(authorization: str | None, form: dict[str, str]) -> str | None:
    """The client id the request presents, if it has the shape of one of ours."""
    try:
        basic_id, _ = extract_basic_authorization({"Authorization": authorization or ""})
    except ValueError as exc:  # not UTF-8 once decoded: authlib would fail on it too
        raise InvalidClientError(description="Malformed HTTP Basic credentials") from exc
    if basic_id and ("client_id" in form or "client_secret" in form):
        raise InvalidRequestError(description="Authenticate the client one way, not two")
    client_id = str(basic_id) if basic_id else form.get("client_id")
    return client_id if client_id and CLIENT_ID_SHAPE.fullmatch(client_id) else None


async def _prepare(
    request: Request[Any, Any, Any],
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
) -> tuple[TollgateAuthorizationServer, FormRequest]:
    form = await _read_form(request)
    authorization = request.headers.get("authorization")
    client_id = _presented_client_id(authorization, form)
    client = await load_client(sessions, settings, client_id) if client_id else None
    uri = settings.public_url.rstrip("/") + request.url.path
    try:
        oauth_request = FormRequest(uri, authorization, form)
    except OAuth2Error as exc:  # insecure_transport: TOLLGATE_PUBLIC_URL is not https
        raise InvalidRequestError(description="OAuth 2.0 requires https") from exc
    return TollgateAuthorizationServer(settings, client), oauth_request


def _respond(result: tuple[int, dict[str, Any], list[tuple[str, str]]]) -> Response[Any]:
    status, body, headers = result
    extra = {name: value for name, value in headers if name.lower() != "content-type"}
    return Response(body, status_code=status, headers=extra, media_type=MediaType.JSON)


_ERRORS = {
    400: ResponseSpec(
        data_container=OAuthErrorBody,
        generate_examples=False,
        description="RFC 6749 §5.2 error: invalid_request, unsupported_grant_type, "
        "invalid_scope, invalid_grant, unauthorized_client.",
    ),
    401: ResponseSpec(
        data_container=OAuthErrorBody,
        generate_examples=False,
        description="RFC 6749 §5.2 error invalid_client: unknown, revoked or wrong secret.",
    ),
}


class OAuthController(Controller):
    path = "/oauth"
    tags = ("oauth",)
    opt = {"access": PUBLIC}  # noqa: RUF012 - the client authenticates in the request body

    @post(
        "/token",
        status_code=200,
        operation_id="issueOAuthToken",
        summary="Issue an access token (client credentials)",
        operation_class=TOKEN_OPERATION,
        responses={
            200: ResponseSpec(
                data_container=TokenResponse,
                generate_examples=False,
                description="RFC 6749 §5.1 access token response.",
            ),
            **_ERRORS,
        },
    )
    async def issue_token(
        self,
        request: Request[Any, Any, Any],
        settings: SettingsDep,
        session_maker: SessionMaker,
    ) -> Response[Any]:
        """RFC 6749 §4.4: exchange the client's id and secret (HTTP Basic, or client_id and
        client_secret form fields) for a Bearer access token with the requested ``scope`` (a
        space-separated subset of the client's scopes; default all of them)."""
        try:
            server, oauth_request = await _prepare(request, settings, session_maker)
        except OAuth2Error as error:
            return _respond(oauth_error(error))
        if oauth_request.payload.grant_type is None:
            return _respond(oauth_error(InvalidRequestError(description="Missing grant_type")))
        result = await to_thread.run_sync(server.create_token_response, oauth_request)
        if server.issued and server.client is not None:
            await record_client_use(session_maker, server.client.id)
        return _respond(result)

    @post(
        "/revoke",
        status_code=200,
        operation_id="revokeOAuthToken",
        summary="Revoke an access token (RFC 7009)",
        operation_class=REVOKE_OPERATION,
        responses={
            200: ResponseSpec(
                data_container=dict[str, str],
                generate_examples=False,
                description="Revoked, or nothing to revoke (an empty JSON object).",
            ),
            **_ERRORS,
        },
    )
    async def revoke_token(
        self,
        request: Request[Any, Any, Any],
        settings: SettingsDep,
        session_maker: SessionMaker,
        redis: RedisDep,
    ) -> Response[Any]:
        """RFC 7009: the authenticated client revokes one of its access tokens. Always 200 for
        a well-formed request, even when the token is unknown or already expired."""
        try:
            server, oauth_request = await _prepare(request, settings, session_maker)
        except OAuth2Error as error:
            return _respond(oauth_error(error))
        result = await to_thread.run_sync(
            server.create_endpoint_response, "revocation", oauth_request
        )
        for claims in server.revoked:
            await deny_access_token(redis, settings, claims.token_id, claims.expires_at)
        return _respond(result)
