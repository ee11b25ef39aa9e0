"""Wire shapes of rate decks, rates, imports and quotes. Money travels as decimal strings."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

DeckKind = Literal["sell", "buy"]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Digits = Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9 ()\-]{1,32}$")]


class DeckCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    currency: Currency
    kind: DeckKind = "sell"
    description: Annotated[str, msgspec.Meta(max_length=1000)] | None = None


class DeckUpdate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    description: Annotated[str, msgspec.Meta(max_length=1000)] | msgspec.UnsetType | None = (
        msgspec.UNSET
    )


class DeckRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    kind: str
    currency: str
    description: str | None
    current_version: int
    owner_id: uuid.UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime


class VersionRead(msgspec.Struct):
    id: uuid.UUID
    version: int
    created_at: datetime.datetime
    rate_count: int
    source: str


class RateRead(msgspec.Struct):
    id: uuid.UUID
    prefix: str
    destination: str
    rate_per_minute: Decimal
    connect_fee: Decimal
    initial_block: int
    increment: int
    flat_price: Decimal | None
    effective_from: datetime.datetime | None
    effective_until: datetime.datetime | None
    allowed: bool
    late_billed: bool


class QuoteRequest(msgspec.Struct, forbid_unknown_fields=True):
    """Price a call for a client (its plan, timezone and markups), for a plan, or against one
    deck — exactly one of ``client_id``, ``plan_id``, ``deck_id``. The numbering fields apply to
    deck quotes; plans carry their own."""

    number: Digits
    duration: Annotated[int, msgspec.Meta(ge=0, le=86_400)]
    start_time: datetime.datetime | None = None
    country_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,4}$")] = "1"
    exit_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{0,4}$")] = "011"
    trunk_prefix: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{0,2}$")] = ""
    timezone: Annotated[str, msgspec.Meta(max_length=64)] = "UTC"
    client_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None
    deck_id: uuid.UUID | None = None


class QuoteComponent(msgspec.Struct):
    name: str
    amount: Decimal


class Quote(msgspec.Struct):
    status: str
    number: str
    currency: str
    total: Decimal | None
    matched_prefix: str | None
    destination: str | None
    rate_id: str | None
    deck_version: int | None
    billed_seconds: int
    rate_per_minute: Decimal | None
    components: list[QuoteComponent]


Percent = Decimal  # bounds checked by plans._check (msgspec cannot bound Decimals)
Blocks = Annotated[int, msgspec.Meta(ge=0, le=86_400)]
Code = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{0,4}$")]


class PlanWrite(msgspec.Struct, forbid_unknown_fields=True):
    """A plan: its sell decks in search order, markups, billing mode and numbering plan."""

    name: Name
    currency: Currency
    country_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,4}$")]
    deck_ids: Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=20)]
    exit_code: Code = "00"
    trunk_prefix: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{0,2}$")] = "0"
    markup_percent: Percent = Decimal(0)
    markup_per_minute: Decimal = Decimal(0)
    international_markup_percent: Percent = Decimal(0)
    billing_initial_block: Blocks | None = None
    billing_increment: Annotated[int, msgspec.Meta(ge=1, le=86_400)] | None = None
    description: Annotated[str, msgspec.Meta(max_length=1000)] | None = None
    inbound_rate_per_minute: Decimal | None = None
    """Inbound calls' price per minute (ictVoIP "Inbound Cost"); null: inbound not priced."""
    inbound_connect_fee: Decimal = Decimal(0)
    inbound_initial_block: Blocks = 1
    inbound_increment: Annotated[int, msgspec.Meta(ge=1, le=86_400)] = 1
    """The inbound round-up; the billing mode above is the outbound one."""


