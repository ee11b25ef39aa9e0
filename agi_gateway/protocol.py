"""The AGI wire format as Asterisk's res_agi speaks it over FastAGI. Pure: no sockets, no clock.

Everything here is a function of text in and text (or typed values) out, so the rules can be
table-tested without a network. The socket side lives in ``agi_gateway.server``.

Invariants this module guarantees:

* A command produced by :func:`format_command` (or the ``*_command`` builders) is exactly one
  line: it never contains ``\\n``, ``\\r`` or NUL, and its UTF-8 encoding plus the terminating
  newline fits Asterisk's 2048-byte command buffer. Anything else raises
  :class:`AgiArgumentError` before a byte is written (the injection guard).
* Every string argument is sent double-quoted with ``\\`` and ``"`` backslash-escaped, which
  res_agi's ``parse_args`` turns back into the identical string.
* Parsers never return partial results: malformed input raises :class:`AgiProtocolError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from urllib.parse import parse_qsl

from agi_gateway.errors import (
    AgiArgumentError,
    AgiCommandError,
    AgiDeadChannel,
    AgiProtocolError,
)

ENCODING = "utf-8"
#: res_agi reads a command with ``fgets`` into ``char buf[AGI_BUF_LEN]`` (2048): at most 2047
#: bytes including the newline. A longer line would be cut and its tail run as a second command.
MAX_COMMAND_BYTES = 2047
#: ~24 fixed variables plus up to 127 ``agi_arg_N`` (res_agi MAX_ARGS is 128).
MAX_ENVIRONMENT_LINES = 192
#: Usage texts of 520 replies are a few dozen lines; more means we are not talking to Asterisk.
MAX_USAGE_LINES = 200
HANGUP_LINE = "HANGUP"
_USAGE_END = "520 End of proper usage."
_EMPTY: Mapping[str, str] = MappingProxyType({})

#: Commands res_agi registers with ``dead = 1``: Asterisk still runs them after the channel hung
#: up (or in the ``h`` extension); any other command is answered ``511`` there.
DEAD_SAFE_COMMANDS = frozenset(
    {
        *("ASYNCAGI BREAK", "DATABASE DEL", "DATABASE DELTREE", "DATABASE GET", "DATABASE PUT"),
        *("EXEC", "GET FULL VARIABLE", "GET VARIABLE", "NOOP", "SET VARIABLE", "VERBOSE"),
        *("SPEECH DESTROY", "SPEECH UNLOAD GRAMMAR"),
    }
)

#: Every command res_agi registers (Asterisk 20), to tell a verb from its first argument.
KNOWN_COMMANDS = DEAD_SAFE_COMMANDS | {
    *("ANSWER", "CHANNEL STATUS", "CONTROL STREAM FILE", "GET DATA", "GET OPTION", "GOSUB"),
    *("HANGUP", "RECEIVE CHAR", "RECEIVE TEXT", "RECORD FILE", "SAY ALPHA", "SAY DATE"),
    *("SAY DATETIME", "SAY DIGITS", "SAY NUMBER", "SAY PHONETIC", "SAY TIME", "SEND IMAGE"),
    *("SEND TEXT", "SET AUTOHANGUP", "SET CALLERID", "SET CONTEXT", "SET EXTENSION"),
    *("SET MUSIC", "SET PRIORITY", "SPEECH ACTIVATE GRAMMAR", "SPEECH CREATE"),
    *("SPEECH DEACTIVATE GRAMMAR", "SPEECH LOAD GRAMMAR", "SPEECH RECOGNIZE", "SPEECH SET"),
    *("STREAM FILE", "TDD MODE", "WAIT FOR DIGIT"),
}

_REQUIRED_KEYS = ("agi_request", "agi_channel", "agi_uniqueid")
_ENV_KEY = re.compile(r"[A-Za-z0-9_]+")
_ARG_KEY = re.compile(r"agi_arg_([1-9][0-9]*)")
_VERB = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)*")
# A channel variable or a dialplan function call such as CDR(billsec) or HASH(a,b).
_VARIABLE_NAME = re.compile(r"[A-Za-z0-9_]+(?:\([^\s\"\\()]*\))?")
_FORBIDDEN = re.compile(r"[\r\n\x00]")
_REPLY_HEAD = re.compile(r"(?P<code>[1-9][0-9]{2})(?:(?P<sep>[ -])(?P<rest>.*))?")
_RESULT = re.compile(r"result=(?P<token>[^\s(]*)(?P<rest>.*)")
_INT = re.compile(r"-?[0-9]+")
# Greedy data: Asterisk prints values raw, so "(a) b)" means the value "a) b"; backtracking
# keeps a trailing run of key=value pairs (endpos=, digit=, results=) out of the value.
_DATA_AND_FIELDS = re.compile(
    r"(?: \((?P<data>.*)\))?"  # greedy, see above
    r"(?P<fields>(?: [A-Za-z_][A-Za-z0-9_]*=\S*)*)"
)
_FIELD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(\S*)")


# ----------------------------------------------------------------------------------------------
# Environment block


@dataclass(frozen=True, slots=True)
class AgiEnvironment:
    """The ``agi_*`` block Asterisk sends first on every FastAGI connection.

    String fields hold Asterisk's text verbatim ("unknown" for an absent caller id, as Asterisk
    writes it) and are "" when the key was not sent. Integer fields are ``None`` when absent or
    not an integer; ``raw`` always has the original text of every key, including unknown ones.
    ``script`` is the path part of ``agi_network_script`` (or of the ``agi_request`` URL) without
    surrounding slashes, and ``query`` its query string (last value wins for repeated keys).
    """

    request: str
    channel: str
    uniqueid: str
    language: str
    type: str
    version: str
    callerid: str
    calleridname: str
    callingpres: int | None
    callingani2: int | None
    callington: int | None
    callingtns: int | None
    dnid: str
    rdnis: str
    context: str
    extension: str
    priority: int | None
    enhanced: bool
    accountcode: str
    threadid: int | None
    network: bool
    network_script: str
    args: tuple[str, ...]
    script: str
    query: Mapping[str, str]
    raw: Mapping[str, str]


def parse_environment_line(line: str) -> tuple[str, str]:
    """Split one ``agi_key: value`` line (terminator already removed) into key and value.

    Asterisk writes ``"%s: %s\\n"``; exactly one space after the first colon belongs to the
    separator, so values keep leading spaces of their own and may contain colons.
    """
    key, colon, value = line.rstrip("\r").partition(":")
    if not colon or not _ENV_KEY.fullmatch(key):
        raise AgiProtocolError(f"malformed AGI environment line: {line[:80]!r}")
    return key, value[1:] if value.startswith(" ") else value


def parse_environment(lines: Iterable[str]) -> AgiEnvironment:
    """Build an :class:`AgiEnvironment` from the block's lines, without the closing blank line.

    Raises :class:`AgiProtocolError` for a malformed line, a repeated key, more than
    ``MAX_ENVIRONMENT_LINES`` lines, a missing ``agi_request``/``agi_channel``/``agi_uniqueid``,
    or ``agi_arg_N`` keys that do not run 1..N without a gap.
    """
    raw: dict[str, str] = {}
    for count, line in enumerate(lines, start=1):
        if count > MAX_ENVIRONMENT_LINES:
            raise AgiProtocolError(f"AGI environment exceeds {MAX_ENVIRONMENT_LINES} lines")
        key, value = parse_environment_line(line)
        if key in raw:
            raise AgiProtocolError(f"repeated AGI environment key {key!r}")
        raw[key] = value
    missing = [key for key in _REQUIRED_KEYS if key not in raw]
    if missing:
        raise AgiProtocolError(f"AGI environment lacks {', '.join(missing)}")
    script, query = _script_and_query(raw.get("agi_network_script", ""), raw["agi_request"])
    text = raw.get
    return AgiEnvironment(
        request=raw["agi_request"],
        channel=raw["agi_channel"],
        uniqueid=raw["agi_uniqueid"],
        language=text("agi_language", ""),
        type=text("agi_type", ""),
        version=text("agi_version", ""),
        callerid=text("agi_callerid", ""),
        calleridname=text("agi_calleridname", ""),
        callingpres=_optional_int(raw, "agi_callingpres"),
        callingani2=_optional_int(raw, "agi_callingani2"),
        callington=_optional_int(raw, "agi_callington"),
        callingtns=_optional_int(raw, "agi_callingtns"),
        dnid=text("agi_dnid", ""),
        rdnis=text("agi_rdnis", ""),
        context=text("agi_context", ""),
        extension=text("agi_extension", ""),
        priority=_optional_int(raw, "agi_priority"),
        enhanced=text("agi_enhanced", "0.0") not in ("", "0", "0.0"),
        accountcode=text("agi_accountcode", ""),
        threadid=_optional_int(raw, "agi_threadid"),
        network=text("agi_network", "").lower() == "yes",
        network_script=text("agi_network_script", ""),
        args=_arguments(raw),
        script=script,
        query=MappingProxyType(query),
        raw=MappingProxyType(raw),
    )


def _optional_int(raw: Mapping[str, str], key: str) -> int | None:
    value = raw.get(key, "")
    return int(value) if _INT.fullmatch(value) else None


def _arguments(raw: Mapping[str, str]) -> tuple[str, ...]:
    numbered: dict[int, str] = {}
    for key, value in raw.items():
        match = _ARG_KEY.fullmatch(key)
        if match:
            numbered[int(match.group(1))] = value
    if sorted(numbered) != list(range(1, len(numbered) + 1)):
        raise AgiProtocolError("agi_arg_N keys are not numbered 1..N without gaps")
    return tuple(numbered[index] for index in range(1, len(numbered) + 1))


def _script_and_query(network_script: str, request: str) -> tuple[str, dict[str, str]]:
    # res_agi's launch_netscript sends everything after the first "/" of the host part as
    # agi_network_script; derive the same from agi_request when that line is absent.
    target = network_script
    if not target:
        _, separator, remainder = request.partition("://")
        target = remainder.partition("/")[2] if separator else ""
    path, _, query_string = target.partition("?")
    return path.strip("/"), dict(parse_qsl(query_string, keep_blank_values=True))


# ----------------------------------------------------------------------------------------------
# Commands


def quote_argument(value: str) -> str:
    """Quote ``value`` so res_agi's ``parse_args`` yields exactly ``value`` as one argument.

    Refuses ``\\n``, ``\\r`` and NUL: a newline would end the command early and let the rest of
    the value run as a second AGI command; NUL would truncate it in Asterisk's C string.
    """
    if _FORBIDDEN.search(value):
        raise AgiArgumentError("AGI argument contains a newline, carriage return or NUL")
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def validate_variable_name(name: str) -> str:
    """Return ``name`` if it is a bare channel variable or function name, else raise."""
    if not _VARIABLE_NAME.fullmatch(name):
        raise AgiArgumentError(f"not a channel variable name: {name[:80]!r}")
    return name


def format_command(verb: str, *args: str | int) -> str:
    """Render ``verb`` and its arguments as one command line (without the newline).

    ``verb`` is one or more words of letters (``GET FULL VARIABLE``); ``str`` arguments are
    quoted with :func:`quote_argument`, ``int`` arguments are written as decimal numbers.
    """
    if not _VERB.fullmatch(verb):
        raise AgiArgumentError(f"not an AGI command verb: {verb[:80]!r}")
    parts = [verb.upper()]
    for arg in args:
        parts.append(str(arg) if isinstance(arg, int) else quote_argument(arg))
    return _checked(" ".join(parts))


def get_variable_command(name: str) -> str:
    """``GET VARIABLE NAME``; the name is sent bare after validation."""
    return _checked(f"GET VARIABLE {validate_variable_name(name)}")


def get_full_variable_command(expression: str) -> str:
    """``GET FULL VARIABLE "${EXPR}"``: Asterisk substitutes the expression on the channel."""
    return format_command("GET FULL VARIABLE", expression)


def set_variable_command(name: str, value: str) -> str:
    """``SET VARIABLE NAME "value"``; the value is quoted and escaped."""
    return _checked(f"SET VARIABLE {validate_variable_name(name)} {quote_argument(value)}")


def verbose_command(message: str, level: int = 1) -> str:
    """``VERBOSE "message" level`` with ``level`` in 1..4 (Asterisk's verbose levels)."""
    if not 1 <= level <= 4:
        raise AgiArgumentError("VERBOSE level must be between 1 and 4")
    return format_command("VERBOSE", message, level)


def hangup_command() -> str:
    """``HANGUP`` without a channel name: hang up the channel running this AGI."""
    return "HANGUP"


def command_verb(command: str) -> str:
    """The upper-cased verb of a command line: its longest leading run of words that names a
    res_agi command (``GET VARIABLE`` for ``GET VARIABLE X``), else its first word."""
    words = command.upper().split(" ")
    for size in range(min(len(words), 3), 0, -1):
        verb = " ".join(words[:size])
        if verb in KNOWN_COMMANDS:
            return verb
    return words[0]


def is_dead_safe(verb: str) -> bool:
    """Whether Asterisk runs ``verb`` on a hung-up channel instead of answering 511."""
    return verb.upper() in DEAD_SAFE_COMMANDS


def encode_command(command: str) -> bytes:
    """The bytes to write for ``command``: UTF-8 plus ``\\n``, after re-checking the limits."""
    return (_checked(command) + "\n").encode(ENCODING)


def _checked(command: str) -> str:
    if _FORBIDDEN.search(command):
        raise AgiArgumentError("AGI command contains a newline, carriage return or NUL")
    if len(command.encode(ENCODING)) + 1 > MAX_COMMAND_BYTES:
        raise AgiArgumentError(f"AGI command exceeds {MAX_COMMAND_BYTES} bytes")
    return command


# ----------------------------------------------------------------------------------------------
# Replies


@dataclass(frozen=True, slots=True)
class AgiReply:
    """One reply from Asterisk to one command.

    ``result`` is the integer after ``result=`` (``None`` when absent or not an integer, e.g.
    ``200 result= (timeout)``); ``result_text`` is that token verbatim. ``data`` is the text in
    parentheses (``None`` when there were none, ``""`` for ``()``). ``fields`` holds trailing
    ``key=value`` pairs such as ``endpos``; ``message`` is free text (``Invalid or unknown
    command``); ``usage`` is the body of a multi-line 520 reply; ``lines`` the raw lines.
    """

    code: int
    result: int | None
    result_text: str
    data: str | None
    fields: Mapping[str, str]
    message: str
    usage: str
    lines: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.code == 200

    @property
    def endpos(self) -> int | None:
        value = self.fields.get("endpos", "")
        return int(value) if _INT.fullmatch(value) else None

    def raise_for_status(self) -> None:
        """Raise :class:`AgiDeadChannel` for 511 and :class:`AgiCommandError` for other non-200."""
        if self.code == 511:
            raise AgiDeadChannel(self)
        if self.code != 200:
            raise AgiCommandError(self)


def is_hangup_line(line: str) -> bool:
    """Whether ``line`` is the ``HANGUP`` notice FastAGI sends when the channel hangs up.

    Only meaningful between replies: inside a multi-line 520 body the text is usage, not a notice.
    """
    return line.rstrip("\r") == HANGUP_LINE


def parse_reply_line(line: str) -> AgiReply:
    """Parse a single-line reply such as ``200 result=1 (value) endpos=0`` or ``510 ...``.

    The start line of a multi-line 520 (``520-...``) is not a reply on its own; feed it to an
    :class:`AgiReplyParser`. Raises :class:`AgiProtocolError` for anything that is not a reply.
    """
    text = line.rstrip("\r")
    head = _REPLY_HEAD.fullmatch(text)
    if head is None or head.group("sep") == "-":
        raise AgiProtocolError(f"not an AGI reply line: {text[:80]!r}")
    code, rest = int(head.group("code")), head.group("rest") or ""
    result_match = _RESULT.fullmatch(rest)
    if result_match is None:
        if code == 200:
            raise AgiProtocolError(f"200 reply without result=: {text[:80]!r}")
        return AgiReply(code, None, "", None, _EMPTY, rest, "", (text,))
    token, remainder = result_match.group("token"), result_match.group("rest")
    # GET DATA puts the digits themselves here ("1*2", or "" on timeout): keep the text.
    result = int(token) if _INT.fullmatch(token) else None
    data, fields, message = _split_remainder(remainder)
    return AgiReply(code, result, token, data, fields, message, "", (text,))


def _split_remainder(remainder: str) -> tuple[str | None, Mapping[str, str], str]:
    match = _DATA_AND_FIELDS.fullmatch(remainder)
    if match is None:  # e.g. "200 result=-1 Gosub label not found"
        return None, _EMPTY, remainder.strip()
    fields = dict(_FIELD.findall(match.group("fields")))
    return match.group("data"), MappingProxyType(fields), ""


class AgiReplyParser:
    """Assemble replies line by line, including the multi-line 520 form::

        520-Invalid command syntax.  Proper usage follows:
        <usage text, any number of lines>
        520 End of proper usage.

    :meth:`feed` returns ``None`` while a 520 block is open and the finished :class:`AgiReply`
    otherwise. ``HANGUP`` notices must be filtered out by the caller when :attr:`in_progress`
    is false (see :func:`is_hangup_line`).
    """

    def __init__(self) -> None:
        self._pending: list[str] = []

    @property
    def in_progress(self) -> bool:
        return bool(self._pending)

    def feed(self, line: str) -> AgiReply | None:
        text = line.rstrip("\r")
        if not self._pending:
            if text.startswith("520-"):
                self._pending.append(text)
                return None
            return parse_reply_line(text)
        # Some Asterisk versions print the usage without a final newline, gluing the closing
        # "520 End of proper usage." onto its last line.
        glued = not text.startswith("520 ") and text.endswith(_USAGE_END)
        if not (glued or text.startswith("520 ")):
            if len(self._pending) > MAX_USAGE_LINES:
                raise AgiProtocolError(f"520 usage text exceeds {MAX_USAGE_LINES} lines")
            self._pending.append(text)
            return None
        lines, self._pending = (*self._pending, text), []
        body = list(lines[1:-1]) + ([text[: -len(_USAGE_END)]] if glued else [])
        return AgiReply(520, None, "", None, _EMPTY, lines[0][4:], "\n".join(body), lines)
