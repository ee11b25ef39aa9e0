"""REST surface of users and groups: /api/v1/users, /api/v1/groups."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from app.accounts import service
from app.accounts.schemas import GroupCreate, GroupRead, UserCreate, UserRead, UserUpdate
from app.db.models.user import User
from app.lib.access import Role, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import (
    CurrentActor,
    CurrentPrincipal,
    ScopedSession,
    SettingsDep,
)


def user_read(user: User) -> UserRead:
    return msgspec.convert(user, UserRead, from_attributes=True)


class UserController(Controller):
    path = "/api/v1/users"
    tags = ("users",)

    @get("/", opt=requires("users:read"), operation_id="listUsers")
    async def list_users(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        search: Annotated[str | None, QueryParameter(max_length=200)] = None,
        role: FromQuery[Role | None] = None,
        status: Annotated[
            str | None, QueryParameter(pattern="^(active|suspended|blocked)$")
        ] = None,
    ) -> Page[UserRead]:
        """Accounts within reach: all for staff, a reseller's own clients, a client itself."""
        users, total = await service.list_users(
            session, limit=limit, offset=offset, search=search, role=role, status=status
        )
        return Page([user_read(u) for u in users], total=total, limit=limit, offset=offset)

    @post("/", opt=requires("users:write"), operation_id="createUser")
    async def create_user(
        self,
        session: ScopedSession,
        settings: SettingsDep,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[UserCreate],
    ) -> UserRead:
        """Create an account. A reseller creates its own clients; an admin never creates admins."""
        return user_read(await service.create_user(session, settings, actor, principal, data))

    @get("/{user_id:uuid}", opt=requires("users:read", resource="user"), operation_id="getUser")
    async def get_user(self, session: ScopedSession, user_id: FromPath[uuid.UUID]) -> UserRead:
        return user_read(await service.get_user(session, user_id))

    @patch(
        "/{user_id:uuid}", opt=requires("users:write", resource="user"), operation_id="updateUser"
    )
    async def update_user(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        user_id: FromPath[uuid.UUID],
        data: JSONBody[UserUpdate],
    ) -> UserRead:
        """Change, suspend (status) or re-role an account within reach."""
        return user_read(await service.update_user(session, actor, principal, user_id, data))

    @delete(
        "/{user_id:uuid}", opt=requires("users:write", resource="user"), operation_id="deleteUser"
    )
    async def delete_user(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        user_id: FromPath[uuid.UUID],
    ) -> None:
        await service.delete_user(session, actor, principal, user_id)


class GroupController(Controller):
    path = "/api/v1/groups"
    tags = ("users",)

    @get("/", opt=requires("users:read"), operation_id="listGroups")
    async def list_groups(self, session: ScopedSession) -> list[GroupRead]:
        """Groups of accounts that share quotas (CellHub "Group Users")."""
        groups = await service.list_groups(session)
        return [msgspec.convert(g, GroupRead, from_attributes=True) for g in groups]

    @post(
        "/",
        opt=requires("users:write", roles=frozenset({Role.SUPERADMIN, Role.ADMIN, Role.RESELLER})),
        operation_id="createGroup",
    )
    async def create_group(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[GroupCreate],
    ) -> GroupRead:
        group = await service.create_group(session, actor, principal, data)
        return msgspec.convert(group, GroupRead, from_attributes=True)
