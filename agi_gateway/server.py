"""asyncio FastAGI server: one AgiSession per Asterisk connection, dispatched by script name.

Asterisk opens a TCP connection per ``AGI(agi://host:4573/tollgate/authorize,...)`` call, sends
the environment block, then waits for commands; closing the socket ends the AGI application and
the dialplan continues. Handlers are ``async def handler(session) -> None``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import Self

from agi_gateway.errors import (
    AgiConnectionLost,
    AgiDeadChannel,
    AgiError,
    AgiHangup,
    AgiProtocolError,
    AgiTimeout,
)
from agi_gateway.protocol import (
    MAX_ENVIRONMENT_LINES,
    AgiEnvironment,
    AgiReply,
    AgiReplyParser,
    command_verb,
    encode_command,
    format_command,
    get_full_variable_command,
    get_variable_command,
    hangup_command,
    is_dead_safe,
    is_hangup_line,
    parse_environment,
    set_variable_command,
    verbose_command,
)

logger = logging.getLogger("agi_gateway")

Handler = Callable[["AgiSession"], Awaitable[None]]

#: Channel variables through which the gateway itself tells the dialplan that it failed.
RESULT_VARIABLE = "TOLLGATE_RESULT"
REASON_VARIABLE = "TOLLGATE_REASON"

_CLOSE_TIMEOUT = 1.0
_CANCEL_TIMEOUT = 2.0


async def _read_line(reader: asyncio.StreamReader) -> str:
    """One ``\\n``-terminated line, decoded; bounded by the reader's limit."""
    try:
        raw = await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as exc:
        raise AgiConnectionLost("FastAGI connection closed by Asterisk") from exc
    except asyncio.LimitOverrunError as exc:
        raise AgiProtocolError("AGI line exceeds the line-length limit") from exc
    except ConnectionError as exc:
        raise AgiConnectionLost(f"FastAGI connection failed: {exc}") from exc
    text = raw[:-1].decode("utf-8", errors="replace")
    return text[:-1] if text.endswith("\r") else text


async def read_environment(reader: asyncio.StreamReader) -> AgiEnvironment:
    """Read the ``agi_*`` block up to its blank line. Callers bound it with ``asyncio.timeout``."""
    lines: list[str] = []
    while (line := await _read_line(reader)) != "":
        if len(lines) == MAX_ENVIRONMENT_LINES:
            raise AgiProtocolError(f"AGI environment exceeds {MAX_ENVIRONMENT_LINES} lines")
        lines.append(line)
    return parse_environment(lines)


