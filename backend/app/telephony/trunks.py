"""Carrier trunks and trunk groups (CellHub "Trunks", "Trunk Groups"): staff-only data.

A trunk says how to dial a carrier (``dial_template``), what the carrier charges (its buy deck)
and how many calls it takes. A trunk group lists trunks in failover order. At most one trunk is
the default, tried last when nothing else routes a call.
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, audit_row, changed_only, delete_audited, snapshot
from app.db.models.rate_deck import RateDeck
from app.db.models.telephony import Trunk, TrunkGroup, TrunkGroupMember
from app.lib.access import Principal
from app.telephony.checks import check_dial_template, invalid
from app.telephony.common import conflict, flush_unique, get_row, patch_changes, taken
from app.telephony.schemas import (
    TrunkGroupPatch,
    TrunkGroupRead,
    TrunkGroupWrite,
    TrunkPatch,
    TrunkWrite,
)

_TRUNK_UNIQUE = {"uq_trunk_owner_id": "name"}
_GROUP_UNIQUE = {"uq_trunk_group_owner_id": "name"}


class TrunkRepository(SQLAlchemyAsyncRepository[Trunk]):
    model_type = Trunk


class TrunkGroupRepository(SQLAlchemyAsyncRepository[TrunkGroup]):
    model_type = TrunkGroup


async def list_trunks(
    session: AsyncSession,
    *,
    limit: int,
    offset: int,
    status: str | None = None,
    search: str | None = None,
) -> tuple[list[Trunk], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("name", "asc")]
    if status is not None:
        filters.append(Trunk.status == status)
    if search:
        filters.append(Trunk.name.icontains(search, autoescape=True))
    rows, total = await TrunkRepository(session=session).get_many_and_count(*filters)
    return list(rows), total


async def get_trunk(session: AsyncSession, trunk_id: uuid.UUID) -> Trunk:
    return await get_row(session, Trunk, trunk_id, "trunk")


async def _check_trunk(session: AsyncSession, data: TrunkWrite, trunk_id: uuid.UUID | None) -> None:
    check_dial_template(data.dial_template)
    if data.buy_deck_id is not None:
        deck = await session.get(RateDeck, data.buy_deck_id)
        if deck is None:
            raise invalid("buy_deck_id", "no such rate deck within your reach")
        if deck.kind != "buy":
            raise invalid("buy_deck_id", "a trunk's carrier prices come from a buy deck")
    # Unique among the trunks the caller sees (all of them, for staff): one carrier list.
    if await taken(session, Trunk.name, data.name, trunk_id, across_tenants=False):
        raise conflict("name", f"A trunk named {data.name!r} exists")


async def _clear_other_defaults(session: AsyncSession, actor: Actor, trunk: Trunk) -> None:
    """One default trunk: making a trunk the default unsets the previous one (audited)."""
    others = await session.execute(
        select(Trunk).where(Trunk.is_default.is_(True), Trunk.id != trunk.id)
    )
    for other in others.scalars():
        other.is_default = False
        await audit_row(
            session,
            actor,
            other,
            "trunk.update",
            before={"is_default": True},
            after={"is_default": False},
        )


async def save_trunk(
    session: AsyncSession,
    actor: Actor,
    principal: Principal,
    data: TrunkWrite,
    trunk_id: uuid.UUID | None = None,
) -> Trunk:
    """Create a trunk, or replace one's settings."""
    await _check_trunk(session, data, trunk_id)
    values = msgspec.structs.asdict(data)
    if trunk_id is None:
        trunk = Trunk(**values, owner_id=principal.user_id, reseller_id=principal.reseller_scope)
        session.add(trunk)
        before: dict[str, Any] | None = None
    else:
        trunk = await get_trunk(session, trunk_id)
        before = snapshot(trunk)
        for name, value in values.items():
            setattr(trunk, name, value)
    await flush_unique(session, _TRUNK_UNIQUE)
    if data.is_default:
        await _clear_other_defaults(session, actor, trunk)
    if before is None:
        await audit_row(session, actor, trunk, "trunk.create", after=snapshot(trunk))
    else:
        old, new = changed_only(before, snapshot(trunk))
        if new:
            await audit_row(session, actor, trunk, "trunk.update", before=old, after=new)
    return trunk


