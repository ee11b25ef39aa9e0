"""The fast lane for the AGI gateway's two call-control routes (issue #5: authorize p99 10 ms).

``POST /internal/v1/calls/authorize`` and ``POST /internal/v1/calls/{call_id}/finalize`` are
the platform's hot path; Litestar's per-request machinery (metrics and request-id middleware,
guards, dependency injection, signature model, response object) cost about as much CPU as the
work itself. This middleware, first in the stack, answers a request that is exactly what the
gateway sends — the service token, ``application/json``, a body that decodes strictly into the
route's schema, a well-formed call id, no query — by calling the same ``authorize`` /
``finalize`` with the same pool and cache and encoding the same answer with msgspec.

Anything else goes down the ordinary stack unchanged (the body it read is handed on), and so
does any request whose handling raised: authorize and finalize are idempotent on the call id,
so running it again there gives the same problem details the route always gave (404 unknown
caller or call, 409 finalized call, database errors) and never a second charge. The routes
stay Litestar routes, documented in ``openapi/openapi.json`` as before. What the lane skips:
Prometheus request metrics for these two routes' successful answers.
"""

from __future__ import annotations

import datetime
import re
import time
import uuid
from typing import Any

import msgspec
import structlog
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send

from app.calls.authorize import authorize
from app.calls.finalize import finalize
from app.calls.routes import call_cache, call_store
from app.calls.schemas import AuthorizeRequest, FinalizeRequest
from app.lib.security import same_secret
from app.lib.settings import Settings

log = structlog.get_logger("app.request")

AUTHORIZE_PATH = "/internal/v1/calls/authorize"
_FINALIZE_PATH = re.compile(r"/internal/v1/calls/([\w.:@-]{1,64})/finalize")
_AUTHORIZE_BODY = msgspec.json.Decoder(AuthorizeRequest, strict=True)
_FINALIZE_BODY = msgspec.json.Decoder(FinalizeRequest, strict=True)
_ENCODE = msgspec.json.Encoder().encode
_VALID_REQUEST_ID = re.compile(rb"[A-Za-z0-9._\-]{1,64}")
_MAX_BODY = 64 * 1024
_DECODE_ERRORS = (msgspec.DecodeError, msgspec.ValidationError)


class _Declined(Exception):
    """The request is not one the lane answers: the ordinary stack does."""


def _headers(scope: Scope) -> dict[bytes, bytes]:
    seen: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        if name in seen and name in (b"authorization", b"content-type"):
            raise _Declined  # ambiguous: let the ordinary stack decide
        seen[name] = value
    return seen


def _check(scope: Scope, settings: Settings) -> dict[bytes, bytes]:
    headers = _headers(scope)
    content_type = headers.get(b"content-type", b"").partition(b";")[0].strip().lower()
    scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
    expected = settings.service_token
    if (
        content_type != b"application/json"
        or scheme.lower() != "bearer"
        or expected is None
        or not same_secret(token.strip(), expected)
    ):
        raise _Declined
    return headers


async def _body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            raise _Declined  # the client left; the ordinary stack handles a disconnect
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > _MAX_BODY:
            raise _Declined
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """``receive`` for the ordinary stack: the body already read, then the client's own."""
    sent = False

    async def replay() -> ReceiveMessage:
        nonlocal sent
        if not sent:
            sent = True
            message: Any = {"type": "http.request", "body": body, "more_body": False}
            return message  # type: ignore[no-any-return]
        return await receive()

    return replay


async def _answer(scope: Scope, body: bytes, call_id: str | None) -> bytes:
    state = scope["app"].state
    settings: Settings = state.settings
    _check(scope, settings)
    now = datetime.datetime.now(datetime.UTC)
    cache = call_cache(state, settings)
    try:
        if call_id is None:
            request = _AUTHORIZE_BODY.decode(body)
            async with call_store(state).db() as db:
                return _ENCODE(await authorize(db, state.redis, settings, request, now, cache))
        data = _FINALIZE_BODY.decode(body)
    except _DECODE_ERRORS as exc:
        raise _Declined from exc
    async with call_store(state).db() as db:
        return _ENCODE(await finalize(db, state.redis, settings, call_id, data, now, cache))


def _request_id(scope: Scope) -> bytes:
    for name, value in scope["headers"]:
        if name == b"x-request-id" and _VALID_REQUEST_ID.fullmatch(value):
            return value
    return uuid.uuid4().hex.encode()


def call_control_fast_lane(app: ASGIApp) -> ASGIApp:
    """The middleware (see the module doc); every other request passes straight through."""

    async def lane(scope: Scope, receive: Receive, send: Send) -> None:
        http: Any = scope
        if http["type"] != ScopeType.HTTP or http["method"] != "POST" or http["query_string"]:
            await app(scope, receive, send)
            return
        path = scope["path"]
        call_id: str | None = None
        if path != AUTHORIZE_PATH:
            found = _FINALIZE_PATH.fullmatch(path)
            if found is None:
                await app(scope, receive, send)
                return
            call_id = found.group(1)
        started = time.perf_counter()
        body = b""
        try:
            body = await _body(receive)
            payload = await _answer(scope, body, call_id)
        except Exception:  # declined, or failed: the ordinary stack answers (idempotent)
            await app(scope, _replay(body, receive), send)
            return
        await _send_json(send, payload, _request_id(scope))
        log.info(
            "request",
            method="POST",
            path=path,
            status=200,
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
        )

    return lane


async def _send_json(send: Send, payload: bytes, request_id: bytes) -> None:
    headers: list[tuple[bytes, bytes]] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"x-request-id", request_id),
    ]
    start: Any = {"type": "http.response.start", "status": 200, "headers": headers}
    await send(start)
    await send({"type": "http.response.body", "body": payload, "more_body": False})