class PlanPatch(msgspec.Struct, forbid_unknown_fields=True):
    """A partial change of a plan; ``deck_ids`` replaces the whole ordered list."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    country_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,4}$")] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    deck_ids: Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=20)] | (
        msgspec.UnsetType
    ) = msgspec.UNSET
    exit_code: Code | msgspec.UnsetType = msgspec.UNSET
    trunk_prefix: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{0,2}$")] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    markup_percent: Percent | msgspec.UnsetType = msgspec.UNSET
    markup_per_minute: Decimal | msgspec.UnsetType = msgspec.UNSET
    international_markup_percent: Percent | msgspec.UnsetType = msgspec.UNSET
    billing_initial_block: Blocks | msgspec.UnsetType | None = msgspec.UNSET
    billing_increment: Annotated[int, msgspec.Meta(ge=1, le=86400)] | msgspec.UnsetType | None = (
        msgspec.UNSET
    )
    description: Annotated[str, msgspec.Meta(max_length=1000)] | msgspec.UnsetType | None = (
        msgspec.UNSET
    )
    inbound_rate_per_minute: Decimal | msgspec.UnsetType | None = msgspec.UNSET
    inbound_connect_fee: Decimal | msgspec.UnsetType = msgspec.UNSET
    inbound_initial_block: Blocks | msgspec.UnsetType = msgspec.UNSET
    inbound_increment: Annotated[int, msgspec.Meta(ge=1, le=86_400)] | msgspec.UnsetType = (
        msgspec.UNSET
    )


class PlanRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    currency: str
    country_code: str
    exit_code: str
    trunk_prefix: str
    deck_ids: list[uuid.UUID]
    markup_percent: Decimal
    markup_per_minute: Decimal
    international_markup_percent: Decimal
    billing_initial_block: int | None
    billing_increment: int | None
    description: str | None
    owner_id: uuid.UUID
    created_at: datetime.datetime
    inbound_rate_per_minute: Decimal | None = None
    inbound_connect_fee: Decimal = Decimal(0)
    inbound_initial_block: int = 1
    inbound_increment: int = 1


# --- destinations, destination groups, blocks ----------------------------------------------

PrefixDigits = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,20}$")]
CountryCode = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z]{2}$")]
DestinationType = Literal["landline", "mobile", "toll_free", "premium", "special"]
Description = Annotated[str, msgspec.Meta(max_length=1000)]


class DestinationWrite(msgspec.Struct, forbid_unknown_fields=True):
    """One prefix of the reference table: what it reaches (CellHub "Prefixes")."""

    prefix: PrefixDigits
    name: Name
    country: CountryCode | None = None
    type: DestinationType | None = None


class DestinationPatch(msgspec.Struct, forbid_unknown_fields=True):
    prefix: PrefixDigits | msgspec.UnsetType = msgspec.UNSET
    name: Name | msgspec.UnsetType = msgspec.UNSET
    country: CountryCode | msgspec.UnsetType | None = msgspec.UNSET
    type: DestinationType | msgspec.UnsetType | None = msgspec.UNSET


class DestinationRead(msgspec.Struct):
    id: uuid.UUID
    prefix: str
    name: str
    country: str | None
    type: str | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class DestinationImportResult(msgspec.Struct):
    """What an import changed: ``rows`` read, prefixes ``created`` and ``updated``, and (with
    ``mode=replace``) ``deleted``."""

    rows: int
    created: int
    updated: int
    deleted: int


class GroupWrite(msgspec.Struct, forbid_unknown_fields=True):
    """A destination group: a named set of prefixes (e.g. "UK mobile": 447)."""

    name: Name
    prefixes: Annotated[list[PrefixDigits], msgspec.Meta(max_length=5000)]
    description: Description | None = None


class GroupPatch(msgspec.Struct, forbid_unknown_fields=True):
    """A partial change; ``prefixes``, when sent, replaces the whole set."""

    name: Name | msgspec.UnsetType = msgspec.UNSET
    prefixes: Annotated[list[PrefixDigits], msgspec.Meta(max_length=5000)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    description: Description | msgspec.UnsetType | None = msgspec.UNSET


class GroupRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    description: str | None
    prefixes: list[str]
    owner_id: uuid.UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime


class BlockedGroupsWrite(msgspec.Struct, forbid_unknown_fields=True):
    """The whole set of groups the client may not call; an empty list lifts every block."""

    group_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=100)] = msgspec.field(
        default_factory=list
    )


class BlockedGroupsRead(msgspec.Struct):
    user_id: uuid.UUID
    groups: list[GroupRead]
