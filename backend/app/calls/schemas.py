"""Wire shapes of the call-control endpoints the AGI gateway calls (docs/agi-protocol.md)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

CallId = Annotated[str, msgspec.Meta(min_length=1, max_length=64, pattern=r"^[\w.:@-]+$")]
Refusal = Literal[
    "blocked",
    "no_rate",
    "no_credit",
    "limit_reached",
    "concurrency",
    "ip_not_allowed",
    "suspended",
    "price_cap",
    "no_route",
]
Result = Literal[
    "ok",
    "blocked",
    "no_rate",
    "no_credit",
    "limit_reached",
    "concurrency",
    "ip_not_allowed",
    "suspended",
    "price_cap",
    "no_route",
]
Short = Annotated[str, msgspec.Meta(max_length=64)]


class AuthorizeRequest(msgspec.Struct, forbid_unknown_fields=True):
    call_id: CallId
    dialled_number: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
    channel: Annotated[str, msgspec.Meta(max_length=200)] = ""
    sip_user: Short | None = None
    account_code: Short | None = None
    caller_number: Short | None = None
    source_ip: Short | None = None


class TrunkChoice(msgspec.Struct):
    id: str
    name: str
    dial_string: str


class AuthorizeResponse(msgspec.Struct):
    call_id: str
    result: Result
    detail: str
    max_duration: int | None = None
    trunks: list[TrunkChoice] = msgspec.field(default_factory=list)
    rate_id: str | None = None
    normalized_number: str | None = None


class FinalizeRequest(msgspec.Struct, forbid_unknown_fields=True):
    billable_seconds: Annotated[int, msgspec.Meta(ge=0, le=604_800)]
    ended_at: datetime.datetime
    disposition: Annotated[str, msgspec.Meta(max_length=32)] = ""
    hangup_cause: Annotated[int, msgspec.Meta(ge=0, le=1000)] | None = None
    trunk_id: Short | None = None
    answered_at: datetime.datetime | None = None


class FinalizeResponse(msgspec.Struct):
    call_id: str
    status: Literal["rated", "unrated", "pending_price", "unanswered"]
    billable_seconds: int
    cost: Decimal | None = None
    currency: str | None = None
    cdr_id: uuid.UUID | None = None


class LiveCall(msgspec.Struct):
    call_id: str
    client_id: uuid.UUID
    sip_user: str | None
    caller_number: str | None
    dialled_number: str
    normalized_number: str
    destination: str | None
    started_at: datetime.datetime
    duration_so_far: int
    max_duration: int
