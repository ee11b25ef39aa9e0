"""AgiSession over a real socket, with FakeAsterisk playing Asterisk 20's side."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from agi_gateway import (
    AgiArgumentError,
    AgiCommandError,
    AgiConnectionLost,
    AgiDeadChannel,
    AgiHangup,
    AgiProtocolError,
    AgiServer,
    AgiSession,
    AgiTimeout,
)
from agi_gateway.protocol import MAX_COMMAND_BYTES
from tests.support.fake_asterisk import FakeAsterisk

HOST = "127.0.0.1"
Body = Callable[[AgiSession, dict[str, Any]], Awaitable[None]]


async def run_call(
    body: Body, server_options: dict[str, Any] | None = None, **call: Any
) -> tuple[dict[str, Any], FakeAsterisk]:
    """Run ``body`` as the handler of one call; return what it recorded and the fake call."""
    seen: dict[str, Any] = {}

    async def handler(session: AgiSession) -> None:
        await body(session, seen)

    async with (
        AgiServer({"test/script": handler}, HOST, 0, **(server_options or {})) as server,
        FakeAsterisk(HOST, server.port, script="test/script", **call) as fake,
    ):
        await fake.run_until_closed()
    assert fake.violations == []
    return seen, fake


async def test_get_variable_returns_value_or_none_when_unset() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        seen["num"] = await session.get_variable("CALLERID(num)")
        seen["empty"] = await session.get_variable("EMPTY")
        seen["unset"] = await session.get_variable("NOT_SET")

    seen, fake = await run_call(body, variables={"CALLERID(num)": "1001", "EMPTY": ""})

    assert seen == {"num": "1001", "empty": "", "unset": None}
    assert fake.commands == [
        "GET VARIABLE CALLERID(num)",
        "GET VARIABLE EMPTY",
        "GET VARIABLE NOT_SET",
    ]
    assert fake.closed_by == "gateway"


@pytest.mark.parametrize(
    "value", ["two words", 'say "hi"', "back\\slash\\", "Zoë 東京 📞", "", "(paren) x)"]
)
async def test_values_survive_set_and_get_through_asterisk(value: str) -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        await session.set_variable("TOLLGATE_NOTE", value)
        seen["read_back"] = await session.get_variable("TOLLGATE_NOTE")

    seen, fake = await run_call(body)

    assert fake.variables["TOLLGATE_NOTE"] == value
    assert seen["read_back"] == value


async def test_longest_value_allowed_fits_asterisk_command_buffer() -> None:
    longest = "é" * ((MAX_COMMAND_BYTES - len('SET VARIABLE X ""\n')) // 2)

    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        await session.set_variable("X", longest)
        with pytest.raises(AgiArgumentError):
            await session.set_variable("X", longest + "é")

    _, fake = await run_call(body)

    assert fake.variables["X"] == longest
    assert len(fake.commands) == 1


async def test_get_full_variable_evaluates_expressions_on_the_channel() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        seen["billsec"] = await session.get_full_variable("${CDR(billsec)}")
        seen["joined"] = await session.get_full_variable("${A} and ${B}")
        seen["unset"] = await session.get_full_variable("${NOPE}")

    seen, _ = await run_call(body, variables={"CDR(billsec)": "42", "A": "x y", "B": "z"})

    assert seen == {"billsec": "42", "joined": "x y and z", "unset": ""}


async def test_verbose_message_reaches_the_asterisk_console() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        await session.verbose('Tollgate: "no credit" for 1001', 2)

    _, fake = await run_call(body)

    assert fake.verbose_messages == ['Tollgate: "no credit" for 1001']


async def test_hangup_notice_before_a_reply_is_absorbed_and_the_reply_still_read() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        seen["a"] = await session.get_variable("A")
        seen["b"] = await session.get_variable("B")  # HANGUP arrives before this reply
        seen["hung_up"] = session.hung_up
        await session.set_variable("TOLLGATE_RESULT", "hangup")  # dead-safe: still sent
        with pytest.raises(AgiHangup):
            await session.run_command("STREAM FILE", "beep", "")

    seen, fake = await run_call(body, variables={"A": "1", "B": "2"}, hangup_before_command=2)

    assert seen == {"a": "1", "b": "2", "hung_up": True}
    assert fake.variables["TOLLGATE_RESULT"] == "hangup"
    assert not any(command.startswith("STREAM FILE") for command in fake.commands)


async def test_exit_on_hangup_closing_the_socket_surfaces_as_a_hangup() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        with pytest.raises(AgiConnectionLost):
            await session.get_variable("A")
        seen["hung_up"] = session.hung_up

    seen, fake = await run_call(
        body, variables={"A": "1", "AGIEXITONHANGUP": "yes"}, hangup_before_command=1
    )

    assert seen == {"hung_up": True}
    assert fake.closed_by == "asterisk"


async def test_without_hangup_notices_a_dead_channel_is_learned_from_511() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        seen["a"] = await session.get_variable("A")
        seen["before_511"] = session.hung_up
        with pytest.raises(AgiDeadChannel):
            await session.run_command("ANSWER")
        seen["after_511"] = session.hung_up

    seen, fake = await run_call(
        body, variables={"A": "1", "AGISIGHUP": "no"}, hangup_before_command=1
    )

    assert seen == {"a": "1", "before_511": False, "after_511": True}
    assert "HANGUP" not in [line.text for line in fake.transcript if line.sender == "asterisk"]


async def test_command_in_flight_when_caller_hangs_up_raises_dead_channel() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        with pytest.raises(AgiDeadChannel) as dead:
            await session.run_command("STREAM FILE", "beep", "")
        seen["code"] = dead.value.reply.code
        seen["hung_up"] = session.hung_up

    seen, _ = await run_call(body, hangup_before_command=1)

    assert seen == {"code": 511, "hung_up": True}


async def test_h_extension_dead_channel_still_answers_variable_commands() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        seen["billsec"] = await session.get_full_variable("${CDR(billsec)}")
        with pytest.raises(AgiDeadChannel):
            await session.run_command("ANSWER")
        await session.set_variable("TOLLGATE_RESULT", "finalized")
        await session.hangup()  # already gone: nothing to do, nothing sent

    seen, fake = await run_call(body, dead_channel=True, variables={"CDR(billsec)": "61"})

    assert seen == {"billsec": "61"}
    assert fake.variables["TOLLGATE_RESULT"] == "finalized"
    assert "HANGUP" not in fake.commands


async def test_hangup_is_sent_once_and_later_variable_reads_still_work() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        await session.hangup()
        await session.hangup()
        seen["after"] = await session.get_variable("A")  # consumes the HANGUP notice first

    seen, fake = await run_call(body, variables={"A": "still here"})

    assert fake.commands == ["HANGUP", "GET VARIABLE A"]
    assert seen == {"after": "still here"}


async def test_usage_error_raises_command_error_and_session_stays_usable() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        with pytest.raises(AgiCommandError) as failed:
            await session.set_variable("X", "y")
        seen["code"] = failed.value.reply.code
        seen["usage"] = failed.value.reply.usage
        seen["next"] = await session.get_variable("A")

    seen, _ = await run_call(body, variables={"A": "ok"}, usage_error_commands={"SET VARIABLE"})

    assert seen["code"] == 520
    assert "Usage: SET VARIABLE" in seen["usage"]
    assert seen["next"] == "ok"


async def test_unknown_command_raises_command_error_510() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        with pytest.raises(AgiCommandError) as failed:
            await session.run_command("FROBNICATE", "x")
        seen["code"] = failed.value.reply.code

    seen, _ = await run_call(body)

    assert seen == {"code": 510}


async def test_slow_reply_times_out_and_session_refuses_further_commands() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        with pytest.raises(AgiTimeout):
            await session.get_variable("A")
        with pytest.raises(AgiConnectionLost):
            await session.get_variable("A")
        seen["done"] = True

    seen, fake = await run_call(
        body, {"command_timeout": 0.1}, variables={"A": "late"}, reply_delay=0.5
    )

    assert seen == {"done": True}
    assert fake.commands == ["GET VARIABLE A"]
    assert fake.closed_by == "gateway"


async def test_asterisk_dropping_the_socket_mid_command_raises_connection_lost() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        with pytest.raises(AgiConnectionLost) as lost:
            await session.get_variable("A")
        seen["is_hangup"] = isinstance(lost.value, AgiHangup)

    seen, fake = await run_call(body, disconnect_after_commands=1)

    assert seen == {"is_hangup": True}
    assert fake.closed_by == "asterisk"


async def test_value_containing_a_newline_is_a_protocol_error_not_a_wrong_value() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        with pytest.raises(AgiProtocolError):
            await session.get_variable("BROKEN")
        seen["raised"] = True

    seen, _ = await run_call(body, variables={"BROKEN": "first\nsecond"})

    assert seen == {"raised": True}


async def test_concurrent_commands_on_one_session_are_serialised() -> None:
    names = [f"V{index}" for index in range(20)]

    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        values = await asyncio.gather(*(session.get_variable(name) for name in names))
        seen.update(zip(names, values, strict=True))

    seen, _ = await run_call(body, variables={name: f"value of {name}" for name in names})

    assert seen == {name: f"value of {name}" for name in names}


async def test_handler_sees_the_parsed_environment() -> None:
    async def body(session: AgiSession, seen: dict[str, Any]) -> None:
        env = session.environment
        seen.update(script=env.script, query=dict(env.query), args=env.args, uid=env.uniqueid)

    seen, fake = await run_call(body, query={"tenant": "acme"}, args=["15551234567", "a b"])

    assert seen == {
        "script": "test/script",
        "query": {"tenant": "acme"},
        "args": ("15551234567", "a b"),
        "uid": f"1700000000.{fake.number}",
    }