class AgiSession:
    """The gateway's side of one FastAGI conversation.

    Commands are strictly one at a time (a lock serialises concurrent callers), each answered by
    exactly one reply. A ``HANGUP`` notice may precede any reply; it marks the session
    :attr:`hung_up` and the reply that follows is still read. Once hung up, commands Asterisk
    runs on dead channels (GET/SET VARIABLE, GET FULL VARIABLE, VERBOSE, ...) are still sent;
    any other command raises :class:`AgiHangup` without being sent. After a timeout or a
    protocol error the stream is out of step, so the session closes and refuses further use.
    """

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        environment: AgiEnvironment,
        *,
        command_timeout: float = 10.0,
    ) -> None:
        self.environment = environment
        self._reader = reader
        self._writer = writer
        self._command_timeout = command_timeout
        self._lock = asyncio.Lock()
        self._hung_up = False
        self._broken = False

    @property
    def hung_up(self) -> bool:
        """True once Asterisk sent ``HANGUP``, answered 511, or :meth:`hangup` succeeded."""
        return self._hung_up

    async def get_variable(self, name: str) -> str | None:
        """The channel variable's value, or ``None`` when it is not set (``200 result=0``)."""
        return self._value_of(await self.execute(get_variable_command(name)))

    async def get_full_variable(self, expression: str) -> str | None:
        """Evaluate an expression such as ``${CDR(billsec)}`` on the channel.

        Asterisk answers ``result=1`` with the substituted text ("" for unset variables);
        ``None`` only when it answers ``result=0``.
        """
        return self._value_of(await self.execute(get_full_variable_command(expression)))

    def _value_of(self, reply: AgiReply) -> str | None:
        if reply.result != 1:
            return None
        if reply.data is None:
            # Asterisk prints values raw: one holding a newline split the reply across lines,
            # and its tail is still in the stream. Nothing after this can be trusted.
            self._abandon()
            raise AgiProtocolError(f"value reply without (data): {reply.lines[0][:80]!r}")
        return reply.data

    async def set_variable(self, name: str, value: str) -> None:
        await self.execute(set_variable_command(name, value))

    async def verbose(self, message: str, level: int = 1) -> None:
        await self.execute(verbose_command(message, level))

    async def hangup(self) -> None:
        """Hang up the channel. Does nothing when the channel has already hung up."""
        if self._hung_up:
            return
        try:
            await self.execute(hangup_command())
        except AgiDeadChannel:
            return  # it hung up on its own first: the outcome the caller asked for
        self._hung_up = True

    async def run_command(self, verb: str, *args: str | int) -> AgiReply:
        """Send any AGI command, string arguments quoted (see ``protocol.format_command``)."""
        return await self.execute(format_command(verb, *args))

    async def execute(self, command: str) -> AgiReply:
        """Send one pre-formatted command line and return its 200 reply.

        Raises :class:`AgiHangup` (or its subclasses) when the channel is gone,
        :class:`AgiCommandError` for 510/520, :class:`AgiTimeout` when no reply comes in time.
        """
        verb = command_verb(command)
        payload = encode_command(command)
        async with self._lock:
            if self._broken:
                raise AgiConnectionLost("AGI session is closed")
            if self._hung_up and not is_dead_safe(verb):
                raise AgiHangup(f"channel hung up; {verb or command!r} needs a live channel")
            reply = await self._exchange(payload)
        if reply.code == 511:
            self._hung_up = True
        reply.raise_for_status()
        return reply

    async def _exchange(self, payload: bytes) -> AgiReply:
        try:
            async with asyncio.timeout(self._command_timeout):
                self._writer.write(payload)
                await self._writer.drain()
                return await self._read_reply()
        except TimeoutError as exc:
            self._abandon()
            raise AgiTimeout(f"no AGI reply within {self._command_timeout}s") from exc
        except ConnectionError as exc:
            self._abandon()
            raise AgiConnectionLost(f"FastAGI connection failed: {exc}") from exc
        except (AgiProtocolError, AgiConnectionLost):
            self._abandon()
            raise

    async def _read_reply(self) -> AgiReply:
        parser = AgiReplyParser()
        while True:
            line = await _read_line(self._reader)
            if not parser.in_progress and is_hangup_line(line):
                if not self._hung_up:
                    logger.info("agi.channel.hangup_notice", extra=_log_fields(self.environment))
                self._hung_up = True
                continue
            reply = parser.feed(line)
            if reply is not None:
                return reply

    def _abandon(self) -> None:
        self._broken = True
        self._writer.close()

    async def close(self) -> None:
        """Close the connection, which ends the AGI application in Asterisk."""
        self._broken = True
        await _close_writer(self._writer)


async def _close_writer(writer: asyncio.StreamWriter) -> None:
    writer.close()
    try:
        async with asyncio.timeout(_CLOSE_TIMEOUT):
            await writer.wait_closed()
    except (TimeoutError, ConnectionError):
        # The peer vanished first (Asterisk resets sockets of dead channels); nothing to flush.
        pass


def _peer_name(writer: asyncio.StreamWriter) -> str:
    peer = writer.get_extra_info("peername")
    if isinstance(peer, tuple) and len(peer) >= 2:
        return f"{peer[0]}:{peer[1]}"
    return str(peer)


def _log_fields(environment: AgiEnvironment | None, **more: object) -> dict[str, object]:
    fields: dict[str, object] = dict(more)
    if environment is not None:
        fields.update(
            agi_script=environment.script,
            agi_uniqueid=environment.uniqueid,
            agi_channel=environment.channel,
        )
    return fields


