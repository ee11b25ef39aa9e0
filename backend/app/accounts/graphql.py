"""GraphQL surface of user accounts: the same services and scoping as REST."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import msgspec
import strawberry
from strawberry.types import Info

from app.accounts import service
from app.accounts.schemas import UserCreate, UserUpdate
from app.db.models.user import User
from app.graphql.context import require, run
from app.lib.access import Role

RoleEnum = strawberry.enum(Role, name="Role")


@strawberry.type(name="User")
class UserType:
    id: uuid.UUID
    email: str
    role: RoleEnum  # type: ignore[valid-type]
    status: str
    name: str
    company: str | None
    phone: str | None
    country: str | None
    timezone: str
    currency: str
    language: str
    parent_id: uuid.UUID | None
    sip_account_limit: int
    created_at: datetime.datetime

    @classmethod
    def of(cls, user: User) -> UserType:
        fields = {name: getattr(user, name) for name in cls.__annotations__}
        return cls(**fields)


@strawberry.type
class UserPage:
    items: list[UserType]
    total: int


@strawberry.input
class UserInput:
    email: str
    password: str
    role: RoleEnum  # type: ignore[valid-type]
    name: str
    timezone: str = "UTC"
    currency: str = "USD"
    language: str = "en"
    parent_id: uuid.UUID | None = None


@strawberry.input
class UserChanges:
    name: str | None = strawberry.UNSET
    status: str | None = strawberry.UNSET
    timezone: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    company: str | None = strawberry.UNSET


def _convert(kind: type[Any], values: dict[str, Any]) -> Any:
    try:
        return msgspec.convert(values, kind)
    except msgspec.ValidationError as error:
        from app.lib.errors import FieldError, InvalidInputError

        raise InvalidInputError(str(error), errors=[FieldError(str(error))]) from error


@strawberry.type
class AccountsQuery:
    @strawberry.field(description="The signed-in account.")
    async def me(self, info: Info[Any, Any]) -> UserType:
        session, principal = require(info, None)
        return UserType.of(await run(info, lambda: service.get_user(session, principal.user_id)))

    @strawberry.field(description="Accounts within reach, newest first.")
    async def users(
        self, info: Info[Any, Any], limit: int = 50, offset: int = 0, search: str | None = None
    ) -> UserPage:
        session, _ = require(info, "users:read")

        async def fetch() -> UserPage:
            users, total = await service.list_users(
                session, limit=max(1, min(limit, 200)), offset=max(0, offset), search=search
            )
            return UserPage(items=[UserType.of(u) for u in users], total=total)

        return await run(info, fetch)

    @strawberry.field(description="One account within reach.")
    async def user(self, info: Info[Any, Any], id: uuid.UUID) -> UserType:
        session, _ = require(info, "users:read")
        return UserType.of(await run(info, lambda: service.get_user(session, id)))


@strawberry.type
class AccountsMutation:
    @strawberry.mutation(description="Create an account (same rules as POST /api/v1/users).")
    async def create_user(self, info: Info[Any, Any], input: UserInput) -> UserType:
        session, principal = require(info, "users:write")
        values = {k: v for k, v in vars(input).items() if v is not None}

        async def create() -> User:
            data = _convert(UserCreate, values)
            return await service.create_user(
                session, info.context["settings"], info.context["actor"], principal, data
            )

        return UserType.of(await run(info, create))

    @strawberry.mutation(description="Change or suspend an account within reach.")
    async def update_user(
        self, info: Info[Any, Any], id: uuid.UUID, changes: UserChanges
    ) -> UserType:
        session, principal = require(info, "users:write")
        values = {k: v for k, v in vars(changes).items() if v is not strawberry.UNSET}

        async def update() -> User:
            patch = _convert(UserUpdate, values)
            return await service.update_user(session, info.context["actor"], principal, id, patch)

        return UserType.of(await run(info, update))

    @strawberry.mutation(description="Delete an account within reach.")
    async def delete_user(self, info: Info[Any, Any], id: uuid.UUID) -> bool:
        session, principal = require(info, "users:write")

        async def remove() -> bool:
            await service.delete_user(session, info.context["actor"], principal, id)
            return True

        return await run(info, remove)
