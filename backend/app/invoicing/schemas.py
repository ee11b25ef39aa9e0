"""Wire shapes of invoicing. Money travels as decimal strings; tax rates are percentages."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Any, Literal

import msgspec

Cycle = Literal["monthly", "quarterly", "yearly"]
InvoiceMode = Literal["consolidated", "itemized"]
Price = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[0-9]{1,12}(\.[0-9]{1,6})?$",
        description="a non-negative decimal string, at most 6 decimal places",
        examples=["9.99"],
    ),
]
TaxRate = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[0-9]{1,3}(\.[0-9]{1,4})?$",
        description="a tax rate in percent, 0 to 100, at most 4 decimals",
        examples=["20"],
    ),
]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$", examples=["EUR"])]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Text = Annotated[str, msgspec.Meta(max_length=1000)]
Quantity = Annotated[int, msgspec.Meta(ge=1, le=1_000_000)]
DueDays = Annotated[int, msgspec.Meta(ge=0, le=365)]
Month = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", examples=["2026-03"])]


class ServiceWrite(msgspec.Struct, forbid_unknown_fields=True):
    """A catalogue service (CellHub "Services"), billed per ``cycle`` in arrears."""

    name: Name
    price: Price
    currency: Currency
    cycle: Cycle = "monthly"
    tax_rate: TaxRate = "0"
    description: Text | None = None
    active: bool = True


class ServicePatch(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | msgspec.UnsetType = msgspec.UNSET
    price: Price | msgspec.UnsetType = msgspec.UNSET
    tax_rate: TaxRate | msgspec.UnsetType = msgspec.UNSET
    description: Text | msgspec.UnsetType | None = msgspec.UNSET
    active: bool | msgspec.UnsetType = msgspec.UNSET


class ServiceRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    description: str | None
    price: Decimal
    currency: str
    cycle: str
    tax_rate: Decimal
    active: bool
    owner_id: uuid.UUID
    created_at: datetime.datetime
    updated_at: datetime.datetime


class SubscriptionWrite(msgspec.Struct, forbid_unknown_fields=True):
    """A client's subscription; dates are local dates in the client's timezone, both
    inclusive (``ends_on`` null: until stopped)."""

    client_id: uuid.UUID
    service_id: uuid.UUID
    starts_on: datetime.date
    quantity: Quantity = 1
    ends_on: datetime.date | None = None
    unit_price: Price | None = None
    note: Text | None = None


class SubscriptionPatch(msgspec.Struct, forbid_unknown_fields=True):
    quantity: Quantity | msgspec.UnsetType = msgspec.UNSET
    ends_on: datetime.date | msgspec.UnsetType | None = msgspec.UNSET
    unit_price: Price | msgspec.UnsetType | None = msgspec.UNSET
    note: Text | msgspec.UnsetType | None = msgspec.UNSET


class SubscriptionRead(msgspec.Struct):
    id: uuid.UUID
    client_id: uuid.UUID
    service_id: uuid.UUID
    service_name: str
    quantity: int
    unit_price: Decimal | None
    starts_on: datetime.date
    ends_on: datetime.date | None
    note: str | None
    created_at: datetime.datetime


class ProfileUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """A partial change of the caller's tenant profile (staff: the platform's)."""

    name: Annotated[str, msgspec.Meta(max_length=200)] | msgspec.UnsetType = msgspec.UNSET
    address: Text | msgspec.UnsetType | None = msgspec.UNSET
    email: Annotated[str, msgspec.Meta(max_length=320)] | msgspec.UnsetType | None = msgspec.UNSET
    tax_id: Annotated[str, msgspec.Meta(max_length=64)] | msgspec.UnsetType | None = msgspec.UNSET
    logo_url: str | msgspec.UnsetType | None = msgspec.UNSET
    footer: Annotated[str, msgspec.Meta(max_length=2000)] | msgspec.UnsetType | None = msgspec.UNSET
    timezone: Annotated[str, msgspec.Meta(max_length=64)] | msgspec.UnsetType = msgspec.UNSET
    invoice_prefix: Annotated[str, msgspec.Meta(max_length=20)] | msgspec.UnsetType = msgspec.UNSET
    credit_note_prefix: Annotated[str, msgspec.Meta(max_length=20)] | msgspec.UnsetType = (
        msgspec.UNSET
    )
    usage_tax_rate: TaxRate | msgspec.UnsetType = msgspec.UNSET
    due_days: DueDays | msgspec.UnsetType = msgspec.UNSET
    autobill_cron: Annotated[str, msgspec.Meta(max_length=100)] | msgspec.UnsetType | None = (
        msgspec.UNSET
    )
    autobill_issue: bool | msgspec.UnsetType = msgspec.UNSET


class ProfileRead(msgspec.Struct):
    reseller_id: uuid.UUID | None
    name: str
    address: str | None
    email: str | None
    tax_id: str | None
    logo_url: str | None
    footer: str | None
    timezone: str
    invoice_prefix: str
    credit_note_prefix: str
    next_invoice_number: int
    next_credit_note_number: int
    usage_tax_rate: Decimal
    due_days: int
    autobill_cron: str | None
    autobill_next_at: datetime.datetime | None
    autobill_issue: bool


class ClientTermsUpdate(msgspec.Struct, forbid_unknown_fields=True):
    invoice_mode: InvoiceMode | msgspec.UnsetType = msgspec.UNSET
    billing_cycle: Cycle | msgspec.UnsetType = msgspec.UNSET
    tax_rate: TaxRate | msgspec.UnsetType | None = msgspec.UNSET
    invoice_due_days: DueDays | msgspec.UnsetType | None = msgspec.UNSET


class ClientTermsRead(msgspec.Struct):
    user_id: uuid.UUID
    invoice_mode: str
    billing_cycle: str
    tax_rate: Decimal | None
    invoice_due_days: int | None


class BillingRunWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Bill each client's last closed period at ``as_of`` (default now), or the period
    containing the month ``period``; at most one of the two."""

    period: Month | None = None
    as_of: datetime.datetime | None = None
    dry_run: bool = False
    client_ids: Annotated[list[uuid.UUID], msgspec.Meta(max_length=10_000)] | None = None


