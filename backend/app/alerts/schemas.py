"""Wire shapes of mail templates and a client's notification preferences."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from app.billing.schemas import NonNegativeAmount

TemplateKind = Literal["low_credit", "spend_cap", "invoice_issued"]
TemplateSource = Literal["tenant", "platform", "default"]
Email = Annotated[str, msgspec.Meta(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=320)]


class MailTemplateWrite(msgspec.Struct, forbid_unknown_fields=True):
    """``{{ variable }}`` placeholders; an unknown variable is refused (400) when saved."""

    subject: Annotated[str, msgspec.Meta(min_length=1, max_length=998)]
    text_body: Annotated[str, msgspec.Meta(min_length=1, max_length=100_000)]
    html_body: Annotated[str, msgspec.Meta(max_length=200_000)] | None = None


class MailTemplateRead(msgspec.Struct):
    kind: TemplateKind
    source: TemplateSource
    """Whose wording applies to the caller's clients: its own, the platform's, the default."""
    subject: str
    text_body: str
    html_body: str | None
    variables: list[str]


class PreferencesRead(msgspec.Struct):
    user_id: uuid.UUID
    mask_digits: bool
    notify_low_credit: bool
    notify_spend_cap: bool
    notify_invoices: bool
    notification_email: str | None
    """Where alerts go; the user's own e-mail address when null."""
    low_credit_threshold: Decimal | None
    updated_at: datetime.datetime


class PreferencesUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """A partial update: only the fields sent change; ``null`` clears an optional one."""

    mask_digits: bool | msgspec.UnsetType = msgspec.UNSET
    notify_low_credit: bool | msgspec.UnsetType = msgspec.UNSET
    notify_spend_cap: bool | msgspec.UnsetType = msgspec.UNSET
    notify_invoices: bool | msgspec.UnsetType = msgspec.UNSET
    notification_email: Email | msgspec.UnsetType | None = msgspec.UNSET
    low_credit_threshold: NonNegativeAmount | msgspec.UnsetType | None = msgspec.UNSET
