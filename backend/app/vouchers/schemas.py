"""Wire shapes of voucher batches, codes and redemptions."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from app.payments.schemas import AwareDateTime, Currency, PositiveAmount

VoucherStatus = Literal["active", "redeemed", "expired"]


class BatchWrite(msgspec.Struct, forbid_unknown_fields=True):
    """``count`` codes worth ``value`` each. ``reseller_id`` (admins only): issue the batch for
    that reseller's clients; otherwise a reseller's batch is for its clients and an admin's
    for the platform's direct clients."""

    count: Annotated[int, msgspec.Meta(ge=1, le=10_000)]
    value: PositiveAmount
    currency: Currency
    expires_at: AwareDateTime | None = None
    prefix: Annotated[str, msgspec.Meta(pattern=r"^[A-Z0-9]{0,8}$")] = ""
    note: Annotated[str, msgspec.Meta(max_length=1000)] | None = None
    reseller_id: uuid.UUID | None = None


class VoucherRead(msgspec.Struct):
    code: str
    status: VoucherStatus
    redeemed_at: datetime.datetime | None
    redeemed_by: uuid.UUID | None


class BatchRead(msgspec.Struct):
    id: uuid.UUID
    prefix: str
    count: int
    value: Decimal
    currency: str
    expires_at: datetime.datetime | None
    note: str | None
    issued_by: uuid.UUID
    reseller_id: uuid.UUID | None
    created_at: datetime.datetime
    redeemed: int
    vouchers: list[VoucherRead] | None = None
    """The codes (in the creation answer and a batch's own page; not in lists)."""


class RedeemWrite(msgspec.Struct, forbid_unknown_fields=True):
    code: Annotated[str, msgspec.Meta(min_length=1, max_length=64)]


class RedemptionRead(msgspec.Struct):
    code: str
    value: Decimal
    currency: str
    ledger_entry_id: uuid.UUID
    balance_after: Decimal
    redeemed_at: datetime.datetime
