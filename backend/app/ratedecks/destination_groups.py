"""Destination groups: named sets of prefixes ("UK landline", "UK mobile", "International",
"Special") owned by an admin or a reseller.

Bundles and blocks name groups; :mod:`.destination_blocks` keeps the groups a client may not
call, and :func:`app.ratedecks.destinations.classify` says which group a number falls in.
Scoping applies as everywhere: a reseller sees and changes its own groups only.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

import msgspec
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, changed_only, delete_audited, record_change, snapshot
from app.db.models.destination import (
    BlockedDestinationGroup,
    DestinationGroup,
    DestinationGroupPrefix,
)
from app.lib.access import Principal
from app.lib.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.lib.scoping import unscoped
from app.ratedecks.schemas import GroupPatch, GroupRead, GroupWrite

# --- groups ------------------------------------------------------------------------------------


async def get_group(session: AsyncSession, group_id: uuid.UUID) -> DestinationGroup:
    group = await session.get(DestinationGroup, group_id)
    if group is None:
        raise NotFoundError(f"No destination group {group_id}")
    return group


async def prefixes_of(
    session: AsyncSession, group_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[str]]:
    """Each group's prefixes, sorted (the groups must already be known to be within reach)."""
    found: dict[uuid.UUID, list[str]] = {group_id: [] for group_id in group_ids}
    rows = await session.execute(
        select(DestinationGroupPrefix.group_id, DestinationGroupPrefix.prefix)
        .where(DestinationGroupPrefix.group_id.in_(group_ids))
        .order_by(DestinationGroupPrefix.prefix)
    )
    for group_id, prefix in rows:
        found[group_id].append(prefix)
    return found


async def groups_read(session: AsyncSession, groups: Sequence[DestinationGroup]) -> list[GroupRead]:
    prefixes = await prefixes_of(session, [g.id for g in groups])
    fields = [name for name in GroupRead.__struct_fields__ if name != "prefixes"]
    return [
        GroupRead(**{name: getattr(g, name) for name in fields}, prefixes=prefixes[g.id])
        for g in groups
    ]


async def list_groups(
    session: AsyncSession, *, limit: int, offset: int, search: str | None = None
) -> tuple[list[DestinationGroup], int]:
    """Groups within reach, by name; ``search`` matches part of a name."""
    query = select(DestinationGroup)
    if search:
        query = query.where(DestinationGroup.name.ilike(f"%{search}%"))
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = await session.execute(
        query.order_by(DestinationGroup.name, DestinationGroup.id).limit(limit).offset(offset)
    )
    return list(rows.scalars()), total


def _check_prefixes(prefixes: list[str]) -> None:
    seen: dict[str, int] = {}
    for position, prefix in enumerate(prefixes):
        first = seen.setdefault(prefix, position)
        if first != position:
            raise InvalidInputError(
                f"Prefix {prefix} is listed twice",
                errors=[
                    FieldError(f"duplicate of prefixes[{first}]", field=f"prefixes[{position}]")
                ],
            )


async def _check_name_free(
    session: AsyncSession, owner_id: uuid.UUID, name: str, except_id: uuid.UUID | None
) -> None:
    query = select(DestinationGroup.id).where(
        DestinationGroup.owner_id == owner_id, DestinationGroup.name == name
    )
    if except_id is not None:
        query = query.where(DestinationGroup.id != except_id)
    if (await session.execute(query)).first() is not None:
        raise ConflictError(
            f"A destination group named {name!r} already exists",
            errors=[FieldError("already used by another group", field="name")],
        )


async def _replace_prefixes(
    session: AsyncSession, group: DestinationGroup, prefixes: list[str]
) -> None:
    await session.execute(
        delete(DestinationGroupPrefix).where(DestinationGroupPrefix.group_id == group.id)
    )
    session.add_all(DestinationGroupPrefix(group_id=group.id, prefix=p) for p in prefixes)
    await session.flush()


async def create_group(
    session: AsyncSession, actor: Actor, principal: Principal, data: GroupWrite
) -> DestinationGroup:
    _check_prefixes(data.prefixes)
    await _check_name_free(session, principal.user_id, data.name, None)
    group = DestinationGroup(
        name=data.name,
        description=data.description,
        owner_id=principal.user_id,
        reseller_id=principal.reseller_scope,
    )
    session.add(group)
    await session.flush()
    await _replace_prefixes(session, group, data.prefixes)
    await _record(
        session, actor, group, "create", None, {**snapshot(group), "prefixes": data.prefixes}
    )
    return group


async def update_group(
    session: AsyncSession, actor: Actor, group_id: uuid.UUID, patch: GroupPatch
) -> DestinationGroup:
    group = await get_group(session, group_id)
    changes = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not msgspec.UNSET}
    before = {**snapshot(group), "prefixes": (await prefixes_of(session, [group.id]))[group.id]}
    if "name" in changes:
        await _check_name_free(session, group.owner_id, changes["name"], group.id)
    prefixes = changes.pop("prefixes", None)
    for name, value in changes.items():
        setattr(group, name, value)
    if prefixes is not None:
        _check_prefixes(prefixes)
        await _replace_prefixes(session, group, prefixes)
        group.updated_at = datetime.datetime.now(datetime.UTC)  # the set is part of the group
    await session.flush()
    after = {
        **snapshot(group),
        "prefixes": sorted(prefixes) if prefixes is not None else before["prefixes"],
    }
    old, new = changed_only(before, after)
    if new:
        await _record(session, actor, group, "update", old, new)
    return group


async def delete_group(session: AsyncSession, actor: Actor, group_id: uuid.UUID) -> None:
    """A group still blocked for a client cannot be deleted (409): that would lift the block."""
    group = await get_group(session, group_id)
    with unscoped(session):  # a count that names no client
        blocking = (
            await session.execute(
                select(func.count())
                .select_from(BlockedDestinationGroup)
                .where(BlockedDestinationGroup.group_id == group.id)
            )
        ).scalar_one()
    if blocking:
        raise ConflictError(
            f"The group is blocked for {blocking} client(s): unblock it first, then delete it"
        )
    await delete_audited(session, actor, group, object_type="destination_group")


async def _record(
    session: AsyncSession,
    actor: Actor,
    group: DestinationGroup,
    verb: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    await record_change(
        session,
        actor,
        action=f"destination_group.{verb}",
        object_type="destination_group",
        object_id=group.id,
        owner_id=group.owner_id,
        reseller_id=group.reseller_id,
        before=before,
        after=after,
    )
