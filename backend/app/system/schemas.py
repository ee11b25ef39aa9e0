"""Wire shapes of the system endpoints."""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

import msgspec

CheckStatus = Literal["ok", "error"]


class Health(msgspec.Struct, frozen=True):
    status: Literal["ok"]
    version: str


class ReadinessCheck(msgspec.Struct, frozen=True):
    status: CheckStatus
    latency_ms: float
    detail: str | None = None


class GatewayBeat(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """What an AGI gateway reports every few seconds (agi_gateway.heartbeat)."""

    id: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    address: Annotated[str, msgspec.Meta(max_length=300)]
    version: Annotated[str, msgspec.Meta(max_length=64)]
    calls_in_progress: Annotated[int, msgspec.Meta(ge=0)]
    sessions: Annotated[int, msgspec.Meta(ge=0)]
    spooled: Annotated[int, msgspec.Meta(ge=0)]
    """Finalizes waiting in its spool for the backend."""


class GatewayStatus(msgspec.Struct, frozen=True):
    id: str
    address: str
    version: str
    calls_in_progress: int
    sessions: int
    spooled: int
    last_seen: datetime.datetime
    seconds_since: float
    status: Literal["ok", "stale"]
    """``stale``: no beat within TOLLGATE_GATEWAY_STALE_SECONDS."""


class Readiness(msgspec.Struct, frozen=True):
    status: Literal["ok", "unavailable"]
    checks: dict[str, ReadinessCheck]
    gateways: list[GatewayStatus] = msgspec.field(default_factory=list)
    """The AGI gateways heard from within a day; informative (they do not make the API
    unready)."""
