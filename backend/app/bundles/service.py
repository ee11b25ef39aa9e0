"""Plan allowances (CRUD on a plan within reach) and a client's allowance balances."""

from __future__ import annotations

import datetime
import uuid

import msgspec
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, changed_only, delete_audited, record_change, snapshot
from app.bundles.allowances import period_bounds
from app.bundles.draw import load_client_allowances
from app.bundles.schemas import AllowanceBalance, AllowancePatch, AllowanceRead, AllowanceWrite
from app.db.models.bundle import AllowanceUsage, PlanAllowance
from app.db.models.destination import DestinationGroup
from app.db.models.plan import Plan
from app.lib.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.lib.scoping import unscoped


async def _group(session: AsyncSession, group_id: uuid.UUID) -> DestinationGroup:
    group = await session.get(DestinationGroup, group_id)
    if group is None:
        raise InvalidInputError(
            f"No destination group {group_id} within your reach",
            errors=[FieldError("no such group", field="group_id")],
        )
    return group


def _read(row: PlanAllowance, group: str) -> AllowanceRead:
    return AllowanceRead(
        id=row.id,
        plan_id=row.plan_id,
        group_id=row.group_id,
        group=group,
        seconds=row.seconds,
        period=row.period,
        created_at=row.created_at,
    )


async def list_allowances(session: AsyncSession, plan: Plan) -> list[AllowanceRead]:
    rows = await session.execute(
        select(PlanAllowance, DestinationGroup.name)
        .join(DestinationGroup, DestinationGroup.id == PlanAllowance.group_id, isouter=True)
        .where(PlanAllowance.plan_id == plan.id)
        .order_by(DestinationGroup.name, PlanAllowance.id)
    )
    return [_read(row, name or "") for row, name in rows]


async def get_allowance(
    session: AsyncSession, plan: Plan, allowance_id: uuid.UUID
) -> PlanAllowance:
    row = await session.get(PlanAllowance, allowance_id)
    if row is None or row.plan_id != plan.id:
        raise NotFoundError(f"No allowance {allowance_id} on plan {plan.id}")
    return row


async def add_allowance(
    session: AsyncSession, actor: Actor, plan: Plan, data: AllowanceWrite
) -> AllowanceRead:
    """Add an allowance to ``plan``; one per destination group (409 for a second)."""
    group = await _group(session, data.group_id)
    row = PlanAllowance(
        plan_id=plan.id,
        group_id=group.id,
        seconds=data.seconds,
        period=data.period,
        owner_id=plan.owner_id,
        reseller_id=plan.reseller_id,
    )
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError as exc:
        raise ConflictError(f"The plan already has an allowance for {group.name!r}") from exc
    await record_change(
        session,
        actor,
        action="plan_allowance.create",
        object_type="plan_allowance",
        object_id=row.id,
        owner_id=row.owner_id,
        reseller_id=row.reseller_id,
        after=snapshot(row),
    )
    return _read(row, group.name)


async def update_allowance(
    session: AsyncSession, actor: Actor, plan: Plan, allowance_id: uuid.UUID, patch: AllowancePatch
) -> AllowanceRead:
    """Change an allowance's size or period. Usage already counted stays: a reduced
    allowance leaves nothing to draw until the next period if more was used."""
    row = await get_allowance(session, plan, allowance_id)
    before = snapshot(row)
    for name, value in msgspec.structs.asdict(patch).items():
        if value is not msgspec.UNSET:
            setattr(row, name, value)
    await session.flush()
    old, new = changed_only(before, snapshot(row))
    if new:
        await record_change(
            session,
            actor,
            action="plan_allowance.update",
            object_type="plan_allowance",
            object_id=row.id,
            owner_id=row.owner_id,
            reseller_id=row.reseller_id,
            before=old,
            after=new,
        )
    with unscoped(session):  # the group's name, even if the group is staff-owned
        group = await session.get(DestinationGroup, row.group_id)
    return _read(row, "" if group is None else group.name)


async def remove_allowance(
    session: AsyncSession, actor: Actor, plan: Plan, allowance_id: uuid.UUID
) -> None:
    row = await get_allowance(session, plan, allowance_id)
    await delete_audited(session, actor, row, object_type="plan_allowance")


async def balances(
    session: AsyncSession, client_id: uuid.UUID, now: datetime.datetime
) -> list[AllowanceBalance]:
    """Each allowance of the client's plan in the period containing ``now``: used and left.
    The caller has already found the client within its reach."""
    client = await load_client_allowances(session, client_id)
    found: list[AllowanceBalance] = []
    for allowance in client.allowances.allowances:
        start, end = period_bounds(now, client.timezone, allowance.period)
        with unscoped(session):
            used = (
                await session.execute(
                    select(AllowanceUsage.used_seconds).where(
                        AllowanceUsage.owner_id == client_id,
                        AllowanceUsage.allowance_id == allowance.allowance_id,
                        AllowanceUsage.period_start == start,
                    )
                )
            ).scalar_one_or_none() or 0
        found.append(
            AllowanceBalance(
                allowance_id=allowance.allowance_id,
                group_id=allowance.group_id,
                group=allowance.group_name,
                period=allowance.period,
                period_start=start,
                period_end=end,
                seconds=allowance.seconds,
                used_seconds=used,
                remaining_seconds=max(0, allowance.seconds - used),
            )
        )
    return sorted(found, key=lambda b: (b.group, str(b.allowance_id)))