async def update_trunk(
    session: AsyncSession,
    actor: Actor,
    principal: Principal,
    trunk_id: uuid.UUID,
    patch: TrunkPatch,
) -> Trunk:
    trunk = await get_trunk(session, trunk_id)
    current = {name: getattr(trunk, name) for name in TrunkWrite.__struct_fields__}
    merged = TrunkWrite(**{**current, **patch_changes(patch)})
    return await save_trunk(session, actor, principal, merged, trunk.id)


async def delete_trunk(session: AsyncSession, actor: Actor, trunk_id: uuid.UUID) -> None:
    """Its group memberships go with it; SIP users pinned to it fall back to normal routing."""
    await delete_audited(session, actor, await get_trunk(session, trunk_id), object_type="trunk")


async def list_groups(
    session: AsyncSession, *, limit: int, offset: int, search: str | None = None
) -> tuple[list[TrunkGroup], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("name", "asc")]
    if search:
        filters.append(TrunkGroup.name.icontains(search, autoescape=True))
    rows, total = await TrunkGroupRepository(session=session).get_many_and_count(*filters)
    return list(rows), total


async def get_group(session: AsyncSession, group_id: uuid.UUID) -> TrunkGroup:
    return await get_row(session, TrunkGroup, group_id, "trunk group")


async def member_ids(session: AsyncSession, group_id: uuid.UUID) -> list[uuid.UUID]:
    """The group's trunks in failover order."""
    rows = await session.execute(
        select(TrunkGroupMember.trunk_id)
        .where(TrunkGroupMember.group_id == group_id)
        .order_by(TrunkGroupMember.position)
    )
    return list(rows.scalars())


async def group_read(session: AsyncSession, group: TrunkGroup) -> TrunkGroupRead:
    return TrunkGroupRead(
        id=group.id,
        name=group.name,
        trunk_ids=await member_ids(session, group.id),
        created_at=group.created_at,
        updated_at=group.updated_at,
    )


async def _check_group(
    session: AsyncSession, data: TrunkGroupWrite, group_id: uuid.UUID | None
) -> None:
    if len(set(data.trunk_ids)) != len(data.trunk_ids):
        raise invalid("trunk_ids", "a trunk appears twice in the failover order")
    for position, trunk_id in enumerate(data.trunk_ids):
        if await session.get(Trunk, trunk_id) is None:
            raise invalid(
                f"trunk_ids[{position}]",
                "no such trunk within your reach",
                f"trunk_ids: no trunk {trunk_id} within your reach",
            )
    if await taken(session, TrunkGroup.name, data.name, group_id, across_tenants=False):
        raise conflict("name", f"A trunk group named {data.name!r} exists")


async def save_group(
    session: AsyncSession,
    actor: Actor,
    principal: Principal,
    data: TrunkGroupWrite,
    group_id: uuid.UUID | None = None,
) -> TrunkGroup:
    """Create a trunk group, or replace its name and whole failover order."""
    await _check_group(session, data, group_id)
    if group_id is None:
        group = TrunkGroup(
            name=data.name, owner_id=principal.user_id, reseller_id=principal.reseller_scope
        )
        session.add(group)
        before = None
    else:
        group = await get_group(session, group_id)
        before = {
            "name": group.name,
            "trunk_ids": [str(t) for t in await member_ids(session, group.id)],
        }
        group.name = data.name
        await session.execute(delete(TrunkGroupMember).where(TrunkGroupMember.group_id == group.id))
    await flush_unique(session, _GROUP_UNIQUE)
    session.add_all(
        TrunkGroupMember(group_id=group.id, trunk_id=trunk_id, position=position)
        for position, trunk_id in enumerate(data.trunk_ids)
    )
    await session.flush()
    after = {"name": group.name, "trunk_ids": [str(t) for t in data.trunk_ids]}
    action = "trunk_group.create" if before is None else "trunk_group.update"
    await audit_row(session, actor, group, action, before=before, after=after)
    return group


async def update_group(
    session: AsyncSession,
    actor: Actor,
    principal: Principal,
    group_id: uuid.UUID,
    patch: TrunkGroupPatch,
) -> TrunkGroup:
    group = await get_group(session, group_id)
    current: dict[str, Any] = {"name": group.name, "trunk_ids": await member_ids(session, group.id)}
    merged = TrunkGroupWrite(**{**current, **patch_changes(patch)})
    return await save_group(session, actor, principal, merged, group.id)


async def delete_group(session: AsyncSession, actor: Actor, group_id: uuid.UUID) -> None:
    group = await get_group(session, group_id)
    await delete_audited(session, actor, group, object_type="trunk_group")
