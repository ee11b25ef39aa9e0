"""Where imported call records come from, which of their numbers are filtered, and which
numbers clients own.

- :class:`CdrSource`: a PBX or file feed (generic CSV, Master.csv, FreeSWITCH push, FreePBX
  and Vodia pulls). Its ``name`` is the ``source`` of every record it stores, so it is part of
  the records' dedupe key: names are unique on the whole platform.
- :class:`CdrNumberRule`: a suppression (records not stored) or exclusion (stored, never billed)
  rule for a number or a ``prefix*`` pattern, per source and/or per client.
- :class:`ClientNumber`: a DID or extension a client owns; imported records are matched to
  their owner through it (outbound by the calling number, inbound by the dialled DID).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from advanced_alchemy.types import GUID, DateTimeUTC
from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase

SOURCE_KINDS = ("csv", "master_csv", "freeswitch", "freepbx", "vodia")
PULL_KINDS = ("freepbx", "vodia")
PUSH_KINDS = ("freeswitch",)


class CdrSource(UUIDv7AuditBase, TenantOwned):
    """A CDR feed of one PBX; ``owner_id`` is the admin or reseller who set it up."""

    __tablename__ = "cdr_source"
    __table_args__ = (
        UniqueConstraint("name"),
        CheckConstraint(
            "kind IN ('csv', 'master_csv', 'freeswitch', 'freepbx', 'vodia')", name="kind"
        ),
        CheckConstraint("pull_interval_seconds >= 60", name="interval"),
    )

    name: Mapped[str] = mapped_column(String(64))
    """The ``source`` of the records this feed stores (their dedupe key starts with it)."""
    kind: Mapped[str] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    """The PBX's IANA zone: times in its records without an offset are read in it."""
    date_format: Mapped[str] = mapped_column(String(64), default="iso")
    columns: Mapped[dict[str, str]] = mapped_column(JSONB, default=dict)
    """Generic CSV: field → column name (``caller``, ``dialled``, ``start``, ``duration``...)."""
    settings: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    """Connection settings of a pull kind, without the password."""
    password: Mapped[str | None] = mapped_column(String(256))
    """The PBX password a pull uses (needed in clear to connect); never shown after creation."""
    token_hash: Mapped[str | None] = mapped_column(String(64))
    """SHA-256 of the ingest token a push kind authenticates with (shown once, at creation)."""
    cursor: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    """Where the next incremental pull resumes (per kind; per Vodia domain)."""
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    pull_interval_seconds: Mapped[int] = mapped_column(Integer, default=300)
    last_run_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    last_status: Mapped[str | None] = mapped_column(String(16))
    last_detail: Mapped[str | None] = mapped_column(String(2000))
    last_job_id: Mapped[uuid.UUID | None] = mapped_column(GUID)


class CdrNumberRule(UUIDv7AuditBase, TenantOwned):
    """Suppress (do not store) or exclude (store, never bill) records of a number.

    ``pattern`` is digits with an optional leading ``+`` (ignored when comparing) and an
    optional trailing ``*`` (a prefix); it matches the calling or the dialled number. A rule
    applies to the records of ``source_id``, of ``client_id``, or of both when both are set.
    """

    __tablename__ = "cdr_number_rule"
    __table_args__ = (
        CheckConstraint("action IN ('suppress', 'exclude')", name="action"),
        CheckConstraint("source_id IS NOT NULL OR client_id IS NOT NULL", name="scope"),
    )

    action: Mapped[str] = mapped_column(String(16))
    pattern: Mapped[str] = mapped_column(String(40))
    source_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("cdr_source.id", ondelete="CASCADE"), index=True
    )
    client_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    note: Mapped[str | None] = mapped_column(String(400))


class ClientNumber(UUIDv7AuditBase, TenantOwned):
    """A DID or extension of a client (``owner_id``), optionally of one PBX (``source_id``).

    ``number`` is digits (a leading ``+`` is dropped when stored) or ``domain|extension`` for a
    multi-tenant PBX (Vodia). Unique per source; a number without a source is unique among the
    numbers without one.
    """

    __tablename__ = "client_number"
    __table_args__ = (
        UniqueConstraint("number", "source_id", postgresql_nulls_not_distinct=True),
        CheckConstraint("kind IN ('did', 'extension')", name="kind"),
    )

    number: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16), default="did")
    sip_user_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("sip_user.id", ondelete="SET NULL")
    )
    service: Mapped[str | None] = mapped_column(String(200))
    """A label stored on the records this number owns (e.g. the client's service name)."""
    source_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("cdr_source.id", ondelete="CASCADE"), index=True
    )
