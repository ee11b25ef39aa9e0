"""A small keep-alive HTTP/1.1 client for the gateway's one need: POST JSON to the backend.

Why not httpx: every call costs the gateway two backend requests, and on a 2-core box the
general-purpose stack (httpx → httpcore → anyio → h11) spent more CPU per request than the
backend's whole authorize. This client speaks just what the backend answers — a status line,
headers, a ``Content-Length`` or chunked body — over pooled connections to one origin.

Errors are :class:`HttpError` (connection refused or reset, a malformed answer). A request on a
reused connection that fails before any byte of the answer arrived is sent once more on a
fresh connection (the server may have closed an idle one); the backend's call-control requests
are idempotent on the call id, so a request that did arrive has no second effect.
"""

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

_MAX_HEAD_BYTES = 64 * 1024
_MAX_BODY_BYTES = 8 * 1024 * 1024


class HttpError(Exception):
    """The request failed on the wire: nothing usable came back."""


@dataclass(frozen=True, slots=True)
class HttpResponse:
    status: int
    reason: str
    headers: dict[str, str]
    """Lower-case names; a repeated header keeps its last value."""
    body: bytes


@dataclass(slots=True)
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    idle_since: float = 0.0

    def close(self) -> None:
        self.writer.close()


class _Stale(Exception):
    """A reused connection was closed by the server before it answered."""


class HttpPool:
    """Pooled HTTP/1.1 connections to ``base_url`` (``http://`` or ``https://``)."""

    def __init__(
        self,
        base_url: str,
        headers: dict[str, str],
        *,
        max_connections: int = 200,
        keepalive_expiry: float = 30.0,
    ) -> None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an http(s) URL: {base_url!r}")
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._ssl = ssl.create_default_context() if parts.scheme == "https" else None
        self._prefix = parts.path.rstrip("/")
        authority = parts.netloc.rpartition("@")[2]
        fixed = {"Host": authority, **headers, "Connection": "keep-alive"}
        self._head = "".join(f"{name}: {value}\r\n" for name, value in fixed.items())
        self._idle: list[_Connection] = []
        self._slots = asyncio.Semaphore(max_connections)
        self._expiry = keepalive_expiry
        self._closed = False

    async def post(self, path: str, body: bytes, content_type: str) -> HttpResponse:
        """POST ``body`` to ``path``. Cancellation (the caller's timeout) closes the connection."""
        request = (
            f"POST {self._prefix}{path} HTTP/1.1\r\n{self._head}"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode("latin-1") + body
        async with self._slots:
            connection = self._reuse()
            if connection is not None:
                try:
                    return await self._exchange(connection, request, reused=True)
                except _Stale:
                    pass
            try:
                return await self._exchange(await self._connect(), request, reused=False)
            except _Stale as exc:  # pragma: no cover - only a reused connection is stale
                raise HttpError("connection closed before the answer") from exc

    def _reuse(self) -> _Connection | None:
        now = time.monotonic()
        while self._idle:
            connection = self._idle.pop()
            if now - connection.idle_since < self._expiry and not connection.reader.at_eof():
                return connection
            connection.close()
        return None

    async def _connect(self) -> _Connection:
        if self._closed:
            raise HttpError("the HTTP pool is closed")
        try:
            reader, writer = await asyncio.open_connection(
                self._host, self._port, ssl=self._ssl, limit=_MAX_HEAD_BYTES
            )
        except OSError as exc:
            raise HttpError(f"cannot connect to {self._host}:{self._port}: {exc}") from exc
        return _Connection(reader, writer)

    async def _exchange(
        self, connection: _Connection, request: bytes, *, reused: bool
    ) -> HttpResponse:
        keep = False
        try:
            try:
                connection.writer.write(request)
                await connection.writer.drain()
                status_line = await connection.reader.readline()
            except OSError as exc:
                if reused:
                    raise _Stale from exc
                raise HttpError(f"request failed: {exc}") from exc
            if not status_line:
                if reused:
                    raise _Stale
                raise HttpError("connection closed before the answer")
            response, keep = await _read_response(connection.reader, status_line)
            return response
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            raise HttpError(f"reading the answer failed: {exc!r}") from exc
        finally:
            if keep and not self._closed:
                connection.idle_since = time.monotonic()
                self._idle.append(connection)
            else:
                connection.close()

    async def aclose(self) -> None:
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
            with contextlib.suppress(OSError):
                await connection.writer.wait_closed()


async def _read_response(
    reader: asyncio.StreamReader, status_line: bytes
) -> tuple[HttpResponse, bool]:
    """The answer after its status line; also whether the connection may be reused."""
    try:
        version, status_text, *rest = status_line.decode("latin-1").rstrip("\r\n").split(" ", 2)
        status = int(status_text)
    except ValueError as exc:
        raise HttpError(f"not an HTTP status line: {status_line[:80]!r}") from exc
    if not version.startswith("HTTP/1."):
        raise HttpError(f"not an HTTP/1.x answer: {status_line[:80]!r}")
    headers: dict[str, str] = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n"):
        if not line:
            raise HttpError("connection closed inside the answer's headers")
        name, colon, value = line.decode("latin-1").partition(":")
        if not colon:
            raise HttpError(f"malformed header line: {line[:80]!r}")
        headers[name.strip().lower()] = value.strip()
    body, delimited = await _read_body(reader, status, headers)
    connection = headers.get("connection", "").lower()
    keep = (
        delimited
        and "close" not in connection
        and (version == "HTTP/1.1" or "keep-alive" in connection)
    )
    return HttpResponse(status, rest[0] if rest else "", headers, body), keep


async def _read_body(
    reader: asyncio.StreamReader, status: int, headers: dict[str, str]
) -> tuple[bytes, bool]:
    """The body, and whether its end was delimited (else the connection cannot be reused)."""
    if status < 200 or status in (204, 304):
        return b"", True
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await _read_chunks(reader), True
    length = headers.get("content-length")
    if length is None:
        return await reader.read(_MAX_BODY_BYTES), False
    try:
        size = int(length)
    except ValueError as exc:
        raise HttpError(f"bad Content-Length {length!r}") from exc
    if not 0 <= size <= _MAX_BODY_BYTES:
        raise HttpError(f"Content-Length {size} out of bounds")
    return await reader.readexactly(size), True


async def _read_chunks(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        size_line = await reader.readline()
        try:
            size = int(size_line.split(b";", 1)[0].strip(), 16)
        except ValueError as exc:
            raise HttpError(f"bad chunk size {size_line[:40]!r}") from exc
        if size == 0:
            while (trailer := await reader.readline()) not in (b"\r\n", b"\n"):
                if not trailer:
                    raise HttpError("connection closed inside the chunk trailer")
            return b"".join(parts)
        total += size
        if total > _MAX_BODY_BYTES:
            raise HttpError("chunked body too large")
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)  # the CRLF after each chunk
