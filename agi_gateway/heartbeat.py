"""The gateway's heartbeat: every few seconds it tells the backend it is alive and how it is.

``POST /internal/v1/gateways/heartbeat`` with the gateway's id, its FastAGI address, version,
the calls it granted that have not hung up yet, the AGI sessions open now and the finalizes
waiting in its spool. The backend lists gateways with their last beat on ``/ready`` (stale
after ``TOLLGATE_GATEWAY_STALE_SECONDS``). A beat that fails is logged and the next one tries
again; it never touches calls.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version

from agi_gateway.backend import BackendClient
from agi_gateway.errors import BackendError

logger = logging.getLogger("agi_gateway")

HEARTBEAT_PATH = "/internal/v1/gateways/heartbeat"
#: A granted call not finalized after this long is no longer counted (its hangup was lost, or
#: it ran on another gateway): the count is a health figure, not a ledger.
CALL_MEMORY_SECONDS = 6 * 3600


def gateway_version() -> str:
    try:
        return version("tollgate")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0+unknown"


class CallsInProgress:
    """Call ids this gateway granted whose finalize it has not seen yet."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._since: dict[str, float] = {}
        self._clock = clock

    def started(self, call_id: str) -> None:
        self._since[call_id] = self._clock()

    def ended(self, call_id: str) -> None:
        self._since.pop(call_id, None)

    def count(self) -> int:
        oldest = self._clock() - CALL_MEMORY_SECONDS
        for call_id in [c for c, at in self._since.items() if at < oldest]:
            del self._since[call_id]
        return len(self._since)


class Heartbeat:
    """Run :meth:`run` as a task; cancel it to stop."""

    def __init__(
        self,
        client: BackendClient,
        gateway_id: str,
        address: Callable[[], str],
        calls: CallsInProgress,
        sessions: Callable[[], int],
        spooled: Callable[[], int],
        interval: float,
    ) -> None:
        self._client = client
        self._id = gateway_id
        self._address = address
        self._calls = calls
        self._sessions = sessions
        self._spooled = spooled
        self._interval = interval
        self._version = gateway_version()
        self.beats = 0

    async def beat(self) -> None:
        """Send one heartbeat (raises the backend client's errors)."""
        body = {
            "id": self._id,
            "address": self._address(),
            "version": self._version,
            "calls_in_progress": self._calls.count(),
            "sessions": self._sessions(),
            "spooled": await asyncio.to_thread(self._spooled),
        }
        await self._client.post_json(HEARTBEAT_PATH, body)
        self.beats += 1

    async def run(self) -> None:
        """Beat every interval, the first one an interval after start (a gateway that crashes
        while starting is never listed as healthy)."""
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.beat()
            except (BackendError, OSError) as exc:
                logger.warning("agi.heartbeat.failed", extra={"error": str(exc)})


def default_gateway_id(port: int) -> str:
    """``<hostname>:<port>``: unique per Asterisk box, stable across restarts."""
    return f"{socket.gethostname()}:{port}"
