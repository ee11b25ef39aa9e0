"""ORM models, one module per aggregate. Importing this package registers every table on
:data:`metadata`, which Alembic's autogenerate compares against the database."""

from __future__ import annotations

from app.db.models.base import metadata

__all__ = ["metadata"]
