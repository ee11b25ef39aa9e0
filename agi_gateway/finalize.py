"""The ``tollgate/finalize`` AGI script: report how a call ended, so the backend can bill it.

Run from the ``h`` extension, where the channel is already dead: only dead-safe commands are
used (GET VARIABLE), so Asterisk answers them instead of 511. The handler stamps ``ended_at``
when it starts, reads ``ANSWEREDTIME`` (falling back to ``CDR(billsec)``), ``DIALSTATUS``,
``HANGUPCAUSE`` and ``TOLLGATE_TRUNK_USED``, and posts to
``/internal/v1/calls/{agi_uniqueid}/finalize``.

Delivery: a 2xx answer is done. Unavailable (unreachable, timeout, 5xx, 408, 429) or a refused
service token (401/403) -> the exact body is spooled and replayed later (``agi_gateway.spool``).
Any other 4xx (404 never authorized, 409, 422) is logged and not retried; for a call granted by
the fail-open policy, which the backend never saw, the body is also kept in ``failed/`` so an
operator can bill it by hand.

Calls whose authorize ended in anything but ``ok`` (a refusal, ``error``, ``unavailable``) have
nothing to finalize and are skipped. A call whose ``TOLLGATE_RESULT`` is unset (the caller hung
up while authorize ran, so a grant may exist) is finalized.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from agi_gateway.authorize import FAILOPEN_VARIABLE, RESULT_OK
from agi_gateway.backend import BackendClient, FinalizeRequest
from agi_gateway.channel import answered_at, parse_cause, parse_seconds, utc_timestamp
from agi_gateway.errors import BackendProblem, BackendProtocolError, BackendUnavailable
from agi_gateway.heartbeat import CallsInProgress
from agi_gateway.replay import SpoolReplayer, is_rejection_for_good
from agi_gateway.server import RESULT_VARIABLE, AgiSession
from agi_gateway.spool import FinalizeSpool

logger = logging.getLogger("agi_gateway")

TRUNK_USED_VARIABLE = "TOLLGATE_TRUNK_USED"
ANSWERED_TIME_VARIABLE = "ANSWEREDTIME"
BILLSEC_VARIABLE = "CDR(billsec)"
DIAL_STATUS_VARIABLE = "DIALSTATUS"
HANGUP_CAUSE_VARIABLE = "HANGUPCAUSE"

Clock = Callable[[], datetime]


@dataclass(frozen=True, slots=True)
class CallEnd:
    """What the channel says about how the call ended (read before anything is posted)."""

    result: str | None
    fail_open: bool
    billable_seconds: int
    disposition: str
    hangup_cause: int | None
    trunk_id: str | None


class CallFinalizer:
    """The ``tollgate/finalize`` handler (an :data:`agi_gateway.Handler`)."""

    def __init__(
        self,
        client: BackendClient,
        spool: FinalizeSpool,
        replayer: SpoolReplayer | None = None,
        clock: Clock | None = None,
        calls: CallsInProgress | None = None,
    ) -> None:
        self._client = client
        self._spool = spool
        self._replayer = replayer
        self._clock = clock or (lambda: datetime.now(UTC))
        self._calls = calls

    async def __call__(self, session: AgiSession) -> None:
        ended = self._clock()
        call_id = session.environment.uniqueid
        if not call_id:
            logger.error("agi.finalize.no_call_id", extra={"channel": session.environment.channel})
            return
        if self._calls is not None:
            self._calls.ended(call_id)
        end = await read_call_end(session)
        if end.result is not None and end.result != RESULT_OK:
            logger.info("agi.finalize.skipped", extra={"call_id": call_id, "result": end.result})
            return
        billed_from = answered_at(ended, end.billable_seconds)
        request = FinalizeRequest(
            call_id=call_id,
            billable_seconds=end.billable_seconds,
            disposition=end.disposition,
            hangup_cause=end.hangup_cause,
            trunk_id=end.trunk_id,
            answered_at=utc_timestamp(billed_from) if billed_from else None,
            ended_at=utc_timestamp(ended),
        )
        await self.deliver(request, end)

    async def deliver(self, request: FinalizeRequest, end: CallEnd) -> None:
        """Post the finalize; spool it when it cannot be delivered now."""
        try:
            answer = await self._client.finalize(request)
        except asyncio.CancelledError:
            # Shutdown outlived its grace period mid-post: the charge must survive the process.
            # Blocking briefly here is the price; the backend may have it already (idempotent).
            self._store(request, "gateway shutting down")
            raise
        except BackendUnavailable as exc:
            await self._spool_async(request, str(exc))
        except BackendProblem as exc:
            await self._rejected(request, end, exc)
        except BackendProtocolError as exc:
            logger.warning("agi.finalize.odd_answer", extra=_fields(request, error=str(exc)))
        else:
            logger.info(
                "agi.finalize.delivered",
                extra=_fields(request, status=answer.status, cost=answer.cost),
            )
            if self._replayer is not None:
                self._replayer.wake_if_pending()

    async def _rejected(self, request: FinalizeRequest, end: CallEnd, exc: BackendProblem) -> None:
        if not is_rejection_for_good(exc):
            logger.error("agi.finalize.credentials_refused", extra=_fields(request, error=str(exc)))
            await self._spool_async(request, str(exc))
            return
        if end.fail_open:
            path = await asyncio.to_thread(
                self._spool.record_failed, request, exc.status, exc.problem
            )
            logger.error(
                "agi.finalize.failopen_unbilled",
                extra=_fields(request, status=exc.status, error=str(exc), file=str(path)),
            )
            return
        # Unset result + 404: the caller left while authorize ran and nothing was granted.
        level = logging.INFO if end.result is None and exc.status == 404 else logging.ERROR
        logger.log(level, "agi.finalize.rejected", extra=_fields(request, status=exc.status))

    async def _spool_async(self, request: FinalizeRequest, reason: str) -> None:
        await asyncio.to_thread(self._store, request, reason)
        if self._replayer is not None:
            self._replayer.note_spooled()

    def _store(self, request: FinalizeRequest, reason: str) -> None:
        try:
            stored = self._spool.store(request, reason)
        except OSError as exc:
            # Last resort: the whole body in the log, so an operator can still replay it.
            logger.critical(
                "agi.finalize.spool_failed",
                extra=_fields(request, error=str(exc), body=request.body()),
            )
            return
        event = "agi.finalize.spooled" if stored else "agi.finalize.already_spooled"
        logger.warning(event, extra=_fields(request, reason=reason))


async def read_call_end(session: AgiSession) -> CallEnd:
    """Read the variables finalize needs; all are dead-safe GET VARIABLEs."""
    result = (await session.get_variable(RESULT_VARIABLE) or "").strip() or None
    if result is not None and result != RESULT_OK:
        return CallEnd(result, False, 0, "", None, None)
    billable = parse_seconds(await session.get_variable(ANSWERED_TIME_VARIABLE))
    if billable is None:
        billable = parse_seconds(await session.get_variable(BILLSEC_VARIABLE))
    disposition = (await session.get_variable(DIAL_STATUS_VARIABLE) or "").strip()
    cause = parse_cause(await session.get_variable(HANGUP_CAUSE_VARIABLE))
    trunk_id = (await session.get_variable(TRUNK_USED_VARIABLE) or "").strip() or None
    fail_open = (await session.get_variable(FAILOPEN_VARIABLE) or "").strip() == "yes"
    return CallEnd(result, fail_open, billable or 0, disposition, cause, trunk_id)


def _fields(request: FinalizeRequest, **more: object) -> dict[str, object]:
    return {"call_id": request.call_id, **more}
