"""Asterisk's side of FastAGI, protocol-exact, to drive agi_gateway over a real TCP socket.

Modelled on res_agi.c as shipped with Asterisk 20, deliberately without importing agi_gateway
(a fake that shared the gateway's code would agree with its bugs):

* ``launch_netscript`` + ``setup_env``: ``agi_network``, ``agi_network_script``, then the
  ``agi_*`` block in setup_env's order, ``agi_arg_N``, and a blank line.
* ``parse_args``: double quotes group, backslash escapes the next character.
* ``agi_handle_command``: ``200 result=...``, ``510`` unknown, ``511`` not permitted on a dead
  channel, ``520-``/``520`` multi-line usage on wrong argument counts.
* ``run_agi``: ``HANGUP`` is sent when the channel hangs up while the script runs, and once
  more after the script closes the socket (unless the channel variable AGISIGHUP is "no").

Not modelled: audio commands beyond a canned reply, ``$[...]`` expressions, nested ``${}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, Self
from urllib.parse import urlencode

ASTERISK_VERSION = "20.5.2"
UNKNOWN_COMMAND = "510 Invalid or unknown command"
DEAD_CHANNEL = "511 Command Not Permitted on a dead channel or intercept routine"
USAGE_FIRST = "520-Invalid command syntax.  Proper usage follows:"
USAGE_LAST = "520 End of proper usage."
#: fgets into char buf[AGI_BUF_LEN = 2048]: 2047 bytes including the newline.
MAX_COMMAND_BYTES = 2047
#: handle_getvariable formats into char tempstr[1024].
MAX_GET_VARIABLE_BYTES = 1023

_call_numbers = itertools.count(1)
_VARIABLE_REFERENCE = re.compile(r"\$\{([^{}]*)\}")


def parse_agi_args(line: str) -> list[str]:
    """A line-for-line port of res_agi.c ``parse_args``."""
    args: list[str] = []
    word: list[str] | None = None  # None while between words
    quoted = escaped = False
    for char in line:
        if char == '"' and not escaped:
            quoted = not quoted
            if quoted and word is None:
                word = []
            continue
        if char in " \t" and not quoted and not escaped:
            if word is not None:
                args.append("".join(word))
                word = None
            continue
        if char == "\\" and not escaped:
            escaped = True
            continue
        if word is None:
            word = []
        word.append(char)
        escaped = False
    if word is not None:
        args.append("".join(word))
    return args


def substitute_variables(expression: str, variables: Mapping[str, str]) -> str:
    """``${NAME}`` and ``${FUNC(arg)}`` replaced from ``variables``; unset ones become ""."""
    return _VARIABLE_REFERENCE.sub(lambda match: variables.get(match.group(1), ""), expression)


@dataclass(frozen=True, slots=True)
class TranscriptLine:
    sender: Literal["asterisk", "gateway"]
    text: str


Reply = list[str]
CommandHandler = Callable[["FakeAsterisk", list[str]], Reply]


@dataclass(frozen=True, slots=True)
class _Command:
    words: tuple[str, ...]
    dead_safe: bool
    run: CommandHandler
    usage: str


class FakeAsterisk:
    """One call: connects, sends the environment, answers commands until the socket closes.

    Options simulate what real channels do:

    * ``hangup_before_command=n``: the caller hangs up while command ``n`` (1-based) is in
      flight: ``HANGUP`` is sent before its reply and the channel is dead from then on.
    * ``dead_channel=True``: AGI runs in the ``h`` extension: no ``HANGUP`` notice, but every
      command that is not dead-safe is answered 511.
    * ``usage_error_commands={"SET VARIABLE"}``: answer those verbs with a multi-line 520.
    * ``reply_delay``: seconds to wait before each reply.
    * ``disconnect_after_commands=n``: abort the socket on receiving command ``n``, no reply.

    Channel variables AGISIGHUP=no (no HANGUP notices) and AGIEXITONHANGUP=yes (close the
    socket right after the notice) change the hangup behaviour as they do in Asterisk.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        script: str = "tollgate/authorize",
        query: Mapping[str, str] | None = None,
        args: Iterable[str] = (),
        env: Mapping[str, str | None] | None = None,
        variables: Mapping[str, str] | None = None,
        hangup_before_command: int | None = None,
        dead_channel: bool = False,
        usage_error_commands: Iterable[str] = (),
        reply_delay: float = 0.0,
        disconnect_after_commands: int | None = None,
        max_call_seconds: float = 10.0,
    ) -> None:
        self.host, self.port = host, port
        self.script, self.query, self.args = script, dict(query or {}), list(args)
        self.env_overrides = dict(env or {})
        self.variables: dict[str, str] = dict(variables or {})
        self.transcript: list[TranscriptLine] = []
        self.verbose_messages: list[str] = []
        self.violations: list[str] = []
        self.closed_by: Literal["gateway", "asterisk"] | None = None
        self.dead = dead_channel
        self.max_call_seconds = max_call_seconds
        self.number = next(_call_numbers)
        self._hangup_before = hangup_before_command
        self._usage_errors = {verb.upper() for verb in usage_error_commands}
        self._reply_delay = reply_delay
        self._disconnect_after = disconnect_after_commands
        self._received = 0
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    # -- what Asterisk sends first --------------------------------------------------------------

    @property
    def channel(self) -> str:
        return str(self.env_overrides.get("agi_channel") or f"PJSIP/1001-{self.number:08x}")

    def environment_lines(self) -> list[str]:
        """The block in Asterisk 20's order; ``env`` overrides values (None removes a key)."""
        target = self.script + (f"?{urlencode(self.query)}" if self.query else "")
        values: dict[str, str | None] = {
            "agi_network": "yes",
            "agi_network_script": target or None,
            "agi_request": f"agi://{self.host}:{self.port}/{target}",
            "agi_channel": self.channel,
            "agi_language": "en",
            "agi_type": "PJSIP",
            "agi_uniqueid": f"1700000000.{self.number}",
            "agi_version": ASTERISK_VERSION,
            "agi_callerid": "1001",
            "agi_calleridname": "Alice",
            "agi_callingpres": "0",
            "agi_callingani2": "0",
            "agi_callington": "0",
            "agi_callingtns": "0",
            "agi_dnid": "15551234567",
            "agi_rdnis": "unknown",
            "agi_context": "billing",
            "agi_extension": "15551234567",
            "agi_priority": "1",
            "agi_enhanced": "0.0",
            "agi_accountcode": "",
            "agi_threadid": "140536656537344",
        }
        values.update(self.env_overrides)
        lines = [f"{key}: {value}" for key, value in values.items() if value is not None]
        lines += [f"agi_arg_{index}: {arg}" for index, arg in enumerate(self.args, start=1)]
        return lines

    # -- connection -----------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        await self._send([*self.environment_lines(), ""])
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(ConnectionError):
                await self._writer.wait_closed()

    @property
    def commands(self) -> list[str]:
        """The command lines the gateway sent, in order."""
        return [line.text for line in self.transcript if line.sender == "gateway"]

    async def run_until_closed(self) -> None:
        """Answer commands until the gateway closes the socket (or a simulated disconnect).

        Bounded by ``max_call_seconds`` so a gateway that never hangs up fails the test.
        """
        assert self._reader is not None, "use 'async with FakeAsterisk(...)'"
        async with asyncio.timeout(self.max_call_seconds):
            while True:
                try:
                    raw = await self._reader.readline()
                    if raw.endswith(b"\n") and await self._handle(raw):
                        continue
                except ConnectionError:
                    pass  # the gateway reset the socket, e.g. while we were slow to reply
                if self.closed_by is None:
                    self.closed_by = "gateway"
                    await self._notify_script_closed()
                return

    async def _handle(self, raw: bytes) -> bool:
        self._received += 1
        line = raw[:-1].decode("utf-8", errors="replace")
        self.transcript.append(TranscriptLine("gateway", line))
        if len(raw) > MAX_COMMAND_BYTES:
            self.violations.append(f"command of {len(raw)} bytes exceeds AGI_BUF_LEN")
        if self._received == self._disconnect_after:
            assert self._writer is not None
            self._writer.transport.abort()
            self.closed_by = "asterisk"
            return False
        if self._received == self._hangup_before and not self.dead:
            self.dead = True
            await self._send(self._hangup_notice())
            if _is_true(self.variables.get("AGIEXITONHANGUP", "")):
                # run_agi breaks out of its loop, sends its closing HANGUP and closes the socket.
                await self._send(self._hangup_notice())
                assert self._writer is not None
                self._writer.close()
                self.closed_by = "asterisk"
                return False
        if self._reply_delay:
            await asyncio.sleep(self._reply_delay)
        await self._send(self.answer(line))
        return True

    async def _notify_script_closed(self) -> None:
        # run_agi's last act: tell a FastAGI script the channel is done, even after it closed.
        with contextlib.suppress(ConnectionError):
            await self._send(self._hangup_notice())

    def _hangup_notice(self) -> Reply:
        return [] if _is_false(self.variables.get("AGISIGHUP", "yes")) else ["HANGUP"]

    async def _send(self, lines: list[str]) -> None:
        assert self._writer is not None
        if not lines:
            return
        for line in lines:
            self.transcript.append(TranscriptLine("asterisk", line))
        self._writer.write("".join(f"{line}\n" for line in lines).encode("utf-8"))
        await self._writer.drain()

    # -- the command table ----------------------------------------------------------------------

    def answer(self, line: str) -> Reply:
        """The reply lines res_agi would send for ``line`` on this channel."""
        argv = parse_agi_args(line)
        command = _find_command(argv)
        if command is None:
            return [UNKNOWN_COMMAND]
        if self.dead and not command.dead_safe:
            return [DEAD_CHANNEL]
        if " ".join(command.words) in self._usage_errors:
            return _usage(command)
        reply = command.run(self, argv)
        return reply if reply else _usage(command)

    def _get_variable(self, argv: list[str]) -> Reply:
        if len(argv) != 3:
            return []
        value = self.variables.get(argv[2])
        if value is None:
            return ["200 result=0"]
        clipped = value.encode("utf-8")[:MAX_GET_VARIABLE_BYTES].decode("utf-8", errors="ignore")
        return [f"200 result=1 ({clipped})"]

    def _get_full_variable(self, argv: list[str]) -> Reply:
        if len(argv) not in (4, 5):
            return []
        if len(argv) == 5 and argv[4] != self.channel:
            return ["200 result=0"]
        return [f"200 result=1 ({substitute_variables(argv[3], self.variables)})"]

    def _set_variable(self, argv: list[str]) -> Reply:
        if len(argv) != 4:
            return []
        self.variables[argv[2]] = argv[3]
        return ["200 result=1"]

    def _verbose(self, argv: list[str]) -> Reply:
        if len(argv) < 2:
            return []
        self.verbose_messages.append(argv[1])
        return ["200 result=1"]

    def _hangup(self, argv: list[str]) -> Reply:
        if len(argv) > 2:
            return []
        if len(argv) == 2 and argv[1] != self.channel:
            return ["200 result=-1"]
        self.dead = True
        return ["200 result=1", *self._hangup_notice()]

    def _answer_channel(self, argv: list[str]) -> Reply:
        return ["200 result=0"]

    def _stream_file(self, argv: list[str]) -> Reply:
        return ["200 result=0 endpos=8000"] if len(argv) in (4, 5) else []


