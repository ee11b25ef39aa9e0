"""The ``tollgate/authorize`` AGI script: ask the backend whether a call may go out, and how.

Run at call start (``AGI(agi://gateway/tollgate/authorize,${EXTEN})``). The handler reads the
call's identity from the AGI environment and the caller's address from the channel, posts it
to ``/internal/v1/calls/authorize`` within the configured timeout, and leaves the decision in
channel variables (see :data:`VARIABLES` and docs/agi-protocol.md §8). ``TOLLGATE_RESULT`` is
set last, so a dialplan that sees ``ok`` also sees every other variable of the grant.

Result values: ``ok``; a backend refusal code passed through (``no_credit``, ``blocked``, ...);
``error`` when the backend rejected the request (4xx) or answered nonsense; ``unavailable``
when the backend did not answer in time and the fail policy is ``closed``. Under the ``open``
policy an unavailable backend yields ``ok`` with the configured fallback trunks and
``TOLLGATE_FAILOPEN=yes``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass

from agi_gateway.backend import AuthorizeAnswer, AuthorizeRequest, BackendClient, Trunk
from agi_gateway.channel import (
    account_code_of,
    caller_number_of,
    dialled_number_of,
    host_of,
    sip_user_of,
    source_address_variable,
)
from agi_gateway.config import TRUNK_SEPARATOR, GatewayConfig, is_safe_dial_string
from agi_gateway.errors import BackendProblem, BackendProtocolError, BackendUnavailable
from agi_gateway.heartbeat import CallsInProgress
from agi_gateway.server import REASON_VARIABLE, RESULT_VARIABLE, AgiSession

logger = logging.getLogger("agi_gateway")

TRUNKS_VARIABLE = "TOLLGATE_TRUNKS"
TRUNK_COUNT_VARIABLE = "TOLLGATE_TRUNK_COUNT"
TRUNK_VARIABLE = "TOLLGATE_TRUNK_{n}"
TRUNK_ID_VARIABLE = "TOLLGATE_TRUNK_ID_{n}"
TIMEOUT_VARIABLE = "TOLLGATE_TIMEOUT"
FAILOPEN_VARIABLE = "TOLLGATE_FAILOPEN"
VARIABLES = (
    RESULT_VARIABLE,
    REASON_VARIABLE,
    TRUNKS_VARIABLE,
    TRUNK_COUNT_VARIABLE,
    TRUNK_VARIABLE,
    TRUNK_ID_VARIABLE,
    TIMEOUT_VARIABLE,
    FAILOPEN_VARIABLE,
)
RESULT_OK = "ok"
RESULT_ERROR = "error"
RESULT_UNAVAILABLE = "unavailable"

#: TOLLGATE_TRUNKS is a convenience copy of TOLLGATE_TRUNK_1..n; it is cut to whole entries
#: that keep its SET VARIABLE line within Asterisk's 2047-byte command buffer.
_MAX_TRUNK_LIST_BYTES = 1900
_MAX_REASON_CHARS = 300
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


@dataclass(frozen=True, slots=True)
class Decision:
    """What the dialplan is told: a result, a human reason and, for ``ok``, how to dial."""

    result: str
    reason: str
    trunks: tuple[Trunk, ...] = ()
    max_duration: int | None = None
    fail_open: bool = False


class CallAuthorizer:
    """The ``tollgate/authorize`` handler (an :data:`agi_gateway.Handler`)."""

    def __init__(
        self, client: BackendClient, config: GatewayConfig, calls: CallsInProgress | None = None
    ) -> None:
        self._client = client
        self._config = config
        self._calls = calls

    async def __call__(self, session: AgiSession) -> None:
        loop = asyncio.get_running_loop()
        started = loop.time()
        request = await read_authorize_request(session)
        decision = await self.decide(request)
        if decision.result == RESULT_OK and self._calls is not None:
            self._calls.started(request.call_id)
        await apply_decision(session, decision)
        logger.info(
            "agi.authorize.decided",
            extra={
                "call_id": request.call_id,
                "result": decision.result,
                "trunks": len(decision.trunks),
                "duration_ms": round((loop.time() - started) * 1000),
            },
        )

    async def decide(self, request: AuthorizeRequest) -> Decision:
        """The backend's answer, or the fail policy's when the backend is unavailable."""
        try:
            answer = await self._client.authorize(request)
        except BackendUnavailable as exc:
            logger.warning(
                "agi.authorize.backend_unavailable",
                extra={"call_id": request.call_id, "error": str(exc)},
            )
            return self._without_backend(request)
        except BackendProblem as exc:
            logger.warning(
                "agi.authorize.rejected",
                extra={"call_id": request.call_id, "status": exc.status, "error": str(exc)},
            )
            return Decision(RESULT_ERROR, exc.detail or exc.title or f"backend {exc.status}")
        except BackendProtocolError as exc:
            logger.error(
                "agi.authorize.bad_answer", extra={"call_id": request.call_id, "error": str(exc)}
            )
            return Decision(RESULT_ERROR, "billing backend answer not understood")
        if answer.result != RESULT_OK:
            return Decision(answer.result, answer.detail or answer.result)
        return _grant(request, answer)

    def _without_backend(self, request: AuthorizeRequest) -> Decision:
        config = self._config
        if config.fail_policy == "open":
            number = request.dialled_number
            trunks = tuple(
                Trunk(fallback.id, fallback.id, fallback.dial_string(number))
                for fallback in config.failopen_trunks
            )
            if all(is_safe_dial_string(trunk.dial_string) for trunk in trunks):
                reason = "billing backend unavailable; granted by the fail-open policy"
                return Decision(RESULT_OK, reason, trunks, config.failopen_max_duration, True)
            logger.error("agi.authorize.failopen_unsafe_number", extra={"number": number})
        return Decision(RESULT_UNAVAILABLE, "billing backend unavailable")


def _grant(request: AuthorizeRequest, answer: AuthorizeAnswer) -> Decision:
    """Check that a grant can be dialled as given; a grant that cannot is an ``error``."""
    if answer.call_id != request.call_id:
        logger.error(
            "agi.authorize.bad_answer",
            extra={"call_id": request.call_id, "error": f"answer for call {answer.call_id!r}"},
        )
        return Decision(RESULT_ERROR, "billing backend answered for another call")
    if answer.max_duration is not None and answer.max_duration <= 0:
        return Decision(RESULT_ERROR, "billing backend granted no talk time")
    usable = []
    for trunk in answer.trunks:
        if is_safe_dial_string(trunk.dial_string):
            usable.append(trunk)
        else:
            logger.error(
                "agi.authorize.unsafe_dial_string",
                extra={"call_id": request.call_id, "trunk_id": trunk.id},
            )
    if not usable:
        return Decision(RESULT_ERROR, "billing backend granted no usable trunk")
    return Decision(RESULT_OK, answer.detail or RESULT_OK, tuple(usable), answer.max_duration)


async def read_authorize_request(session: AgiSession) -> AuthorizeRequest:
    """The authorize body from the AGI environment plus the caller's signalling address."""
    environment = session.environment
    variable = source_address_variable(environment.channel)
    address = await session.get_variable(variable) if variable else None
    return AuthorizeRequest(
        call_id=environment.uniqueid,
        sip_user=sip_user_of(environment.channel),
        account_code=account_code_of(environment),
        caller_number=caller_number_of(environment),
        dialled_number=dialled_number_of(environment),
        channel=environment.channel,
        source_ip=host_of(address),
    )


