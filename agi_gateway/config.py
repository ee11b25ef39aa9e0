"""The gateway's configuration, read from ``TOLLGATE_AGI_*`` environment variables.

Every variable is documented in docs/configuration.md ("AGI gateway"); keep the two in step.
A bad value raises :class:`ConfigError` naming the variable, so the process stops at start.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from agi_gateway.errors import ConfigError

FailPolicy = Literal["closed", "open"]

#: Separates dial strings in TOLLGATE_TRUNKS and entries of TOLLGATE_AGI_FAILOPEN_TRUNKS. Not
#: ``,`` (Asterisk splits application arguments on it after substitution) and not ``&`` (Dial
#: would ring every device at once instead of one after the other).
TRUNK_SEPARATOR = "|"
#: Replaced by the dialled number in fail-open dial strings.
NUMBER_PLACEHOLDER = "{number}"

_TRUNK_ID = re.compile(r"[A-Za-z0-9_.-]+")


@dataclass(frozen=True, slots=True)
class FallbackTrunk:
    """A trunk the gateway grants on its own when the backend is unreachable (fail-open)."""

    id: str
    dial_template: str

    def dial_string(self, number: str) -> str:
        return self.dial_template.replace(NUMBER_PLACEHOLDER, number)


@dataclass(frozen=True, slots=True)
class GatewayConfig:
    """Process configuration. Build it with :meth:`from_env`; tests use ``dataclasses.replace``."""

    host: str = "0.0.0.0"  # noqa: S104 -- Asterisk usually reaches the gateway over the network
    port: int = 4573
    backend_url: str = "http://127.0.0.1:8000"
    service_token: str = ""
    timeout_ms: int = 2000
    fail_policy: FailPolicy = "closed"
    failopen_trunks: tuple[FallbackTrunk, ...] = ()
    failopen_max_duration: int = 600
    spool_dir: Path = Path(".data/agi-spool")
    replay_seconds: float = 30.0
    heartbeat_seconds: float = 15.0
    """How often the gateway reports to the backend (0: never)."""
    gateway_id: str | None = None
    """Its name in the backend's gateway list (default ``<hostname>:<port>``)."""
    log_level: str = "INFO"

    @property
    def timeout(self) -> float:
        """The bound on one backend request, in seconds."""
        return self.timeout_ms / 1000

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> GatewayConfig:
        defaults = cls()
        policy = _fail_policy(env)
        trunks = parse_fallback_trunks(env.get("TOLLGATE_AGI_FAILOPEN_TRUNKS", ""))
        if policy == "open" and not trunks:
            raise ConfigError(
                "TOLLGATE_AGI_FAIL_POLICY=open needs TOLLGATE_AGI_FAILOPEN_TRUNKS (dial strings)"
            )
        return cls(
            host=_text(env, "TOLLGATE_AGI_HOST", defaults.host),
            port=_integer(env, "TOLLGATE_AGI_PORT", defaults.port, 0, 65535),
            backend_url=_url(env, "TOLLGATE_AGI_BACKEND_URL", defaults.backend_url),
            service_token=env.get("TOLLGATE_SERVICE_TOKEN", "").strip(),
            timeout_ms=_integer(env, "TOLLGATE_AGI_TIMEOUT_MS", defaults.timeout_ms, 50, 60_000),
            fail_policy=policy,
            failopen_trunks=trunks,
            failopen_max_duration=_integer(
                env, "TOLLGATE_AGI_FAILOPEN_MAX_DURATION", defaults.failopen_max_duration, 1
            ),
            spool_dir=Path(_text(env, "TOLLGATE_AGI_SPOOL_DIR", str(defaults.spool_dir))),
            replay_seconds=_integer(env, "TOLLGATE_AGI_REPLAY_SECONDS", 30, 1, 86_400),
            heartbeat_seconds=_integer(env, "TOLLGATE_AGI_HEARTBEAT_SECONDS", 15, 0, 3600),
            gateway_id=env.get("TOLLGATE_AGI_ID", "").strip()[:100] or None,
            log_level=_text(env, "TOLLGATE_LOG_LEVEL", defaults.log_level).upper(),
        )


def parse_fallback_trunks(text: str) -> tuple[FallbackTrunk, ...]:
    """``id=PJSIP/{number}@carrier-a|PJSIP/{number}@carrier-b`` -> trunks in that order.

    An entry's id is the text before its first ``=`` when that is a plain identifier (dial
    strings such as ``PJSIP/x@y/sip:z;transport=udp`` keep their ``=``); otherwise the id is
    ``failopen-<n>``. Empty entries are skipped.
    """
    trunks: list[FallbackTrunk] = []
    for entry in (part.strip() for part in text.split(TRUNK_SEPARATOR)):
        if not entry:
            continue
        name, equals, rest = entry.partition("=")
        if equals and _TRUNK_ID.fullmatch(name) and rest.strip():
            trunk = FallbackTrunk(name, rest.strip())
        else:
            trunk = FallbackTrunk(f"failopen-{len(trunks) + 1}", entry)
        if not is_safe_dial_string(trunk.dial_template):
            raise ConfigError(
                f"TOLLGATE_AGI_FAILOPEN_TRUNKS entry {entry!r} contains ',', '&' or a control "
                "character, which would break Dial()"
            )
        trunks.append(trunk)
    return tuple(trunks)


_UNSAFE_IN_DIAL = re.compile(r"[,&|\x00-\x1f\x7f]")


def is_safe_dial_string(dial_string: str) -> bool:
    """Whether ``dial_string`` survives ``Dial(${TOLLGATE_TRUNK_n},...)`` as one device.

    Asterisk substitutes variables before splitting application arguments on ``,``; ``&`` makes
    Dial ring several devices in parallel; ``|`` is our list separator; control characters
    cannot be sent over AGI at all.
    """
    return bool(dial_string) and not _UNSAFE_IN_DIAL.search(dial_string)


def _text(env: Mapping[str, str], name: str, default: str) -> str:
    return env.get(name, "").strip() or default


def _integer(
    env: Mapping[str, str], name: str, default: int, minimum: int, maximum: int | None = None
) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise ConfigError(f"{name} must be {bound}, got {value}")
    return value


def _url(env: Mapping[str, str], name: str, default: str) -> str:
    value = _text(env, name, default).rstrip("/")
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise ConfigError(f"{name} must be an http:// or https:// URL, got {value!r}")
    return value


def _fail_policy(env: Mapping[str, str]) -> FailPolicy:
    raw = _text(env, "TOLLGATE_AGI_FAIL_POLICY", "closed").lower()
    if raw == "closed":
        return "closed"
    if raw == "open":
        return "open"
    raise ConfigError(f"TOLLGATE_AGI_FAIL_POLICY must be closed or open, got {raw!r}")
