"""HTTP client for the backend's internal call-control endpoints.

One pool of keep-alive connections (``agi_gateway.http``) lives as long as the gateway. Every
request is bounded by one total timeout (connect + send + wait + read), so an AGI script is
never held longer than that by a slow backend. Errors (see ``agi_gateway.errors``):

* :class:`BackendUnavailable` — unreachable, timed out, 5xx, 408, 429, or a 1xx/3xx answer:
  nothing usable came back and the request may be retried.
* :class:`BackendProblem` — any other 4xx, with the RFC 9457 problem body.
* :class:`BackendProtocolError` — a 2xx body that does not follow the contract.

The client validates shapes only; what the answers mean is the handlers' business.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from agi_gateway.errors import BackendProblem, BackendProtocolError, BackendUnavailable
from agi_gateway.http import HttpError, HttpPool, HttpResponse

logger = logging.getLogger("agi_gateway")

AUTHORIZE_PATH = "/internal/v1/calls/authorize"
FINALIZE_PATH = "/internal/v1/calls/{call_id}/finalize"
#: A result code the gateway passes to the dialplan: ``ok`` or a refusal such as ``no_credit``.
_RESULT_CODE = re.compile(r"[a-z][a-z0-9_]{0,31}")
_RETRYABLE_4XX = frozenset({408, 429})


@dataclass(frozen=True, slots=True)
class AuthorizeRequest:
    """Body of ``POST /internal/v1/calls/authorize``; ``None`` fields are sent as ``null``."""

    call_id: str
    sip_user: str | None
    account_code: str | None
    caller_number: str | None
    dialled_number: str
    channel: str
    source_ip: str | None


@dataclass(frozen=True, slots=True)
class Trunk:
    """One entry of a grant's dial list, in failover order."""

    id: str
    name: str
    dial_string: str


@dataclass(frozen=True, slots=True)
class AuthorizeAnswer:
    """The backend's decision: ``result`` is ``ok`` (a grant) or a refusal code."""

    call_id: str
    result: str
    detail: str
    max_duration: int | None
    trunks: tuple[Trunk, ...]
    rate_id: str | None
    normalized_number: str | None


@dataclass(frozen=True, slots=True)
class FinalizeRequest:
    """What the gateway reports at hangup; :meth:`body` is the JSON sent (and spooled)."""

    call_id: str
    billable_seconds: int
    disposition: str
    hangup_cause: int | None
    trunk_id: str | None
    answered_at: str | None
    ended_at: str

    def body(self) -> dict[str, Any]:
        fields = dataclasses.asdict(self)
        del fields["call_id"]  # it is in the path
        return fields


@dataclass(frozen=True, slots=True)
class FinalizeAnswer:
    call_id: str
    status: str
    cost: str | None
    currency: str | None
    billable_seconds: int
    cdr_id: str | None


class BackendClient:
    """Posts authorize/finalize to ``base_url`` with the service token; see the module doc."""

    def __init__(
        self,
        base_url: str,
        service_token: str,
        timeout: float,
        *,
        max_connections: int = 200,
    ) -> None:
        self._timeout = timeout
        headers = {"Accept": "application/json, application/problem+json"}
        if service_token:
            headers["Authorization"] = f"Bearer {service_token}"
        # The backend is internal: no proxy variables, no redirects, no cookies.
        self._pool = HttpPool(base_url, headers, max_connections=max_connections)

    async def authorize(self, request: AuthorizeRequest) -> AuthorizeAnswer:
        data = await self._post(AUTHORIZE_PATH, dataclasses.asdict(request))
        return parse_authorize_answer(data)

    async def finalize(self, request: FinalizeRequest) -> FinalizeAnswer:
        return await self.finalize_body(request.call_id, request.body())

    async def finalize_body(self, call_id: str, body: dict[str, Any]) -> FinalizeAnswer:
        """Post a finalize body as stored (the spool replays exactly what it saved)."""
        path = FINALIZE_PATH.format(call_id=quote(call_id, safe=""))
        return parse_finalize_answer(await self._post(path, body))

    async def post_json(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """POST ``body`` to ``path``; the answer's JSON object, or one of the backend errors."""
        return await self._post(path, body)

    async def aclose(self) -> None:
        await self._pool.aclose()

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        payload = json.dumps(body, separators=(",", ":")).encode()
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._pool.post(path, payload, "application/json")
        except TimeoutError as exc:
            raise BackendUnavailable(f"no answer from the backend within {self._timeout}s") from exc
        except HttpError as exc:
            raise BackendUnavailable(f"backend request failed: {exc}") from exc
        status = response.status
        if 400 <= status < 500 and status not in _RETRYABLE_4XX:
            raise BackendProblem(status, _problem_of(response))
        if not 200 <= status < 300:
            raise BackendUnavailable(f"backend answered {status} {response.reason}")
        try:
            data = json.loads(response.body)
        except ValueError as exc:
            raise BackendProtocolError(f"{path}: answer is not JSON") from exc
        if not isinstance(data, dict):
            raise BackendProtocolError(f"{path}: answer is not a JSON object")
        return data


def _problem_of(response: HttpResponse) -> dict[str, object]:
    try:
        data = json.loads(response.body)
    except ValueError:
        data = None
    if isinstance(data, dict):
        return data
    return {
        "title": response.reason,
        "status": response.status,
        "detail": response.body[:500].decode("utf-8", errors="replace"),
    }


def parse_authorize_answer(data: dict[str, Any]) -> AuthorizeAnswer:
    """Validate an authorize answer's shape; raise :class:`BackendProtocolError` if it is off."""
    result = _text(data, "result")
    if not _RESULT_CODE.fullmatch(result):
        raise BackendProtocolError(f"authorize: result {result[:40]!r} is not a result code")
    raw_trunks = data.get("trunks") or []
    if not isinstance(raw_trunks, list):
        raise BackendProtocolError("authorize: trunks is not a list")
    trunks = tuple(
        Trunk(_text(entry, "id"), _text(entry, "name"), _text(entry, "dial_string"))
        for entry in map(_object, raw_trunks)
    )
    return AuthorizeAnswer(
        call_id=_text(data, "call_id"),
        result=result,
        detail=_optional_text(data, "detail") or "",
        max_duration=_optional_int(data, "max_duration"),
        trunks=trunks,
        rate_id=_optional_text(data, "rate_id"),
        normalized_number=_optional_text(data, "normalized_number"),
    )


def parse_finalize_answer(data: dict[str, Any]) -> FinalizeAnswer:
    """Validate a finalize answer's shape; raise :class:`BackendProtocolError` if it is off."""
    return FinalizeAnswer(
        call_id=_text(data, "call_id"),
        status=_text(data, "status"),
        cost=_optional_text(data, "cost"),
        currency=_optional_text(data, "currency"),
        billable_seconds=_optional_int(data, "billable_seconds") or 0,
        cdr_id=_optional_text(data, "cdr_id"),
    )


def _object(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BackendProtocolError("expected a JSON object")
    return value


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        raise BackendProtocolError(f"{key} must be a string, got {json.dumps(value)[:40]}")
    return value


def _optional_text(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise BackendProtocolError(f"{key} must be a string or null, got {json.dumps(value)[:40]}")
    return value


def _optional_int(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        shown = json.dumps(value)[:40]
        raise BackendProtocolError(f"{key} must be an integer or null, got {shown}")
    return value