class AgiServer:
    """FastAGI listener that runs ``handlers[environment.script]`` for each connection.

    * An unknown script name is answered with a VERBOSE line and ``TOLLGATE_RESULT=error``,
      ``TOLLGATE_REASON=unknown_script``, so a dialplan that checks the result fails closed.
    * A handler that raises is logged; unless the channel hung up the gateway sets
      ``TOLLGATE_RESULT=error`` (reason ``agi_error`` or ``internal_error``). Nothing a handler
      or a peer does stops the server.
    * Every connection is closed when its handler returns; closing is what ends AGI() in
      Asterisk.
    * :meth:`close` stops accepting, lets in-flight sessions finish for ``shutdown_grace``
      seconds, then cancels the rest.
    """

    def __init__(
        self,
        handlers: Mapping[str, Handler],
        host: str = "127.0.0.1",
        port: int = 4573,
        *,
        environment_timeout: float = 5.0,
        command_timeout: float = 10.0,
        max_line_bytes: int = 16 * 1024,
        shutdown_grace: float = 10.0,
    ) -> None:
        self._handlers = dict(handlers)
        self._host = host
        self._port = port
        self._environment_timeout = environment_timeout
        self._command_timeout = command_timeout
        self._max_line_bytes = max_line_bytes
        self._shutdown_grace = shutdown_grace
        self._server: asyncio.Server | None = None
        self._sessions: set[asyncio.Task[None]] = set()
        self._closed = asyncio.Event()

    @property
    def port(self) -> int:
        """The bound port (useful with ``port=0``); raises before :meth:`start`."""
        if self._server is None or not self._server.sockets:
            raise RuntimeError("AgiServer is not listening")
        port: int = self._server.sockets[0].getsockname()[1]
        return port

    @property
    def active_sessions(self) -> int:
        return len(self._sessions)

    async def start(self) -> None:
        if self._server is not None:
            raise RuntimeError("AgiServer already started")
        self._server = await asyncio.start_server(
            self._on_connection, self._host, self._port, limit=self._max_line_bytes
        )
        logger.info("agi.server.listening", extra={"host": self._host, "port": self.port})

    async def serve_forever(self) -> None:
        """Start if needed and wait until :meth:`close` has finished."""
        if self._server is None:
            await self.start()
        await self._closed.wait()

    async def close(self, grace: float | None = None) -> None:
        """Stop accepting, wait up to ``grace`` seconds for sessions, cancel the stragglers."""
        if self._server is None or self._closed.is_set():
            return
        self._server.close()
        await asyncio.sleep(0)  # let connections accepted just before close register themselves
        pending = set(self._sessions)
        if pending:
            bound = self._shutdown_grace if grace is None else grace
            _, stragglers = await asyncio.wait(pending, timeout=bound)
            for task in stragglers:
                task.cancel()
            if stragglers:
                logger.warning("agi.server.sessions_cancelled", extra={"count": len(stragglers)})
                await asyncio.wait(stragglers, timeout=_CANCEL_TIMEOUT)
        await self._server.wait_closed()
        self._closed.set()
        logger.info("agi.server.closed")

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None  # start_server runs every callback in its own task
        self._sessions.add(task)
        try:
            await self._serve(reader, writer, _peer_name(writer))
        except asyncio.CancelledError:
            # Only close() cancels these tasks. Ending normally keeps asyncio's stream callback
            # (which calls task.exception()) from logging the cancellation as an error.
            logger.warning("agi.session.cancelled", extra={"peer": _peer_name(writer)})
        finally:
            await _close_writer(writer)
            self._sessions.discard(task)

    async def _serve(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, peer: str
    ) -> None:
        try:
            async with asyncio.timeout(self._environment_timeout):
                environment = await read_environment(reader)
        except TimeoutError:
            logger.warning("agi.environment.timeout", extra={"peer": peer})
            return
        except AgiConnectionLost:
            # Port probes and health checks connect and leave; not worth a warning.
            logger.info("agi.environment.aborted", extra={"peer": peer})
            return
        except AgiError as exc:
            logger.warning("agi.environment.rejected", extra={"peer": peer, "error": str(exc)})
            return
        session = AgiSession(reader, writer, environment, command_timeout=self._command_timeout)
        handler = self._handlers.get(environment.script)
        if handler is None:
            await self._reject_unknown_script(session)
            return
        await self._run_handler(handler, session, peer)

    async def _run_handler(self, handler: Handler, session: AgiSession, peer: str) -> None:
        environment = session.environment
        started = asyncio.get_running_loop().time()
        outcome = "completed"
        try:
            await handler(session)
        except AgiHangup as exc:
            outcome = "hangup"
            logger.info("agi.session.hangup", extra=_log_fields(environment, error=str(exc)))
        except AgiError as exc:
            outcome = "agi_error"
            logger.warning("agi.session.agi_error", extra=_log_fields(environment, error=str(exc)))
            await _report_failure(session, "agi_error")
        except Exception:
            outcome = "internal_error"
            logger.exception("agi.session.handler_failed", extra=_log_fields(environment))
            await _report_failure(session, "internal_error")
        elapsed_ms = round((asyncio.get_running_loop().time() - started) * 1000)
        logger.info(
            "agi.session.finished",
            extra=_log_fields(environment, peer=peer, outcome=outcome, duration_ms=elapsed_ms),
        )

    async def _reject_unknown_script(self, session: AgiSession) -> None:
        script = session.environment.script
        logger.warning("agi.session.unknown_script", extra=_log_fields(session.environment))
        try:
            await session.verbose(f"Tollgate: no AGI handler for script '{script}'", 1)
        except AgiError as exc:
            logger.info("agi.session.report_failed", extra={"error": str(exc)})
        await _report_failure(session, "unknown_script")


async def _report_failure(session: AgiSession, reason: str) -> None:
    """Best effort: tell the dialplan the gateway failed, unless the channel is gone."""
    if session.hung_up:
        return
    try:
        await session.set_variable(RESULT_VARIABLE, "error")
        await session.set_variable(REASON_VARIABLE, reason)
    except AgiError as exc:
        logger.info(
            "agi.session.report_failed", extra=_log_fields(session.environment, error=str(exc))
        )
