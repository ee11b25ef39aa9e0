"""Repositories of the accounts feature (advanced-alchemy; scoping applies to every query)."""

from __future__ import annotations

from advanced_alchemy.repository import SQLAlchemyAsyncRepository

from app.db.models.user import User, UserGroup


class UserRepository(SQLAlchemyAsyncRepository[User]):
    model_type = User


class GroupRepository(SQLAlchemyAsyncRepository[UserGroup]):
    model_type = UserGroup
