"""The destination groups a client may not call (UCRM: "no international, no voting systems").

A block is a row owned by the client, so the client, its reseller and staff see it. The groups
it may name are those of the client's reseller chain or of staff — never another reseller's.
Call authorization and CDR import ask :func:`app.ratedecks.destinations.blocked_prefixes`.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.service import get_user
from app.audit.service import Actor, record_change
from app.db.models.destination import BlockedDestinationGroup, DestinationGroup
from app.db.models.user import User
from app.lib.access import Role
from app.lib.errors import FieldError, InvalidInputError
from app.lib.scoping import unscoped
from app.ratedecks.destination_groups import groups_read
from app.ratedecks.schemas import BlockedGroupsRead

_MAX_CHAIN = 10


async def _blocked_ids(session: AsyncSession, client_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.execute(
        select(BlockedDestinationGroup.group_id).where(
            BlockedDestinationGroup.owner_id == client_id
        )
    )
    return list(rows.scalars())


async def _read(
    session: AsyncSession, user_id: uuid.UUID, group_ids: list[uuid.UUID]
) -> BlockedGroupsRead:
    # The groups a block names are shown to whoever sees the block — the client too, though it
    # cannot list its reseller's groups: it is told what it may not call. The block rows were
    # read within the caller's reach; only their groups are read across it.
    with unscoped(session):
        groups = (
            await session.execute(
                select(DestinationGroup)
                .where(DestinationGroup.id.in_(group_ids))
                .order_by(DestinationGroup.name, DestinationGroup.id)
            )
        ).scalars()
        return BlockedGroupsRead(user_id=user_id, groups=await groups_read(session, list(groups)))


async def get_blocked_groups(session: AsyncSession, user_id: uuid.UUID) -> BlockedGroupsRead:
    """The groups blocked for a user within reach (none for a user who is not a client)."""
    user = await get_user(session, user_id)
    return await _read(session, user.id, await _blocked_ids(session, user.id))


async def _owner_chain(session: AsyncSession, client: User) -> set[uuid.UUID]:
    """The client's resellers, up the chain (read across reach: it only decides eligibility)."""
    chain: set[uuid.UUID] = set()
    parent_id = client.parent_id
    with unscoped(session):
        while parent_id is not None and len(chain) < _MAX_CHAIN:
            chain.add(parent_id)
            parent_id = (
                await session.execute(select(User.parent_id).where(User.id == parent_id))
            ).scalar_one_or_none()
    return chain


async def _check_groups(session: AsyncSession, client: User, group_ids: list[uuid.UUID]) -> None:
    chain = await _owner_chain(session, client)
    seen: dict[uuid.UUID, int] = {}
    for position, group_id in enumerate(group_ids):
        field = f"group_ids[{position}]"
        first = seen.setdefault(group_id, position)
        problem = f"duplicate of group_ids[{first}]" if first != position else None
        group = await session.get(DestinationGroup, group_id)
        if problem is None and group is None:
            problem = "no such destination group within your reach"
        elif problem is None and group is not None and group.owner_id not in chain:
            with unscoped(session):
                owner_role = (
                    await session.execute(select(User.role).where(User.id == group.owner_id))
                ).scalar_one()
            if owner_role not in (Role.SUPERADMIN, Role.ADMIN):
                problem = "the group belongs to neither this client's resellers nor staff"
        if problem is not None:
            raise InvalidInputError(
                f"Group {group_id}: {problem}", errors=[FieldError(problem, field=field)]
            )


async def set_blocked_groups(
    session: AsyncSession, actor: Actor, user_id: uuid.UUID, group_ids: list[uuid.UUID]
) -> BlockedGroupsRead:
    """Replace the set of groups the client ``user_id`` may not call (the client is found first:
    out of reach is a 404)."""
    client = await get_user(session, user_id)
    if client.role is not Role.CLIENT:
        raise InvalidInputError(
            "Destination blocks are for clients",
            errors=[FieldError("not a client", field="user_id")],
        )
    # One change of a client's blocks at a time: the second waits and sees the first's result.
    await session.execute(select(User.id).where(User.id == client.id).with_for_update())
    await _check_groups(session, client, group_ids)
    before = await _blocked_ids(session, client.id)
    removed = set(before) - set(group_ids)
    if removed:
        await session.execute(
            delete(BlockedDestinationGroup).where(
                BlockedDestinationGroup.owner_id == client.id,
                BlockedDestinationGroup.group_id.in_(removed),
            )
        )
    session.add_all(
        BlockedDestinationGroup(owner_id=client.id, reseller_id=client.parent_id, group_id=g)
        for g in dict.fromkeys(group_ids)
        if g not in before
    )
    await session.flush()
    if set(before) != set(group_ids):
        await record_change(
            session,
            actor,
            action="user.blocked_destination_groups",
            object_type="user",
            object_id=client.id,
            owner_id=client.id,
            reseller_id=client.parent_id,
            before={"group_ids": sorted(str(g) for g in before)},
            after={"group_ids": sorted(str(g) for g in set(group_ids))},
        )
    return await _read(session, client.id, list(dict.fromkeys(group_ids)))
