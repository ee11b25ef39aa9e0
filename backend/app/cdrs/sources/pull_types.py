"""What a pull connector answers for one batch."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.cdrs.csv_records import ParsedCdr


@dataclass(frozen=True, slots=True)
class RecordProblem:
    """A record the PBX returned that is not a usable CDR (skipped, reported in the job)."""

    field: str
    message: str
    record: str
    """The PBX's id of the record, for finding it there."""


@dataclass(slots=True)
class Fetched:
    records: list[ParsedCdr]
    problems: list[RecordProblem]
    position: dict[str, Any]
    """The key of the last record read: where the next batch of this pull continues."""
    more: bool
    seen: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def later(a: dict[str, Any], b: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """The later of two cursors compared on ``order``'s keys (a missing key sorts first)."""

    def key(cursor: dict[str, Any]) -> tuple[Any, ...]:
        return tuple((1, cursor[name]) if cursor.get(name) else (0,) for name in order)

    return a if key(a) >= key(b) else b
