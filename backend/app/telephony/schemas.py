"""Wire shapes of SIP users, trunks, trunk groups and restricted prefixes."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Literal

import msgspec

Username = Annotated[
    str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$", examples=["alice.desk"])
]
# Printable ASCII without spaces, quotes, backslash or ';' (they break Asterisk config files).
Secret = Annotated[
    str,
    msgspec.Meta(
        min_length=12, max_length=128, pattern=r"^[A-Za-z0-9!#$%&()*+,./:<=>?@^_{|}~\[\]-]+$"
    ),
]
AccountCode = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_.-]{1,64}$")]
CallerIdName = Annotated[str, msgspec.Meta(pattern=r'^[^"<>\\\x00-\x1f\x7f]{1,100}$')]
PhoneNumber = Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9]{1,31}$")]
PrefixEdit = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{0,20}$")]
Prefix = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{1,20}$")]
Cidr = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Calls = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
SipStatus = Literal["active", "suspended"]
TrunkStatus = Literal["active", "disabled"]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[^\x00-\x1f\x7f]+$")]
DialTemplate = Annotated[
    str, msgspec.Meta(min_length=1, max_length=200, examples=["PJSIP/{number}@carrier-a"])
]
Prefixes = Annotated[list[Prefix], msgspec.Meta(max_length=500)]
Cidrs = Annotated[list[Cidr], msgspec.Meta(max_length=100)]
Numbers = Annotated[list[PhoneNumber], msgspec.Meta(max_length=500)]
TrunkIds = Annotated[list[uuid.UUID], msgspec.Meta(min_length=1, max_length=32)]
Unset = msgspec.UnsetType
UNSET = msgspec.UNSET

SECRET_MASK = "********"  # noqa: S105 - what reads show instead of a secret


class SipUserCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A client's SIP account. ``secret`` is generated when left out."""

    owner_id: uuid.UUID
    username: Username
    secret: Secret | None = None
    account_code: AccountCode | None = None
    status: SipStatus = "active"
    caller_id_name: CallerIdName | None = None
    caller_id_number: PhoneNumber | None = None
    max_concurrent_calls: Calls | None = None
    strip_prefix: PrefixEdit = ""
    add_prefix: PrefixEdit = ""
    restricted_prefixes: Prefixes = msgspec.field(default_factory=list)
    allowed_cidrs: Cidrs = msgspec.field(default_factory=list)
    caller_id_allow: Numbers = msgspec.field(default_factory=list)
    caller_id_deny: Numbers = msgspec.field(default_factory=list)
    trunk_id: uuid.UUID | None = None
    trunk_group_id: uuid.UUID | None = None
    rate_deck_id: uuid.UUID | None = None


class SipUserPatch(msgspec.Struct, forbid_unknown_fields=True):
    """A partial change: only the fields sent change; lists sent replace the whole list."""

    username: Username | Unset = UNSET
    secret: Secret | Unset = UNSET
    account_code: AccountCode | Unset | None = UNSET
    status: SipStatus | Unset = UNSET
    caller_id_name: CallerIdName | Unset | None = UNSET
    caller_id_number: PhoneNumber | Unset | None = UNSET
    max_concurrent_calls: Calls | Unset | None = UNSET
    strip_prefix: PrefixEdit | Unset = UNSET
    add_prefix: PrefixEdit | Unset = UNSET
    restricted_prefixes: Prefixes | Unset = UNSET
    allowed_cidrs: Cidrs | Unset = UNSET
    caller_id_allow: Numbers | Unset = UNSET
    caller_id_deny: Numbers | Unset = UNSET
    trunk_id: uuid.UUID | Unset | None = UNSET
    trunk_group_id: uuid.UUID | Unset | None = UNSET
    rate_deck_id: uuid.UUID | Unset | None = UNSET


class SipUserRead(msgspec.Struct):
    """A SIP user. ``secret`` is masked, except in the answers of create and rotate."""

    id: uuid.UUID
    owner_id: uuid.UUID
    username: str
    secret: str
    account_code: str | None
    status: str
    caller_id_name: str | None
    caller_id_number: str | None
    max_concurrent_calls: int | None
    strip_prefix: str
    add_prefix: str
    restricted_prefixes: list[str]
    allowed_cidrs: list[str]
    caller_id_allow: list[str]
    caller_id_deny: list[str]
    trunk_id: uuid.UUID | None
    trunk_group_id: uuid.UUID | None
    rate_deck_id: uuid.UUID | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class TrunkWrite(msgspec.Struct, forbid_unknown_fields=True):
    """A carrier route: ``dial_template`` holds ``{number}`` exactly once."""

    name: Name
    dial_template: DialTemplate
    strip_prefix: PrefixEdit = ""
    add_prefix: PrefixEdit = ""
    max_channels: Calls | None = None
    buy_deck_id: uuid.UUID | None = None
    status: TrunkStatus = "active"
    is_default: bool = False


class TrunkPatch(msgspec.Struct, forbid_unknown_fields=True):
    name: Name | Unset = UNSET
    dial_template: DialTemplate | Unset = UNSET
    strip_prefix: PrefixEdit | Unset = UNSET
    add_prefix: PrefixEdit | Unset = UNSET
    max_channels: Calls | Unset | None = UNSET
    buy_deck_id: uuid.UUID | Unset | None = UNSET
    status: TrunkStatus | Unset = UNSET
    is_default: bool | Unset = UNSET


class TrunkRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    dial_template: str
    strip_prefix: str
    add_prefix: str
    max_channels: int | None
    buy_deck_id: uuid.UUID | None
    status: str
    is_default: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime


class TrunkGroupWrite(msgspec.Struct, forbid_unknown_fields=True):
    """Trunks tried one after the other: ``trunk_ids`` in failover order."""

    name: Name
    trunk_ids: TrunkIds


class TrunkGroupPatch(msgspec.Struct, forbid_unknown_fields=True):
    """``trunk_ids``, when sent, replaces the whole failover order."""

    name: Name | Unset = UNSET
    trunk_ids: TrunkIds | Unset = UNSET


class TrunkGroupRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    trunk_ids: list[uuid.UUID]
    created_at: datetime.datetime
    updated_at: datetime.datetime


class RestrictedPrefixWrite(msgspec.Struct, forbid_unknown_fields=True):
    """A prefix nobody may call (premium-rate, satellite, known fraud ranges)."""

    prefix: Prefix
    note: Annotated[str, msgspec.Meta(max_length=400)] | None = None


class RestrictedPrefixRead(msgspec.Struct):
    id: uuid.UUID
    prefix: str
    note: str | None
    created_at: datetime.datetime
