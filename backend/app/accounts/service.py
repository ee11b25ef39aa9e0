"""User accounts and groups: create, read, change, suspend, delete — within the caller's reach.

Every query runs on a session scoped to the caller (``app.lib.scoping``): an account the caller
may not see is not found. Function-level rules (who may manage which role) live in
``accounts.rules``; each change writes an audit entry in the same transaction.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import msgspec
from advanced_alchemy.filters import LimitOffset, OrderBy
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts import rules
from app.accounts.repository import GroupRepository, UserRepository
from app.accounts.schemas import SELF_SERVICE_FIELDS, GroupCreate, UserCreate, UserUpdate
from app.audit.service import Actor, changed_only, record_change, snapshot
from app.db.models.plan import Plan
from app.db.models.user import User, UserGroup
from app.lib.access import Principal, Role
from app.lib.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.lib.money import within
from app.lib.scoping import unscoped
from app.lib.security import hash_secret
from app.lib.settings import Settings


async def list_users(
    session: AsyncSession,
    *,
    limit: int,
    offset: int,
    search: str | None = None,
    role: Role | None = None,
    status: str | None = None,
) -> tuple[list[User], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("created_at", "desc")]
    if search:
        pattern = f"%{search}%"
        filters.append(or_(User.email.ilike(pattern), User.name.ilike(pattern)))
    if role is not None:
        filters.append(User.role == role)
    if status is not None:
        filters.append(User.status == status)
    users, total = await UserRepository(session=session).list_and_count(*filters)
    return list(users), total


async def get_user(session: AsyncSession, user_id: uuid.UUID) -> User:
    user = await UserRepository(session=session).get_one_or_none(User.id == user_id)
    if user is None:
        raise NotFoundError(f"No user {user_id}")
    return user


async def _email_taken(session: AsyncSession, email: str, except_id: uuid.UUID | None) -> bool:
    # Uniqueness is global, not per tenant: look across tenants without exposing the row.
    query = select(func.count()).select_from(User).where(User.email == email)
    if except_id is not None:
        query = query.where(User.id != except_id)
    with unscoped(session):
        return bool((await session.execute(query)).scalar_one())


async def _check_parent(session: AsyncSession, role: Role, parent_id: uuid.UUID | None) -> None:
    if parent_id is None:
        return
    parent = await UserRepository(session=session).get_one_or_none(User.id == parent_id)
    if parent is None or parent.role is not Role.RESELLER:
        raise InvalidInputError(
            "The parent must be a reseller within your reach",
            errors=[FieldError("no such reseller", field="parent_id")],
        )
    if role not in (Role.CLIENT, Role.RESELLER):
        raise InvalidInputError(
            "Only clients and resellers have a parent reseller",
            errors=[FieldError("not allowed for this role", field="parent_id")],
        )


async def _check_group(session: AsyncSession, group_id: uuid.UUID | None) -> None:
    if group_id is None:
        return
    if await GroupRepository(session=session).get_one_or_none(UserGroup.id == group_id) is None:
        raise InvalidInputError(
            "No such group within your reach",
            errors=[FieldError("no such group", field="group_id")],
        )


async def _check_plan(session: AsyncSession, plan_id: uuid.UUID | None, currency: str) -> None:
    if plan_id is None:
        return
    plan = await session.get(Plan, plan_id)
    problem = None
    if plan is None:
        problem = "no such plan within your reach"
    elif plan.currency != currency:
        problem = f"the plan is in {plan.currency}, the account in {currency}"
    if problem:
        raise InvalidInputError(problem, errors=[FieldError(problem, field="plan_id")])


def _check_margin(user: User, margin: Decimal) -> None:
    """A margin belongs to a reseller: its percent on top of its parent's price."""
    problem = None
    if user.role is not Role.RESELLER and margin != 0:
        problem = "only resellers have a margin"
    elif not within(margin, places=4, maximum=1000):
        problem = "between 0 and 1000, 4 decimals at most"
    if problem:
        raise InvalidInputError(problem, errors=[FieldError(problem, field="margin_percent")])