async def apply_decision(session: AgiSession, decision: Decision) -> None:
    """Set the decision's channel variables, ``TOLLGATE_RESULT`` last.

    The trunk variables are set for refusals too (count 0, empty list and timeout), so a
    dialplan loop that forgot to check the result still dials nothing.
    """
    await session.set_variable(REASON_VARIABLE, _clean(decision.reason))
    await session.set_variable(TRUNKS_VARIABLE, trunk_list(decision.trunks))
    await session.set_variable(TRUNK_COUNT_VARIABLE, str(len(decision.trunks)))
    for n, trunk in enumerate(decision.trunks, start=1):
        await session.set_variable(TRUNK_VARIABLE.format(n=n), trunk.dial_string)
        await session.set_variable(TRUNK_ID_VARIABLE.format(n=n), trunk.id)
    timeout = "" if decision.max_duration is None else str(decision.max_duration)
    await session.set_variable(TIMEOUT_VARIABLE, timeout)
    if decision.fail_open:
        await session.set_variable(FAILOPEN_VARIABLE, "yes")
    await session.set_variable(RESULT_VARIABLE, decision.result)


def trunk_list(trunks: tuple[Trunk, ...]) -> str:
    """Dial strings joined by ``|`` in failover order, cut to whole entries if very long."""
    kept: list[str] = []
    size = 0
    for trunk in trunks:
        size += len(trunk.dial_string.encode()) + len(TRUNK_SEPARATOR)
        if size > _MAX_TRUNK_LIST_BYTES:
            logger.warning("agi.authorize.trunk_list_cut", extra={"kept": len(kept)})
            break
        kept.append(trunk.dial_string)
    return TRUNK_SEPARATOR.join(kept)


def _clean(text: str) -> str:
    """A reason that fits on one AGI line: control characters become spaces, length capped."""
    return _CONTROL.sub(" ", text).strip()[:_MAX_REASON_CHARS]
