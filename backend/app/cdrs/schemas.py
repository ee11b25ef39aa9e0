"""What the CDR API reads and returns."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal

import msgspec

from app.db.models.cdr import Cdr

Sort = Literal["started_at", "-started_at", "cost", "-cost"]
Direction = Literal["outbound", "inbound", "local"]
RatingStatusName = Literal["rated", "unrated", "pending_price", "excluded"]
Period = Literal["day", "month"]


class CdrRead(msgspec.Struct):
    id: uuid.UUID
    started_at: datetime.datetime
    answered_at: datetime.datetime | None
    ended_at: datetime.datetime | None
    client_id: uuid.UUID | None
    """NULL for an unassigned record."""
    sip_user_id: uuid.UUID | None
    source: str
    external_id: str
    account_code: str | None
    caller_number: str | None
    dialled_number: str
    normalized_number: str | None
    direction: str
    duration: int
    billable_seconds: int
    disposition: str
    hangup_cause: int | None
    trunk_id: uuid.UUID | None
    matched_prefix: str | None
    destination: str | None
    deck_id: uuid.UUID | None
    deck_version: int | None
    cost: Decimal | None
    currency: str | None
    rating_status: str
    breakdown: dict[str, Any]
    masked: bool
    ledger_entry_id: uuid.UUID | None


class SummaryRow(msgspec.Struct):
    period: str
    """``YYYY-MM-DD`` (day) or ``YYYY-MM`` (month), in the caller's timezone."""
    currency: str | None
    calls: int
    billable_seconds: int
    billable_minutes: Decimal
    """``billable_seconds / 60``, two places (half up)."""
    cost: Decimal


class Summary(msgspec.Struct):
    period: Period
    timezone: str
    started_from: datetime.datetime
    started_to: datetime.datetime
    rows: list[SummaryRow]


def mask(number: str | None, masked: bool) -> str | None:
    """The number as shown: its last three digits hidden when the record was stored masked."""
    if not masked or number is None:
        return number
    return number[:-3] + "XXX" if len(number) > 3 else "XXX"


def cdr_read(cdr: Cdr) -> CdrRead:
    return CdrRead(
        id=cdr.id,
        started_at=cdr.started_at,
        answered_at=cdr.answered_at,
        ended_at=cdr.ended_at,
        client_id=cdr.owner_id,
        sip_user_id=cdr.sip_user_id,
        source=cdr.source,
        external_id=cdr.external_id,
        account_code=cdr.account_code,
        caller_number=cdr.caller_number,
        dialled_number=mask(cdr.dialled_number, cdr.masked) or "",
        normalized_number=mask(cdr.normalized_number, cdr.masked),
        direction=cdr.direction,
        duration=cdr.duration,
        billable_seconds=cdr.billable_seconds,
        disposition=cdr.disposition,
        hangup_cause=cdr.hangup_cause,
        trunk_id=cdr.trunk_id,
        matched_prefix=cdr.matched_prefix,
        destination=cdr.destination,
        deck_id=cdr.deck_id,
        deck_version=cdr.deck_version,
        cost=cdr.cost,
        currency=cdr.currency,
        rating_status=cdr.rating_status,
        breakdown=cdr.breakdown,
        masked=cdr.masked,
        ledger_entry_id=cdr.ledger_entry_id,
    )
