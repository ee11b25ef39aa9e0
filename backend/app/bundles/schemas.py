"""REST shapes of allowances, allowance balances and offer use."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Literal

import msgspec

Period = Literal["daily", "weekly", "monthly"]
Seconds = Annotated[int, msgspec.Meta(ge=1, le=100_000_000)]


class AllowanceWrite(msgspec.Struct, forbid_unknown_fields=True):
    """``seconds`` of calls to the destination group ``group_id`` included each ``period``
    (14400 = 240 minutes), counted in each client's timezone."""

    group_id: uuid.UUID
    seconds: Seconds
    period: Period = "monthly"


class AllowancePatch(msgspec.Struct, forbid_unknown_fields=True):
    seconds: Seconds | msgspec.UnsetType = msgspec.UNSET
    period: Period | msgspec.UnsetType = msgspec.UNSET


class AllowanceRead(msgspec.Struct):
    id: uuid.UUID
    plan_id: uuid.UUID
    group_id: uuid.UUID
    group: str
    seconds: int
    period: str
    created_at: datetime.datetime


class AllowanceBalance(msgspec.Struct):
    """One allowance of the client's plan in the period running now (client's timezone)."""

    allowance_id: uuid.UUID
    group_id: uuid.UUID
    group: str
    period: str
    period_start: datetime.datetime
    period_end: datetime.datetime
    seconds: int
    used_seconds: int
    remaining_seconds: int


class OfferUse(msgspec.Struct):
    """CellHub "Offer Use": one offer, its days, and the calls it covered."""

    offer_id: uuid.UUID
    client_id: uuid.UUID
    prefix: str
    destination: str
    starts_at: datetime.datetime
    expires_at: datetime.datetime
    active: bool
    days_total: int
    days_remaining: int
    calls: int
    seconds: int
