"""Wire shapes of billing accounts, credit and ledger entries. Money travels as decimal strings."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

from app.billing.periods import Period

AccountKind = Literal["prepaid", "postpaid"]
CreditKind = Literal["credit", "adjustment", "refund", "payment"]
EntryKindName = Literal[
    "credit",
    "payment",
    "voucher",
    "call_charge",
    "usage_charge",
    "recurring_fee",
    "refund",
    "adjustment",
    "periodic_credit",
]
# Money in requests is a decimal string (never a JSON number, which clients hold as a float):
# at most 12 integer digits and 6 decimals, so NUMERIC(18,6) stores it exactly, never rounded.
Amount = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^-?[0-9]{1,12}(\.[0-9]{1,6})?$",
        description="a decimal string, at most 6 decimal places",
        examples=["12.50"],
    ),
]
NonNegativeAmount = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[0-9]{1,12}(\.[0-9]{1,6})?$",
        description="a non-negative decimal string, at most 6 decimal places",
        examples=["50"],
    ),
]
Note = Annotated[str, msgspec.Meta(max_length=1000)]
CallLimit = Annotated[int, msgspec.Meta(ge=0, le=100_000)]


class PeriodicCreditRead(msgspec.Struct):
    """Seed 003's "50 credit units, reset daily": at each period start (a local midnight in the
    client's timezone) the balance is topped back up to ``amount``."""

    amount: Decimal
    period: Period
    next_reset_at: datetime.datetime | None


class BillingRead(msgspec.Struct):
    user_id: uuid.UUID
    kind: AccountKind
    currency: str
    balance: Decimal
    reserved: Decimal
    available: Decimal
    credit_limit: Decimal
    monthly_spend_cap: Decimal | None
    max_price_per_minute: Decimal | None
    max_price_per_call: Decimal | None
    low_credit_threshold: Decimal | None
    max_concurrent_calls: int | None
    periodic_credit: PeriodicCreditRead | None
    updated_at: datetime.datetime


class PeriodicCreditWrite(msgspec.Struct, forbid_unknown_fields=True):
    amount: NonNegativeAmount
    period: Period


class BillingUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """A partial update: only the fields sent change; ``null`` removes an optional limit."""

    kind: AccountKind | msgspec.UnsetType = msgspec.UNSET
    credit_limit: NonNegativeAmount | msgspec.UnsetType = msgspec.UNSET
    monthly_spend_cap: NonNegativeAmount | msgspec.UnsetType | None = msgspec.UNSET
    max_price_per_minute: NonNegativeAmount | msgspec.UnsetType | None = msgspec.UNSET
    max_price_per_call: NonNegativeAmount | msgspec.UnsetType | None = msgspec.UNSET
    low_credit_threshold: NonNegativeAmount | msgspec.UnsetType | None = msgspec.UNSET
    max_concurrent_calls: CallLimit | msgspec.UnsetType | None = msgspec.UNSET
    periodic_credit: PeriodicCreditWrite | msgspec.UnsetType | None = msgspec.UNSET


class CreditWrite(msgspec.Struct, forbid_unknown_fields=True):
    """CellHub "Add Credit". ``credit``, ``refund`` and ``payment`` add a positive amount; an
    ``adjustment`` may be negative (never below the account's floor)."""

    amount: Amount
    kind: CreditKind = "credit"
    note: Note | None = None


class LedgerEntryRead(msgspec.Struct):
    id: uuid.UUID
    user_id: uuid.UUID
    kind: EntryKindName
    amount: Decimal
    currency: str
    balance_after: Decimal
    note: str | None
    reference: dict[str, Any]
    created_at: datetime.datetime
    created_by: uuid.UUID | None
