"""The global restricted-prefix list: numbers nobody may call, whatever the SIP user.

The authorize check refuses a call (``blocked``) whose number starts with any of these prefixes,
before it looks at the SIP user's own ``restricted_prefixes``.
"""

from __future__ import annotations

import uuid
from typing import Any

from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, record_change, snapshot
from app.db.models.telephony import RestrictedPrefix
from app.lib.errors import PermissionDeniedError
from app.telephony.common import conflict, flush_unique, get_row, taken
from app.telephony.schemas import RestrictedPrefixWrite

_UNIQUE = {"uq_restricted_prefix_prefix": "prefix"}


class RestrictedPrefixRepository(SQLAlchemyAsyncRepository[RestrictedPrefix]):
    model_type = RestrictedPrefix


async def list_prefixes(
    session: AsyncSession, *, limit: int, offset: int, starts_with: str | None = None
) -> tuple[list[RestrictedPrefix], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("prefix", "asc")]
    if starts_with:
        filters.append(RestrictedPrefix.prefix.startswith(starts_with, autoescape=True))
    rows, total = await RestrictedPrefixRepository(session=session).get_many_and_count(*filters)
    return list(rows), total


def _actor_id(actor: Actor) -> uuid.UUID:
    # The list is global, not a tenant's: its audit entries belong to the staff member acting.
    if actor.principal is None:
        raise PermissionDeniedError("Restricted prefixes are changed by a signed-in admin")
    return actor.principal.user_id


async def add_prefix(
    session: AsyncSession, actor: Actor, data: RestrictedPrefixWrite
) -> RestrictedPrefix:
    if await taken(session, RestrictedPrefix.prefix, data.prefix, None, across_tenants=False):
        raise conflict("prefix", f"The prefix {data.prefix} is already restricted")
    row = RestrictedPrefix(prefix=data.prefix, note=data.note)
    session.add(row)
    await flush_unique(session, _UNIQUE)
    await record_change(
        session,
        actor,
        action="restricted_prefix.create",
        object_type="restricted_prefix",
        object_id=row.id,
        owner_id=_actor_id(actor),
        reseller_id=None,
        after=snapshot(row),
    )
    return row


async def remove_prefix(session: AsyncSession, actor: Actor, prefix_id: uuid.UUID) -> None:
    row = await get_row(session, RestrictedPrefix, prefix_id, "restricted prefix")
    await record_change(
        session,
        actor,
        action="restricted_prefix.delete",
        object_type="restricted_prefix",
        object_id=row.id,
        owner_id=_actor_id(actor),
        reseller_id=None,
        before=snapshot(row),
    )
    await session.delete(row)
    await session.flush()