async def create_user(
    session: AsyncSession, settings: Settings, actor: Actor, principal: Principal, data: UserCreate
) -> User:
    rules.require_manage(principal, data.role)
    rules.check_timezone(data.timezone)
    rules.check_notification_events(data.notification_preferences)
    parent_id = rules.parent_for_new_user(principal, data.role, data.parent_id)
    await _check_parent(session, data.role, parent_id)
    await _check_group(session, data.group_id)
    await _check_plan(session, data.plan_id, data.currency)
    if await _email_taken(session, data.email, None):
        raise ConflictError(f"An account with e-mail {data.email} exists")
    fields = msgspec.structs.asdict(data)
    fields.pop("password")
    fields["notification_preferences"] = msgspec.to_builtins(data.notification_preferences)
    user = User(
        **{**fields, "parent_id": parent_id}, password_hash=hash_secret(settings, data.password)
    )
    session.add(user)
    await session.flush()
    await record_change(
        session,
        actor,
        action="user.create",
        object_type="user",
        object_id=user.id,
        owner_id=user.id,
        reseller_id=user.parent_id,
        after=snapshot(user),
    )
    return user


def _changes(patch: UserUpdate) -> dict[str, Any]:
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET
    }
    if "notification_preferences" in changes:
        rules.check_notification_events(changes["notification_preferences"])
        changes["notification_preferences"] = msgspec.to_builtins(
            changes["notification_preferences"]
        )
    if "timezone" in changes:
        rules.check_timezone(changes["timezone"])
    return changes


async def _apply(session: AsyncSession, actor: Actor, user: User, changes: dict[str, Any]) -> User:
    if "email" in changes and await _email_taken(session, changes["email"], user.id):
        raise ConflictError(f"An account with e-mail {changes['email']} exists")
    if "group_id" in changes:
        await _check_group(session, changes["group_id"])
    if "margin_percent" in changes:
        _check_margin(user, changes["margin_percent"])
    if "plan_id" in changes or "currency" in changes:
        plan_id = changes.get("plan_id", user.plan_id)
        await _check_plan(session, plan_id, changes.get("currency", user.currency))
    before = snapshot(user)
    for name, value in changes.items():
        setattr(user, name, value)
    await session.flush()
    old, new = changed_only(before, snapshot(user))
    if new:
        await record_change(
            session,
            actor,
            action="user.update",
            object_type="user",
            object_id=user.id,
            owner_id=user.id,
            reseller_id=user.parent_id,
            before=old,
            after=new,
        )
    return user


async def update_user(
    session: AsyncSession,
    actor: Actor,
    principal: Principal,
    user_id: uuid.UUID,
    patch: UserUpdate,
) -> User:
    user = await get_user(session, user_id)
    rules.require_manage(principal, user.role)
    changes = _changes(patch)
    if "role" in changes:
        rules.require_manage(principal, changes["role"])
    return await _apply(session, actor, user, changes)


async def update_own_profile(
    session: AsyncSession, actor: Actor, principal: Principal, patch: UserUpdate
) -> User:
    changes = _changes(patch)
    forbidden = sorted(set(changes) - SELF_SERVICE_FIELDS)
    if forbidden:
        raise InvalidInputError(
            "These fields are changed by whoever manages your account",
            errors=[FieldError("not a self-service field", field=name) for name in forbidden],
        )
    return await _apply(session, actor, await get_user(session, principal.user_id), changes)


async def delete_user(
    session: AsyncSession, actor: Actor, principal: Principal, user_id: uuid.UUID
) -> None:
    user = await get_user(session, user_id)
    rules.require_manage(principal, user.role)
    children = await session.execute(select(func.count()).where(User.parent_id == user.id))
    if children.scalar_one():
        raise ConflictError("This reseller still has clients; move or delete them first")
    await record_change(
        session,
        actor,
        action="user.delete",
        object_type="user",
        object_id=user.id,
        owner_id=user.id,
        reseller_id=user.parent_id,
        before=snapshot(user),
    )
    await session.delete(user)
    await session.flush()


async def list_groups(session: AsyncSession) -> list[UserGroup]:
    return list(await GroupRepository(session=session).list(OrderBy("name", "asc")))


async def create_group(
    session: AsyncSession, actor: Actor, principal: Principal, data: GroupCreate
) -> UserGroup:
    owner = await get_user(session, principal.user_id)
    group = UserGroup(
        name=data.name,
        description=data.description,
        owner_id=owner.id,
        reseller_id=rules.reseller_scope(owner),
    )
    session.add(group)
    await session.flush()
    await record_change(
        session,
        actor,
        action="group.create",
        object_type="user_group",
        object_id=group.id,
        owner_id=group.owner_id,
        reseller_id=group.reseller_id,
        after=snapshot(group),
    )
    return group
