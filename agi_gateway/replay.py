"""Background replay of spooled finalize requests until the backend takes them.

A pass walks the spool oldest first: a 2xx answer removes the record; a rejection for good
(a 4xx other than 401/403/408/429) moves it to ``failed/`` with the problem body; when the
backend is unavailable (or refuses the service token) the pass stops and the record waits for
the next one. Passes run at start, every ``interval`` seconds, and when :meth:`wake` is called
(the finalize handler does after a successful delivery, when the backend is evidently back).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from pathlib import Path

from agi_gateway.backend import BackendClient
from agi_gateway.errors import (
    BackendProblem,
    BackendProtocolError,
    BackendUnavailable,
)
from agi_gateway.spool import FinalizeSpool, SpoolCorrupt

logger = logging.getLogger("agi_gateway")

#: Answers that say nothing about the record itself, only about our credentials: keep the
#: record and retry once the operator fixed TOLLGATE_SERVICE_TOKEN.
CREDENTIAL_STATUSES = frozenset({401, 403})


def is_rejection_for_good(error: BackendProblem) -> bool:
    """Whether a 4xx answer means this finalize will never be accepted as it is."""
    return error.status not in CREDENTIAL_STATUSES


@dataclass(slots=True)
class ReplayPass:
    """What one pass did."""

    delivered: int = 0
    failed: int = 0
    remaining: int = 0


class SpoolReplayer:
    """Replays the spool; run :meth:`run` as a task and cancel it to stop."""

    def __init__(self, spool: FinalizeSpool, client: BackendClient, interval: float) -> None:
        self._spool = spool
        self._client = client
        self._interval = interval
        self._wake = asyncio.Event()
        self._lock = asyncio.Lock()
        # Whether the spool may hold records; saves a directory listing per delivered finalize.
        self._maybe_pending = True

    def wake(self) -> None:
        """Ask for a pass now."""
        self._wake.set()

    def note_spooled(self) -> None:
        """A record was spooled: the next :meth:`wake_if_pending` runs a pass."""
        self._maybe_pending = True

    def wake_if_pending(self) -> None:
        """The backend just took a finalize: replay now if anything may be waiting."""
        if self._maybe_pending:
            self._wake.set()

    async def run(self) -> None:
        while True:
            self._wake.clear()
            try:
                await self.replay_once()
            except OSError as exc:
                # A full or read-only disk must not stop replaying for good.
                self._maybe_pending = True
                logger.error("agi.spool.replay_failed", extra={"error": str(exc)})
            try:
                async with asyncio.timeout(self._interval):
                    await self._wake.wait()
            except TimeoutError:
                pass

    async def replay_once(self) -> ReplayPass:
        """One pass over the spool (passes never overlap)."""
        async with self._lock:
            outcome = ReplayPass()
            self._maybe_pending = False
            paths = await asyncio.to_thread(self._spool.pending)
            for index, path in enumerate(paths):
                if not await self._replay_record(path, outcome):
                    outcome.remaining = len(paths) - index
                    self._maybe_pending = True
                    break
            if outcome.delivered or outcome.failed or outcome.remaining:
                logger.info(
                    "agi.spool.replayed",
                    extra={
                        "delivered": outcome.delivered,
                        "failed": outcome.failed,
                        "remaining": outcome.remaining,
                    },
                )
            return outcome

    async def _replay_record(self, path: Path, outcome: ReplayPass) -> bool:
        """Deliver one record; ``False`` when the pass should stop (backend unavailable)."""
        try:
            spooled = await asyncio.to_thread(self._spool.load, path)
        except SpoolCorrupt as exc:
            logger.error("agi.spool.corrupt_record", extra={"file": path.name, "error": str(exc)})
            problem: dict[str, object] = {"title": "Unreadable spool record", "detail": str(exc)}
            await asyncio.to_thread(self._spool.move_to_failed, path, None, problem)
            outcome.failed += 1
            return True
        try:
            answer = await self._client.finalize_body(spooled.call_id, spooled.body)
        except BackendUnavailable as exc:
            logger.info("agi.spool.backend_unavailable", extra={"error": str(exc)})
            return False
        except BackendProblem as exc:
            if not is_rejection_for_good(exc):
                logger.error("agi.spool.credentials_refused", extra={"error": str(exc)})
                return False
            logger.error(
                "agi.spool.rejected",
                extra={"call_id": spooled.call_id, "status": exc.status, "error": str(exc)},
            )
            await asyncio.to_thread(self._spool.move_to_failed, path, exc.status, exc.problem)
            outcome.failed += 1
            return True
        except BackendProtocolError as exc:
            # A 2xx answer: the backend took the finalize even if it described it oddly.
            logger.warning(
                "agi.spool.odd_answer", extra={"call_id": spooled.call_id, "error": str(exc)}
            )
        else:
            logger.info(
                "agi.spool.delivered",
                extra={"call_id": spooled.call_id, "status": answer.status, "cost": answer.cost},
            )
        await asyncio.to_thread(self._spool.remove, path)
        outcome.delivered += 1
        return True
