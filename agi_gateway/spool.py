"""Durable spool for finalize requests the backend could not take, and their replay.

Invariants:

* **Never lost.** A record is on disk (written to a temp file, fsynced, linked into place, the
  directory fsynced) before the finalize handler lets go of it, and it is removed only after
  the backend answered 2xx, or moved to ``failed/`` (with the problem body) when the backend
  rejected it for good.
* **Never doubled.** One file per call id, and an existing file is never overwritten: the first
  body stored for a call is the one replayed, byte for byte, however often. The backend is
  idempotent on the call id, so a replay after a lost response is harmless.
* **Atomic.** Readers see a whole record or none; a crash leaves at most a ``.tmp`` file, which
  :meth:`FinalizeSpool.prepare` deletes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from agi_gateway.backend import FinalizeRequest

RECORD_SUFFIX = ".json"
TEMP_SUFFIX = ".tmp"
FAILED_DIRECTORY = "failed"
_MAX_NAME = 200


@dataclass(frozen=True, slots=True)
class SpooledFinalize:
    """One spooled finalize: the call, the exact body to post, and why it was spooled."""

    path: Path
    call_id: str
    body: dict[str, Any]
    record: dict[str, Any]


class SpoolCorrupt(ValueError):
    """A spool file that is not a finalize record (moved to ``failed/`` by the replayer)."""


class FinalizeSpool:
    """``<directory>/<call id>.json`` per undelivered finalize; ``<directory>/failed/`` for
    records the backend rejected. Methods do blocking file I/O; callers in the event loop run
    them with ``asyncio.to_thread`` (except on cancellation, where blocking briefly is the
    price of not losing a charge)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.failed_directory = directory / FAILED_DIRECTORY

    def prepare(self) -> None:
        """Create the directories and delete temp files a crash left behind."""
        self.failed_directory.mkdir(parents=True, exist_ok=True)
        for directory in (self.directory, self.failed_directory):
            for leftover in directory.glob(f"*{TEMP_SUFFIX}"):
                leftover.unlink(missing_ok=True)

    def store(self, request: FinalizeRequest, reason: str) -> bool:
        """Spool ``request`` durably; ``False`` if this call already has a spooled record."""
        record = {
            "call_id": request.call_id,
            "body": request.body(),
            "spooled_at": _now(),
            "reason": reason,
        }
        return _write_durably(self.directory, record_name(request.call_id), record, replace=False)

    def pending(self) -> list[Path]:
        """Spooled records, oldest first."""
        paths = [path for path in self.directory.glob(f"*{RECORD_SUFFIX}") if path.is_file()]
        return sorted(paths, key=_modified_then_name)

    def load(self, path: Path) -> SpooledFinalize:
        try:
            record = json.loads(path.read_bytes())
        except (OSError, ValueError) as exc:
            raise SpoolCorrupt(f"{path.name}: {exc}") from exc
        if not isinstance(record, dict):
            raise SpoolCorrupt(f"{path.name}: not a JSON object")
        call_id, body = record.get("call_id"), record.get("body")
        if not isinstance(call_id, str) or not call_id or not isinstance(body, dict):
            raise SpoolCorrupt(f"{path.name}: lacks call_id or body")
        return SpooledFinalize(path, call_id, body, record)

    def remove(self, path: Path) -> None:
        # No directory fsync: if the unlink is lost in a crash the record is replayed once more,
        # and the backend answers a repeated finalize with the same result and no new charge.
        path.unlink(missing_ok=True)

    def move_to_failed(self, path: Path, status: int | None, problem: dict[str, object]) -> Path:
        """Keep a rejected record, with the backend's answer, in ``failed/``; drop the original."""
        try:
            loaded: object = json.loads(path.read_bytes())
        except ValueError:
            loaded = None
        record: dict[str, Any]
        if isinstance(loaded, dict):
            record = loaded
        else:
            record = {"unreadable": path.read_text(errors="replace")}
        record.update(failed_at=_now(), status=status, problem=problem)
        _write_durably(self.failed_directory, path.name, record, replace=True)
        path.unlink(missing_ok=True)
        _fsync_directory(self.directory)
        return self.failed_directory / path.name

    def record_failed(
        self, request: FinalizeRequest, status: int | None, problem: dict[str, object]
    ) -> Path:
        """Keep a finalize the backend rejected at once in ``failed/`` (for reconciliation)."""
        record = {
            "call_id": request.call_id,
            "body": request.body(),
            "failed_at": _now(),
            "status": status,
            "problem": problem,
        }
        name = record_name(request.call_id)
        _write_durably(self.failed_directory, name, record, replace=True)
        return self.failed_directory / name


def record_name(call_id: str) -> str:
    """The file name for a call id: percent-encoded (no ``/``, no NUL), or hashed if long."""
    if not call_id:
        raise ValueError("a finalize record needs a call id")
    name = quote(call_id, safe="")
    if len(name) > _MAX_NAME:
        name = "sha256-" + hashlib.sha256(call_id.encode()).hexdigest()
    return name + RECORD_SUFFIX


def _write_durably(directory: Path, name: str, record: dict[str, Any], *, replace: bool) -> bool:
    """temp file + fsync + rename (or link, which refuses to overwrite) + directory fsync."""
    data = json.dumps(record, sort_keys=True, separators=(",", ":")).encode()
    descriptor, temp_name = tempfile.mkstemp(dir=directory, prefix=".", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        target = directory / name
        if replace:
            os.replace(temp_name, target)
        else:
            try:
                os.link(temp_name, target)
            except FileExistsError:
                return False
        _fsync_directory(directory)
        return True
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _modified_then_name(path: Path) -> tuple[float, str]:
    try:
        return path.stat().st_mtime, path.name
    except FileNotFoundError:
        return 0.0, path.name


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