def _is_true(value: str) -> bool:  # ast_true
    return value.lower() in ("yes", "true", "y", "t", "1", "on")


def _is_false(value: str) -> bool:  # ast_false
    return value.lower() in ("no", "false", "n", "f", "0", "off")


def _find_command(argv: list[str]) -> _Command | None:
    for command in _COMMANDS:
        size = len(command.words)
        if [word.upper() for word in argv[:size]] == list(command.words):
            return command
    return None


def _usage(command: _Command) -> Reply:
    return [USAGE_FIRST, *command.usage.splitlines(), USAGE_LAST]


_COMMANDS = (
    _Command(
        ("GET", "FULL", "VARIABLE"),
        True,
        FakeAsterisk._get_full_variable,
        " Usage: GET FULL VARIABLE <variablename> [<channel name>]\n"
        "\tReturns 0 if <variablename> is not set or channel does not exist.",
    ),
    _Command(
        ("GET", "VARIABLE"),
        True,
        FakeAsterisk._get_variable,
        " Usage: GET VARIABLE <variablename>\n"
        "\tReturns 0 if <variablename> is not set.  Returns 1 if <variablename>\n"
        " is set and returns the variable in parentheses.\n"
        " example return code: 200 result=1 (testvariable)",
    ),
    _Command(
        ("SET", "VARIABLE"),
        True,
        FakeAsterisk._set_variable,
        " Usage: SET VARIABLE <variablename> <value>",
    ),
    _Command(("VERBOSE",), True, FakeAsterisk._verbose, ' Usage: VERBOSE "<message>" <level>'),
    _Command(("NOOP",), True, FakeAsterisk._answer_channel, " Usage: NOOP"),
    _Command(("ANSWER",), False, FakeAsterisk._answer_channel, " Usage: ANSWER"),
    _Command(("HANGUP",), False, FakeAsterisk._hangup, " Usage: HANGUP [<channelname>]"),
    _Command(
        ("STREAM", "FILE"),
        False,
        FakeAsterisk._stream_file,
        " Usage: STREAM FILE <filename> <escape digits> [sample offset]",
    ),
)
