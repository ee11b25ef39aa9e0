"""The declarative base every model shares (advanced-alchemy's registry and naming rules)."""

from __future__ import annotations

from advanced_alchemy.base import orm_registry

metadata = orm_registry.metadata
