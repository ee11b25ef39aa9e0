"""What the CDR API reads and returns."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from app.db.models.cdr import Cdr

Sort = Literal["started_at", "-started_at", "cost", "-cost"]
Direction = Literal["outbound", "inbound", "local"]
RatingStatusName = Literal["rated", "unrated", "pending_price", "excluded"]
Period = Literal["day", "month"]
Dimension = Literal["day", "month", "client", "trunk", "destination", "did"]


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


class CdrPage(msgspec.Struct):
    """A page of records. ``next_cursor`` continues the list (pass it as ``cursor``; null on
    the last page). ``total`` is only counted when asked (``with_total=true``) or when paging
    by ``offset`` (the older style); otherwise it is null."""

    items: list[CdrRead]
    limit: int
    offset: int
    next_cursor: str | None
    total: int | None


class SummaryRow(msgspec.Struct):
    key: str | None
    """The bucket: ``YYYY-MM-DD`` / ``YYYY-MM`` (local), a client or trunk id, a destination
    name or a DID; null for records without one (no trunk, no destination...)."""
    label: str | None
    """A readable name of the key: the client's or trunk's name when within reach."""
    currency: str | None
    calls: int
    billable_seconds: int
    billable_minutes: Decimal
    """``billable_seconds / 60``, two places (half up)."""
    cost: Decimal
    buy_cost: Decimal | None
    """Sum of carrier costs (staff only; null for resellers and clients or when unknown)."""
    margin: Decimal | None
    """Cost minus buy cost over the records that have a buy cost (staff only)."""


class Summary(msgspec.Struct):
    by: Dimension
    timezone: str
    """The zone of day and month buckets."""
    started_from: datetime.datetime
    started_to: datetime.datetime
    rows: list[SummaryRow]


class TrunkStatsRow(msgspec.Struct):
    trunk_id: uuid.UUID | None
    """Null: calls that reached no trunk."""
    trunk_name: str | None
    attempts: int
    answered: int
    asr: Decimal | None
    """Answer-seizure ratio: answered / attempts, in percent (two places)."""
    acd: Decimal | None
    """Average call duration: billable seconds per answered call (one place)."""
    busy: int
    no_answer: int
    congestion: int
    chanunavail: int
    failed: int
    billable_seconds: int


class TrunkStats(msgspec.Struct):
    started_from: datetime.datetime
    started_to: datetime.datetime
    rows: list[TrunkStatsRow]


class CdrSelectionBody(msgspec.Struct, forbid_unknown_fields=True):
    """The filters of a CDR selection, in a request body (bulk delete)."""

    started_from: datetime.datetime
    started_to: datetime.datetime
    client_id: uuid.UUID | None = None
    sip_user_id: uuid.UUID | None = None
    direction: Direction | None = None
    rating_status: RatingStatusName | None = None
    disposition: (
        Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,31}$")] | None
    ) = None
    number: Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9]{1,20}$")] | None = None
    caller: Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9]{1,20}$")] | None = None
    trunk_id: uuid.UUID | None = None
    cost_min: Decimal | None = None
    cost_max: Decimal | None = None
    source: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")] | None = (
        None
    )
    unassigned: bool = False
    failed: bool = False


class BulkDelete(CdrSelectionBody, forbid_unknown_fields=True):
    confirm_all: bool = False
    """Required when no filter narrows the time range."""


class BulkDeleted(msgspec.Struct):
    deleted: int


class RerateRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Re-price the records started in [from, to): of one client, of one deck, or all within
    reach."""

    started_from: datetime.datetime = msgspec.field(name="from")
    started_to: datetime.datetime = msgspec.field(name="to")
    client_id: uuid.UUID | None = None
    deck_id: uuid.UUID | None = None


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
