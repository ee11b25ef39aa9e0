"""The gateway's own HTTP/1.1 client against a scripted server over a real socket: keep-alive
reuse, chunked bodies, ``Connection: close``, a reused connection the server had closed, and
garbage."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest

from agi_gateway.http import HttpError, HttpPool

Script = Callable[[int, bytes], bytes | None]
"""(request number on the server, request head) → raw answer, or None to close silently."""


@asynccontextmanager
async def server(script: Script) -> AsyncIterator[tuple[str, list[int]]]:
    """A server answering by ``script``; yields its URL and the requests seen per connection."""
    per_connection: list[int] = []
    count = 0

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal count
        per_connection.append(0)
        index = len(per_connection) - 1
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                length = next(
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                await reader.readexactly(length)
                count += 1
                per_connection[index] += 1
                answer = script(count, head)
                if answer is None:
                    break
                writer.write(answer)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    listener = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/base", per_connection
    finally:
        listener.close()


def ok(body: bytes, *headers: str) -> bytes:
    head = "".join(f"{h}\r\n" for h in headers)
    return f"HTTP/1.1 200 OK\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode() + body


async def test_requests_share_one_kept_alive_connection_and_carry_the_headers() -> None:
    heads: list[bytes] = []

    def script(n: int, head: bytes) -> bytes:
        heads.append(head)
        return ok(b'{"n": %d}' % n)

    async with server(script) as (url, connections):
        pool = HttpPool(url, {"Authorization": "Bearer t"})
        answers = [await pool.post("/x", b"{}", "application/json") for _ in range(3)]
        await pool.aclose()
    assert [a.body for a in answers] == [b'{"n": 1}', b'{"n": 2}', b'{"n": 3}']
    assert connections == [3]
    assert heads[0].startswith(b"POST /base/x HTTP/1.1\r\n")
    assert b"Authorization: Bearer t\r\n" in heads[0]
    assert b"Content-Type: application/json\r\n" in heads[0]


async def test_a_chunked_answer_is_read_whole_and_the_connection_kept() -> None:
    chunked = (
        b"HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
    )

    async with server(lambda n, head: chunked) as (url, connections):
        pool = HttpPool(url, {})
        first = await pool.post("/x", b"1", "text/plain")
        second = await pool.post("/x", b"2", "text/plain")
        await pool.aclose()
    assert (first.status, first.reason, first.body) == (201, "Created", b"abcde")
    assert second.body == b"abcde" and connections == [2]


async def test_connection_close_is_honoured() -> None:
    async with server(lambda n, head: ok(b"{}", "Connection: close")) as (url, connections):
        pool = HttpPool(url, {})
        await pool.post("/x", b"{}", "application/json")
        await pool.post("/x", b"{}", "application/json")
        await pool.aclose()
    assert connections == [1, 1]


async def test_a_reused_connection_closed_by_the_server_is_retried_on_a_new_one() -> None:
    # The server drops the connection instead of answering the second request on it (an idle
    # keep-alive it timed out): the client sends that request once more, on a new connection.
    async with server(lambda n, head: None if n == 2 else ok(b"%d" % n)) as (url, connections):
        pool = HttpPool(url, {})
        first = await pool.post("/x", b"{}", "application/json")
        second = await pool.post("/x", b"{}", "application/json")
        await pool.aclose()
    assert (first.body, second.body) == (b"1", b"3")
    assert connections == [2, 1]


async def test_garbage_and_a_silent_close_on_a_fresh_connection_are_errors() -> None:
    async with server(lambda n, head: b"SMTP ready\r\n\r\n") as (url, _):
        pool = HttpPool(url, {})
        with pytest.raises(HttpError, match="status line"):
            await pool.post("/x", b"{}", "application/json")
        await pool.aclose()
    async with server(lambda n, head: None) as (url, _):
        pool = HttpPool(url, {})
        with pytest.raises(HttpError, match="closed before the answer"):
            await pool.post("/x", b"{}", "application/json")
        await pool.aclose()


async def test_a_refused_connection_is_an_error() -> None:
    async with server(lambda n, head: None) as (url, _):
        pass  # the listener is closed now: nothing listens on that port
    pool = HttpPool(url, {})
    with pytest.raises(HttpError, match="cannot connect"):
        await pool.post("/x", b"{}", "application/json")
