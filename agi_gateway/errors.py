"""The gateway's one exception tree. Everything the AGI layer raises on purpose is an AgiError.

::

    AgiError
    ├── AgiProtocolError     malformed input from the wire (environment, reply, oversized line)
    ├── AgiArgumentError     a command we refuse to send (newline/NUL, too long, bad name); also
    │                        a ValueError
    ├── AgiTimeout           Asterisk did not send the environment or a reply in time
    ├── AgiCommandError      Asterisk rejected the command: 510, 520 (or any other non-200)
    └── AgiHangup            the channel is gone; the call cannot be controlled any more
        ├── AgiDeadChannel   Asterisk answered 511 (command not permitted on a dead channel)
        └── AgiConnectionLost  the socket closed or reset before a reply arrived

Handlers that only care whether the caller is still there catch ``AgiHangup``.

The backend client and the configuration have their own roots, because what went wrong there
is not the AGI conversation::

    BackendError
    ├── BackendUnavailable   no usable answer: unreachable, timeout, 5xx, 408, 429
    ├── BackendProblem       the backend refused the request with a 4xx (.status, .problem)
    └── BackendProtocolError a 2xx answer that does not follow the contract
    ConfigError              a TOLLGATE_AGI_* variable holds an unusable value (a ValueError)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from agi_gateway.protocol import AgiReply


class AgiError(Exception):
    """Base of every error the AGI gateway raises deliberately."""


class AgiProtocolError(AgiError):
    """The peer sent something that is not AGI (bad environment line, bad reply, line too long).

    After this the byte stream cannot be trusted; the session is closed.
    """


class AgiArgumentError(AgiError, ValueError):
    """A command was refused before sending: it would not be one safe AGI line."""


class AgiTimeout(AgiError):
    """No environment or no reply within the configured bound; the session is closed."""


class AgiCommandError(AgiError):
    """Asterisk answered with 510 (unknown command), 520 (bad syntax) or another non-200 code."""

    def __init__(self, reply: AgiReply) -> None:
        detail = reply.message or reply.lines[0]
        super().__init__(f"AGI command failed with {reply.code}: {detail}")
        self.reply = reply


class AgiHangup(AgiError):
    """The channel hung up: Asterisk sent ``HANGUP`` or the call can no longer be controlled."""


class AgiDeadChannel(AgiHangup):
    """Asterisk answered 511: the command is not permitted on a dead channel."""

    def __init__(self, reply: AgiReply) -> None:
        super().__init__(f"AGI command not permitted on a dead channel: {reply.lines[0]}")
        self.reply = reply


class AgiConnectionLost(AgiHangup):
    """The FastAGI socket closed or reset while a command was outstanding."""


class BackendError(Exception):
    """Base of every error the backend client raises."""


class BackendUnavailable(BackendError):
    """The backend gave no usable answer in time: unreachable, timed out, 5xx, 408 or 429.

    Safe to retry: authorize falls back to the fail policy, finalize is spooled.
    """


class BackendProblem(BackendError):
    """The backend answered 4xx; ``problem`` is its RFC 9457 body (or ``{"detail": text}``)."""

    def __init__(self, status: int, problem: dict[str, object]) -> None:
        self.status = status
        self.problem = problem
        super().__init__(f"backend answered {status}: {self.title}: {self.detail}")

    @property
    def title(self) -> str:
        return str(self.problem.get("title") or "")

    @property
    def detail(self) -> str:
        return str(self.problem.get("detail") or "")


class BackendProtocolError(BackendError):
    """A 2xx answer whose body does not match the internal API contract."""


class ConfigError(ValueError):
    """A configuration variable holds a value the gateway cannot use."""
