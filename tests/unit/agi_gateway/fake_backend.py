"""A real HTTP/1.1 server on 127.0.0.1 playing the backend's internal call-control contract.

It records every request and answers like the backend would (built from the contract, not
from the gateway's code):

* ``POST /internal/v1/calls/authorize``: 401 problem without the service token; otherwise
  :attr:`FakeBackend.on_authorize` decides (default: a grant over two trunks). Calls granted
  ``ok`` become known to finalize.
* ``POST /internal/v1/calls/{call_id}/finalize``: 404 problem for a call never authorized;
  idempotent on the call id: the same body again gets the same answer and no second charge, a
  different body is a 409 problem. :attr:`charges` counts charges per call.

:attr:`unavailable` answers 503 to everything, :attr:`delay` holds every answer back,
:meth:`stop`/:meth:`start` make the port refuse connections and listen again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from http import HTTPStatus
from types import TracebackType
from typing import Any, Self
from urllib.parse import unquote

HOST = "127.0.0.1"
TOKEN = "test-service-token"
_FINALIZE_PREFIX = "/internal/v1/calls/"
_FINALIZE_SUFFIX = "/finalize"


@dataclass(frozen=True, slots=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def call_id(self) -> str:
        return unquote(self.path.removeprefix(_FINALIZE_PREFIX).removesuffix(_FINALIZE_SUFFIX))


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: Any
    content_type: str = "application/json"


def problem(status: int, detail: str) -> Answer:
    """An RFC 9457 problem answer as the backend writes them."""
    title = HTTPStatus(status).phrase
    body = {"type": f"https://tollgate.dev/problems/{status}", "title": title}
    return Answer(status, {**body, "status": status, "detail": detail}, "application/problem+json")


def grant(
    call_id: str,
    trunks: list[tuple[str, str]] | None = None,
    max_duration: int | None = 3600,
) -> dict[str, Any]:
    """An ``ok`` authorize answer; ``trunks`` are (id, dial string) pairs."""
    pairs = trunks if trunks is not None else [("trk-a", "PJSIP/15551234567@carrier-a")]
    return {
        "call_id": call_id,
        "result": "ok",
        "detail": "granted",
        "max_duration": max_duration,
        "trunks": [{"id": i, "name": f"Trunk {i}", "dial_string": d} for i, d in pairs],
        "rate_id": "rate-1",
        "normalized_number": "15551234567",
    }


def refusal(call_id: str, result: str, detail: str = "") -> dict[str, Any]:
    return {
        "call_id": call_id,
        "result": result,
        "detail": detail or f"refused: {result}",
        "max_duration": None,
        "trunks": [],
        "rate_id": None,
        "normalized_number": None,
    }


Decide = Callable[[Request], Answer]


@dataclass
class FakeBackend:
    """See the module docstring. Use ``async with FakeBackend() as backend``."""

    token: str = TOKEN
    port: int = 0
    delay: float = 0.0
    unavailable: bool = False
    requests: list[Request] = field(default_factory=list)
    authorized: set[str] = field(default_factory=set)
    charges: dict[str, int] = field(default_factory=dict)
    on_authorize: Decide | None = None
    on_finalize: Decide | None = None
    connections_opened: int = 0
    _finalized: dict[str, tuple[Any, Answer]] = field(default_factory=dict)
    _server: asyncio.Server | None = None
    _connections: set[asyncio.Task[None]] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def finalize_requests(self, call_id: str | None = None) -> list[Request]:
        return [
            r
            for r in self.requests
            if r.path.endswith(_FINALIZE_SUFFIX) and call_id in (None, r.call_id)
        ]

    def authorize_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path == "/internal/v1/calls/authorize"]

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, HOST, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Close the listener and every connection: the port now refuses connections."""
        if self._server is None:
            return
        self._server.close()
        for task in list(self._connections):
            task.cancel()
        if self._connections:
            await asyncio.wait(list(self._connections), timeout=2)
        await self._server.wait_closed()
        self._server = None

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()

    # -- HTTP ----------------------------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        self.connections_opened += 1
        try:
            while (request := await _read_request(reader)) is not None:
                self.requests.append(request)
                answer = self._answer(request)
                if self.delay:
                    await asyncio.sleep(self.delay)
                writer.write(_encode(answer))
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.CancelledError):
            pass  # the client went away (e.g. it timed out) or the fake is stopping
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError, asyncio.CancelledError):
                await writer.wait_closed()
            self._connections.discard(task)

    def _answer(self, request: Request) -> Answer:
        if self.unavailable:
            return Answer(503, {"title": "Service Unavailable"}, "application/problem+json")
        if request.headers.get("authorization") != f"Bearer {self.token}":
            return problem(401, "a valid service token is required")
        if request.method == "POST" and request.path == "/internal/v1/calls/authorize":
            return self._authorize(request)
        if request.method == "POST" and request.path.startswith(_FINALIZE_PREFIX):
            return self._finalize(request)
        return problem(404, f"no route {request.method} {request.path}")

    def _authorize(self, request: Request) -> Answer:
        call_id = request.body["call_id"]
        answer = self.on_authorize(request) if self.on_authorize else Answer(200, grant(call_id))
        if (
            answer.status == 200
            and isinstance(answer.body, dict)
            and answer.body.get("result") == "ok"
        ):
            self.authorized.add(call_id)
        return answer

    def _finalize(self, request: Request) -> Answer:
        if self.on_finalize is not None:
            return self.on_finalize(request)
        call_id = request.call_id
        if call_id not in self.authorized:
            return problem(404, f"call {call_id} was never authorized")
        if call_id in self._finalized:
            first_body, first_answer = self._finalized[call_id]
            if first_body == request.body:
                return first_answer
            return problem(409, f"call {call_id} was finalized with a different body")
        seconds = request.body["billable_seconds"]
        answer = Answer(
            200,
            {
                "call_id": call_id,
                "status": "rated" if seconds > 0 else "unanswered",
                "cost": str(Decimal(seconds) / 100) if seconds > 0 else None,
                "currency": "USD" if seconds > 0 else None,
                "billable_seconds": seconds,
                "cdr_id": f"cdr-{call_id}",
            },
        )
        self._finalized[call_id] = (request.body, answer)
        self.charges[call_id] = self.charges.get(call_id, 0) + (1 if seconds > 0 else 0)
        return answer


async def _read_request(reader: asyncio.StreamReader) -> Request | None:
    line = await reader.readline()
    if not line:
        return None
    method, target, _version = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (header := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    raw = await reader.readexactly(int(headers.get("content-length", "0")))
    body = json.loads(raw) if raw else None
    return Request(method, target, headers, body)


def _encode(answer: Answer) -> bytes:
    payload = b"" if answer.body is None else json.dumps(answer.body).encode()
    head = (
        f"HTTP/1.1 {answer.status} {HTTPStatus(answer.status).phrase}\r\n"
        f"Content-Type: {answer.content_type}\r\n"
        f"Content-Length: {len(payload)}\r\n"
        "Connection: keep-alive\r\n\r\n"
    )
    return head.encode("latin-1") + payload
