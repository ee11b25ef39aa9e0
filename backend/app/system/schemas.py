"""Wire shapes of the system endpoints."""

from __future__ import annotations

from typing import Literal

import msgspec

CheckStatus = Literal["ok", "error"]


class Health(msgspec.Struct, frozen=True):
    status: Literal["ok"]
    version: str


class ReadinessCheck(msgspec.Struct, frozen=True):
    status: CheckStatus
    latency_ms: float
    detail: str | None = None


class Readiness(msgspec.Struct, frozen=True):
    status: Literal["ok", "unavailable"]
    checks: dict[str, ReadinessCheck]
