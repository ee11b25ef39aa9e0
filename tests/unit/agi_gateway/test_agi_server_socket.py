"""AgiServer dispatch, failure containment, concurrency and shutdown over real sockets."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from agi_gateway import (
    REASON_VARIABLE,
    RESULT_VARIABLE,
    AgiServer,
    AgiSession,
)
from tests.support.fake_asterisk import FakeAsterisk

HOST = "127.0.0.1"


async def call(server: AgiServer, script: str, **options: Any) -> FakeAsterisk:
    async with FakeAsterisk(HOST, server.port, script=script, **options) as fake:
        await fake.run_until_closed()
    return fake


async def mark_result(session: AgiSession) -> None:
    await session.set_variable(RESULT_VARIABLE, f"ran {session.environment.script}")


async def test_each_script_name_runs_its_own_handler() -> None:
    handlers = {"tollgate/authorize": mark_result, "tollgate/finalize": mark_result}

    async with AgiServer(handlers, HOST, 0) as server:
        authorize = await call(server, "tollgate/authorize", query={"tenant": "acme"})
        finalize = await call(server, "tollgate/finalize", dead_channel=True)

    assert authorize.variables[RESULT_VARIABLE] == "ran tollgate/authorize"
    assert finalize.variables[RESULT_VARIABLE] == "ran tollgate/finalize"


async def test_unknown_script_fails_closed_with_an_error_result() -> None:
    async with AgiServer({"tollgate/authorize": mark_result}, HOST, 0) as server:
        fake = await call(server, "tollgate/authorise")

    assert fake.variables[RESULT_VARIABLE] == "error"
    assert fake.variables[REASON_VARIABLE] == "unknown_script"
    assert fake.verbose_messages == ["Tollgate: no AGI handler for script 'tollgate/authorise'"]
    assert fake.closed_by == "gateway"


async def test_crashing_handler_is_reported_to_the_dialplan_and_server_keeps_serving(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def crash(session: AgiSession) -> None:
        raise RuntimeError("backend exploded")

    caplog.set_level(logging.INFO, logger="agi_gateway")
    async with AgiServer({"crash": crash, "ok": mark_result}, HOST, 0) as server:
        crashed = await call(server, "crash")
        healthy = await call(server, "ok")

    assert crashed.variables[RESULT_VARIABLE] == "error"
    assert crashed.variables[REASON_VARIABLE] == "internal_error"
    assert crashed.closed_by == "gateway"
    assert healthy.variables[RESULT_VARIABLE] == "ran ok"
    failures = [r for r in caplog.records if r.getMessage() == "agi.session.handler_failed"]
    assert len(failures) == 1
    assert failures[0].exc_info is not None


async def test_handler_stopped_by_a_hangup_leaves_the_result_unset() -> None:
    async def play(session: AgiSession) -> None:
        await session.run_command("STREAM FILE", "beep", "")

    async with AgiServer({"play": play}, HOST, 0) as server:
        fake = await call(server, "play", hangup_before_command=1)

    assert RESULT_VARIABLE not in fake.variables
    assert fake.closed_by == "gateway"


async def test_asterisk_final_hangup_after_close_is_harmless() -> None:
    async with AgiServer({"ok": mark_result}, HOST, 0) as server:
        fake = await call(server, "ok")
        again = await call(server, "ok")

    assert fake.transcript[-1].sender == "asterisk"
    assert fake.transcript[-1].text == "HANGUP"
    assert again.variables[RESULT_VARIABLE] == "ran ok"


async def raw_exchange(port: int, payload: bytes) -> bytes:
    """Send raw bytes as a misbehaving peer; return everything read until the server closes."""
    reader, writer = await asyncio.open_connection(HOST, port)
    writer.write(payload)
    await writer.drain()
    async with asyncio.timeout(3):
        received = await reader.read()
    writer.close()
    return received


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b"", id="silent-peer"),
        pytest.param(b"agi_request: agi://x/ok\n", id="unterminated-block"),
        pytest.param(b"agi_request: " + b"x" * 5000 + b"\n\n", id="oversized-line"),
        pytest.param(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n", id="http-request"),
        pytest.param(b"agi_request: agi://x/ok\nagi_channel: c\n\n", id="no-uniqueid"),
    ],
)
async def test_bad_environment_closes_the_connection_without_running_a_handler(
    payload: bytes,
) -> None:
    ran: list[str] = []

    async def record(session: AgiSession) -> None:
        ran.append(session.environment.uniqueid)

    server = AgiServer({"ok": record}, HOST, 0, environment_timeout=0.2, max_line_bytes=1024)
    async with server:
        assert await raw_exchange(server.port, payload) == b""
        healthy = await call(server, "ok")

    assert ran == [f"1700000000.{healthy.number}"]


async def test_hundred_concurrent_calls_each_get_their_own_answer() -> None:
    async def authorize(session: AgiSession) -> None:
        number = await session.get_variable("CALLERID(num)")
        await asyncio.sleep(0.01)  # overlap the sessions
        await session.set_variable(RESULT_VARIABLE, f"{session.environment.uniqueid}/{number}")

    async with AgiServer({"tollgate/authorize": authorize}, HOST, 0) as server:
        calls = [
            call(server, "tollgate/authorize", variables={"CALLERID(num)": f"1{index:03d}"})
            for index in range(100)
        ]
        fakes = await asyncio.gather(*calls)
        assert server.active_sessions == 0

    for index, fake in enumerate(fakes):
        assert fake.variables[RESULT_VARIABLE] == f"1700000000.{fake.number}/1{index:03d}"


async def test_graceful_shutdown_waits_for_in_flight_calls_and_refuses_new_ones() -> None:
    started, release = asyncio.Event(), asyncio.Event()

    async def slow(session: AgiSession) -> None:
        started.set()
        await release.wait()
        await session.set_variable(RESULT_VARIABLE, "ok")

    server = AgiServer({"slow": slow}, HOST, 0)
    await server.start()
    port = server.port
    in_flight = asyncio.create_task(call(server, "slow"))
    await started.wait()

    closing = asyncio.create_task(server.close(grace=5))
    await asyncio.sleep(0.05)
    assert not closing.done()
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection(HOST, port)

    release.set()
    await closing
    fake = await in_flight
    assert fake.variables[RESULT_VARIABLE] == "ok"
    assert server.active_sessions == 0


async def test_shutdown_cancels_calls_that_outlive_the_grace_period(
    caplog: pytest.LogCaptureFixture,
) -> None:
    started = asyncio.Event()

    async def stuck(session: AgiSession) -> None:
        started.set()
        await asyncio.Event().wait()

    server = AgiServer({"stuck": stuck}, HOST, 0)
    await server.start()
    in_flight = asyncio.create_task(call(server, "stuck"))
    await started.wait()

    loop = asyncio.get_running_loop()
    began = loop.time()
    await server.close(grace=0.1)

    assert loop.time() - began < 2
    fake = await in_flight
    assert fake.closed_by == "gateway"
    assert server.active_sessions == 0
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_serve_forever_returns_after_close() -> None:
    server = AgiServer({}, HOST, 0)
    serving = asyncio.create_task(server.serve_forever())
    await asyncio.sleep(0.05)

    await server.close()

    async with asyncio.timeout(1):
        await serving
