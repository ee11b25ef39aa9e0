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
    """Price a call against a deck. (Quotes by client or plan come with plans.)"""

    deck_id: uuid.UUID
    number: Digits
    duration: Annotated[int, msgspec.Meta(ge=0, le=86_400)]
    start_time: datetime.datetime | None = None
    country_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,4}$")] = "1"
    exit_code: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{0,4}$")] = "011"
    trunk_prefix: Annotated[str, msgspec.Meta(pattern=r"^[0-9]{0,2}$")] = ""
    timezone: Annotated[str, msgspec.Meta(max_length=64)] = "UTC"


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
