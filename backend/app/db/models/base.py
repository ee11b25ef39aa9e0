"""The declarative base every model shares, and the tenant-ownership mixin.

Every row a tenant owns carries ``owner_id`` (the user it belongs to) and ``reseller_id`` (that
user's reseller, or NULL for a direct client or staff). ``app.lib.scoping`` filters every ORM
query on these two columns; nothing else decides who sees a row.
"""

from __future__ import annotations

import uuid

from advanced_alchemy.base import UUIDv7AuditBase, UUIDv7Base, orm_registry
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

metadata = orm_registry.metadata

__all__ = ["TenantOwned", "UUIDv7AuditBase", "UUIDv7Base", "metadata"]


class TenantOwned:
    """Mixin for tenant-owned rows: scoping reads ``owner_id`` and ``reseller_id``."""

    @declared_attr
    def owner_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def reseller_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(
            ForeignKey("user_account.id", ondelete="SET NULL"), index=True, nullable=True
        )
