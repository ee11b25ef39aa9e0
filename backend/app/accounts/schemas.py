"""Wire shapes of users, groups and sign-in."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated

import msgspec

from app.lib.access import Role

Email = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$", max_length=254
    ),
]
Password = Annotated[str, msgspec.Meta(min_length=10, max_length=256)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
ShortText = Annotated[str, msgspec.Meta(max_length=400)]
Country = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{2}$")]
Currency = Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]
Timezone = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Language = Annotated[str, msgspec.Meta(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")]
Status = Annotated[str, msgspec.Meta(pattern=r"^(active|suspended|blocked)$")]
Limit = Annotated[int, msgspec.Meta(ge=0, le=100_000)]

# Events a user can be notified of, and the channels (from the UCRM thread).
NOTIFICATION_EVENTS = ("low_credit", "spend_cap_reached", "invoice_issued", "payment_received")


class ChannelPreferences(msgspec.Struct, forbid_unknown_fields=True):
    email: bool = True
    sms: bool = False
    phone: bool = False


class UserRead(msgspec.Struct):
    id: uuid.UUID
    email: str
    role: Role
    status: str
    name: str
    company: str | None
    phone: str | None
    address: str | None
    country: str | None
    timezone: str
    currency: str
    language: str
    parent_id: uuid.UUID | None
    group_id: uuid.UUID | None
    sip_account_limit: int
    plan_id: uuid.UUID | None
    margin_percent: Decimal
    notification_preferences: dict[str, ChannelPreferences]
    created_at: datetime.datetime
    updated_at: datetime.datetime


class UserCreate(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Password
    role: Role
    name: Name
    company: ShortText | None = None
    phone: ShortText | None = None
    address: ShortText | None = None
    country: Country | None = None
    timezone: Timezone = "UTC"
    currency: Currency = "USD"
    language: Language = "en"
    parent_id: uuid.UUID | None = None
    group_id: uuid.UUID | None = None
    plan_id: uuid.UUID | None = None
    sip_account_limit: Limit = 0
    notification_preferences: dict[str, ChannelPreferences] = msgspec.field(default_factory=dict)


class UserUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """A partial update: only the fields sent change."""

    email: Email | msgspec.UnsetType = msgspec.UNSET
    role: Role | msgspec.UnsetType = msgspec.UNSET
    status: Status | msgspec.UnsetType = msgspec.UNSET
    name: Name | msgspec.UnsetType = msgspec.UNSET
    company: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    phone: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    address: ShortText | msgspec.UnsetType | None = msgspec.UNSET
    country: Country | msgspec.UnsetType | None = msgspec.UNSET
    timezone: Timezone | msgspec.UnsetType = msgspec.UNSET
    currency: Currency | msgspec.UnsetType = msgspec.UNSET
    language: Language | msgspec.UnsetType = msgspec.UNSET
    group_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    plan_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    margin_percent: Decimal | msgspec.UnsetType = msgspec.UNSET
    sip_account_limit: Limit | msgspec.UnsetType = msgspec.UNSET
    notification_preferences: dict[str, ChannelPreferences] | msgspec.UnsetType = msgspec.UNSET


# Fields a user may change on their own account without the right to manage it.
SELF_SERVICE_FIELDS = frozenset(
    {
        "name",
        "company",
        "phone",
        "address",
        "country",
        "timezone",
        "language",
        "notification_preferences",
    }
)


class GroupRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    description: str | None
    owner_id: uuid.UUID
    created_at: datetime.datetime


class GroupCreate(msgspec.Struct, forbid_unknown_fields=True):
    name: Name
    description: ShortText | None = None


class LoginRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]


class RefreshRequest(msgspec.Struct, forbid_unknown_fields=True):
    refresh_token: Annotated[str, msgspec.Meta(min_length=1, max_length=512)]


class TokenPair(msgspec.Struct):
    access_token: str
    refresh_token: str
    expires_in: int
    user: UserRead
    token_type: str = "Bearer"  # noqa: S105 - the OAuth token type, not a secret


class PasswordChange(msgspec.Struct, forbid_unknown_fields=True):
    current_password: Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
    new_password: Password


class PasswordResetRequest(msgspec.Struct, forbid_unknown_fields=True):
    email: Email


class PasswordResetConfirm(msgspec.Struct, forbid_unknown_fields=True):
    token: Annotated[str, msgspec.Meta(min_length=1, max_length=512)]
    new_password: Password
