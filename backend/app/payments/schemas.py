"""Wire shapes of payments, payment providers and webhook answers. Money travels as strings."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

ManualMethod = Literal["cash", "bank_transfer", "card", "other"]
MethodName = Literal["cash", "bank_transfer", "card", "other", "online"]
StatusName = Literal["completed", "voided", "refunded"]
PositiveAmount = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[0-9]{1,12}(\.[0-9]{1,6})?$",
        description="a positive decimal string, at most 6 decimal places",
        examples=["25.00"],
    ),
]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$", examples=["EUR"])]
ProviderName = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]
AwareDateTime = Annotated[datetime.datetime, msgspec.Meta(tz=True)]


class PaymentWrite(msgspec.Struct, forbid_unknown_fields=True):
    """CellHub "Payments": money received outside Tollgate, credited to the client."""

    amount: PositiveAmount
    currency: Currency
    method: ManualMethod
    reference: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    note: Annotated[str, msgspec.Meta(max_length=1000)] | None = None
    received_at: AwareDateTime | None = None
    """When the money arrived (default: now); never in the future."""
    invoice_id: uuid.UUID | None = None


class PaymentReversalWrite(msgspec.Struct, forbid_unknown_fields=True):
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=1000)]


class PaymentRead(msgspec.Struct):
    id: uuid.UUID
    user_id: uuid.UUID
    amount: Decimal
    currency: str
    method: MethodName
    reference: str | None
    note: str | None
    received_at: datetime.datetime
    invoice_id: uuid.UUID | None
    status: StatusName
    provider: str | None
    provider_event_id: str | None
    provider_payment_id: str | None
    ledger_entry_id: uuid.UUID
    reversal_entry_id: uuid.UUID | None
    reversed_at: datetime.datetime | None
    reversed_by: uuid.UUID | None
    reversal_reason: str | None
    created_at: datetime.datetime
    created_by: uuid.UUID | None


class ProviderWrite(msgspec.Struct, forbid_unknown_fields=True):
    """A provider's webhook settings. Without ``signing_secret`` a new provider gets a generated
    one (answered once); an existing one keeps its own."""

    signing_secret: Annotated[str, msgspec.Meta(min_length=16, max_length=200)] | None = None
    tolerance_seconds: Annotated[int, msgspec.Meta(ge=1, le=86_400)] = 300
    enabled: bool = True


class ProviderRead(msgspec.Struct):
    name: str
    webhook_path: str
    tolerance_seconds: int
    enabled: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    signing_secret: str | None = None
    """Only in the answer that set it."""


class WebhookAnswer(msgspec.Struct):
    status: Literal["credited", "duplicate", "ignored"]
    event_id: str
    payment_id: uuid.UUID | None = None