class BillingRunRead(msgspec.Struct):
    id: uuid.UUID
    trigger: str
    status: str
    dry_run: bool
    period: str | None
    as_of: datetime.datetime
    clients_total: int
    clients_done: int
    report: dict[str, Any]
    errors: list[dict[str, Any]]
    detail: str | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


class InvoiceLineRead(msgspec.Struct):
    position: int
    kind: str
    call_type: str | None
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    tax_rate: Decimal
    amount: Decimal
    tax: Decimal
    days: int | None
    period_days: int | None
    calls: int | None
    billable_seconds: int | None
    subscription_id: uuid.UUID | None


class InvoiceRead(msgspec.Struct):
    id: uuid.UUID
    kind: str
    status: str
    number: str | None
    client_id: uuid.UUID
    currency: str
    account_kind: str
    period_start: datetime.datetime | None
    period_end: datetime.datetime | None
    period_label: str | None
    subtotal: Decimal
    tax_total: Decimal
    total: Decimal
    usage_total: Decimal
    issued_at: datetime.datetime | None
    due_at: datetime.datetime | None
    paid_at: datetime.datetime | None
    voided_at: datetime.datetime | None
    credited_invoice_id: uuid.UUID | None
    billing_run_id: uuid.UUID | None
    note: str | None
    created_at: datetime.datetime
    lines: list[InvoiceLineRead]


class CreditLineWrite(msgspec.Struct, forbid_unknown_fields=True):
    description: Annotated[str, msgspec.Meta(min_length=1, max_length=400)]
    amount: Price
    """The net amount credited (positive; the note shows it negative)."""
    tax_rate: TaxRate = "0"


class CreditNoteWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Credit an issued invoice: the given lines, or (no lines) everything not yet credited."""

    reason: Text
    lines: Annotated[list[CreditLineWrite], msgspec.Meta(max_length=200)] | None = None
