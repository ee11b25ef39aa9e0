"""Wire shapes of CDR sources, number rules (suppression/exclusion) and client-owned numbers."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any, Literal

import msgspec

SourceName = Annotated[
    str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", examples=["pbx-london"])
]
SourceKind = Literal["csv", "master_csv", "freeswitch", "freepbx", "vodia"]
Zone = Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["Europe/London"])]
DateFormat = Annotated[str, msgspec.Meta(min_length=1, max_length=64, examples=["iso"])]
ColumnName = Annotated[str, msgspec.Meta(min_length=1, max_length=64)]
Host = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9.:\[\]_-]{1,253}$")]
Identifier = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9_$]{1,64}$")]
Domain = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9.-]{0,252}$")]
Url = Annotated[str, msgspec.Meta(pattern=r"^https?://[^\s]{1,500}$")]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=256)]
Interval = Annotated[int, msgspec.Meta(ge=60, le=86_400)]
Pattern = Annotated[str, msgspec.Meta(pattern=r"^\+?[0-9]{1,32}\*?$", examples=["4487*"])]
OwnedNumber = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^([A-Za-z0-9][A-Za-z0-9.-]{0,80}\|)?\+?[0-9*#]{1,32}$",
        examples=["+442071234567", "acme.example.com|101"],
    ),
]
Label = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
Note = Annotated[str, msgspec.Meta(max_length=400)]
SECRET_MASK = "********"  # noqa: S105 - what reads show instead of a password


class ColumnMap(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """A generic CSV's column names (the form's ``*_column`` fields, saved)."""

    caller: ColumnName | None = None
    dialled: ColumnName | None = None
    start: ColumnName | None = None
    duration: ColumnName | None = None
    billsec: ColumnName | None = None
    disposition: ColumnName | None = None
    direction: ColumnName | None = None
    external_id: ColumnName | None = None
    account_code: ColumnName | None = None
    channel: ColumnName | None = None


class Connection(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """How a pull reaches the PBX. FreePBX: ``host``, ``port`` (3306), ``user``, ``database``
    (``asteriskcdrdb``), ``table`` (``cdr``). Vodia: ``base_url``, ``domains`` (tenant
    domains pulled one by one), ``user``. ``lookback_seconds``: a pull re-reads this far
    before its cursor, for records written late (a long call's row appears at its end)."""

    host: Host | None = None
    port: Annotated[int, msgspec.Meta(ge=1, le=65_535)] | None = None
    user: Annotated[str, msgspec.Meta(min_length=1, max_length=128)] | None = None
    database: Identifier | None = None
    table: Identifier | None = None
    base_url: Url | None = None
    domains: Annotated[list[Domain], msgspec.Meta(max_length=500)] | None = None
    lookback_seconds: Annotated[int, msgspec.Meta(ge=0, le=7 * 86_400)] | None = None
    verify_tls: bool | None = None


class CdrSourceCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A PBX feed. ``name`` is the ``source`` of its records (unique on the platform).
    A ``freeswitch`` source gets an ingest token, shown in this answer only."""

    name: SourceName
    kind: SourceKind
    timezone: Zone = "UTC"
    date_format: DateFormat | None = None
    columns: ColumnMap | None = None
    connection: Connection | None = None
    password: Password | None = None
    enabled: bool = True
    pull_interval_seconds: Interval = 300


class CdrSourcePatch(msgspec.Struct, forbid_unknown_fields=True):
    name: SourceName | msgspec.UnsetType = msgspec.UNSET
    timezone: Zone | msgspec.UnsetType = msgspec.UNSET
    date_format: DateFormat | msgspec.UnsetType = msgspec.UNSET
    columns: ColumnMap | msgspec.UnsetType = msgspec.UNSET
    connection: Connection | msgspec.UnsetType = msgspec.UNSET
    password: Password | msgspec.UnsetType | None = msgspec.UNSET
    enabled: bool | msgspec.UnsetType = msgspec.UNSET
    pull_interval_seconds: Interval | msgspec.UnsetType = msgspec.UNSET


class CdrSourceRead(msgspec.Struct):
    id: uuid.UUID
    name: str
    kind: str
    timezone: str
    date_format: str
    columns: dict[str, str]
    connection: dict[str, Any]
    password: str | None
    """``********`` when one is set (never shown back)."""
    ingest_token: str | None
    """Push kinds: the token, in the answers of create and rotate only; else None."""
    cursor: dict[str, Any]
    enabled: bool
    pull_interval_seconds: int
    last_run_at: datetime.datetime | None
    last_status: str | None
    last_detail: str | None
    last_job_id: uuid.UUID | None
    owner_id: uuid.UUID
    reseller_id: uuid.UUID | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class NumberRuleCreate(msgspec.Struct, forbid_unknown_fields=True):
    """``suppress``: records of the number are not stored; ``exclude``: stored, never billed.
    ``pattern``: a number, or a prefix ending in ``*``; it matches the calling or the dialled
    number. Name a source, a client, or both."""

    action: Literal["suppress", "exclude"]
    pattern: Pattern
    source_id: uuid.UUID | None = None
    client_id: uuid.UUID | None = None
    note: Note | None = None


class NumberRulePatch(msgspec.Struct, forbid_unknown_fields=True):
    action: Literal["suppress", "exclude"] | msgspec.UnsetType = msgspec.UNSET
    pattern: Pattern | msgspec.UnsetType = msgspec.UNSET
    note: Note | msgspec.UnsetType | None = msgspec.UNSET


class NumberRuleRead(msgspec.Struct):
    id: uuid.UUID
    action: str
    pattern: str
    source_id: uuid.UUID | None
    client_id: uuid.UUID | None
    note: str | None
    owner_id: uuid.UUID
    reseller_id: uuid.UUID | None
    created_at: datetime.datetime


class ClientNumberCreate(msgspec.Struct, forbid_unknown_fields=True):
    """A DID or extension of a client; ``domain|ext`` for a multi-tenant PBX (Vodia).
    ``source_id``: owned on that PBX only (an extension usually is)."""

    owner_id: uuid.UUID
    number: OwnedNumber
    kind: Literal["did", "extension"] = "did"
    sip_user_id: uuid.UUID | None = None
    service: Label | None = None
    source_id: uuid.UUID | None = None


class ClientNumberPatch(msgspec.Struct, forbid_unknown_fields=True):
    number: OwnedNumber | msgspec.UnsetType = msgspec.UNSET
    kind: Literal["did", "extension"] | msgspec.UnsetType = msgspec.UNSET
    sip_user_id: uuid.UUID | msgspec.UnsetType | None = msgspec.UNSET
    service: Label | msgspec.UnsetType | None = msgspec.UNSET


class ClientNumberRead(msgspec.Struct):
    id: uuid.UUID
    number: str
    kind: str
    owner_id: uuid.UUID
    reseller_id: uuid.UUID | None
    sip_user_id: uuid.UUID | None
    service: str | None
    source_id: uuid.UUID | None
    created_at: datetime.datetime
