"""Credentials for integrations: API keys and OAuth 2.0 clients.

Both are tenant-owned: ``owner_id`` is the user the credential acts as, ``reseller_id`` that
user's reseller. Secrets are stored only as argon2 hashes; the public half (``key_id``,
``client_id``) is what a lookup uses.
"""

from __future__ import annotations

import datetime

from advanced_alchemy.types import DateTimeUTC
from sqlalchemy import String
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column

from app.db.models.base import TenantOwned, UUIDv7AuditBase


class ApiKey(UUIDv7AuditBase, TenantOwned):
    """A long-lived key an integration sends as ``Authorization: Bearer tgk_<key_id>_<secret>``.

    ``scopes`` is what the key was granted; a request gets at most the owner's role's scopes.
    ``ip_allowlist`` holds canonical CIDR networks; empty means any address.
    """

    __tablename__ = "api_key"

    name: Mapped[str] = mapped_column(String(200))
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    expires_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    ip_allowlist: Mapped[list[str]] = mapped_column(ARRAY(String(64)), default=list)
    last_used_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))


class OAuthClient(UUIDv7AuditBase, TenantOwned):
    """A confidential OAuth 2.0 client (client-credentials grant) acting as its owner."""

    __tablename__ = "oauth_client"

    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    scopes: Mapped[list[str]] = mapped_column(ARRAY(String(64)))
    last_used_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
    revoked_at: Mapped[datetime.datetime | None] = mapped_column(DateTimeUTC(timezone=True))
