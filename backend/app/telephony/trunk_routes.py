"""REST surface of carrier trunks and trunk groups: /api/v1/trunks, /api/v1/trunk-groups.

Carriers are the operator's business: only superadmins and admins see them (a reseller or a
client is refused with 403, whatever its scopes).
"""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

import msgspec
from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter

from app.db.models.telephony import Trunk
from app.lib.access import ADMINS, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import CurrentActor, CurrentPrincipal, ScopedSession
from app.telephony import trunks
from app.telephony.schemas import (
    TrunkGroupPatch,
    TrunkGroupRead,
    TrunkGroupWrite,
    TrunkPatch,
    TrunkRead,
    TrunkWrite,
)

_READ = requires("telephony:read", roles=ADMINS)
_WRITE = requires("telephony:write", roles=ADMINS)
Search = Annotated[str | None, QueryParameter(max_length=100, description="part of the name")]


def trunk_read(trunk: Trunk) -> TrunkRead:
    return msgspec.convert(trunk, TrunkRead, from_attributes=True)


class TrunkController(Controller):
    path = "/api/v1/trunks"
    tags = ("telephony",)

    @get("/", opt=_READ, operation_id="listTrunks")
    async def list_trunks(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        status: FromQuery[Literal["active", "disabled"] | None] = None,
        search: Search = None,
    ) -> Page[TrunkRead]:
        rows, total = await trunks.list_trunks(
            session, limit=limit, offset=offset, status=status, search=search
        )
        return Page([trunk_read(r) for r in rows], total=total, limit=limit, offset=offset)

    @post("/", opt=_WRITE, operation_id="createTrunk")
    async def create_trunk(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[TrunkWrite],
    ) -> TrunkRead:
        """A carrier route; making it the default unsets the previous default trunk."""
        return trunk_read(await trunks.save_trunk(session, actor, principal, data))

    @get("/{trunk_id:uuid}", opt=_READ, operation_id="getTrunk")
    async def get_trunk(self, session: ScopedSession, trunk_id: FromPath[uuid.UUID]) -> TrunkRead:
        return trunk_read(await trunks.get_trunk(session, trunk_id))

    @patch("/{trunk_id:uuid}", opt=_WRITE, operation_id="updateTrunk")
    async def update_trunk(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        trunk_id: FromPath[uuid.UUID],
        data: JSONBody[TrunkPatch],
    ) -> TrunkRead:
        return trunk_read(await trunks.update_trunk(session, actor, principal, trunk_id, data))

    @delete("/{trunk_id:uuid}", opt=_WRITE, operation_id="deleteTrunk")
    async def delete_trunk(
        self, session: ScopedSession, actor: CurrentActor, trunk_id: FromPath[uuid.UUID]
    ) -> None:
        """The trunk leaves its groups; SIP users pinned to it go back to normal routing."""
        await trunks.delete_trunk(session, actor, trunk_id)


class TrunkGroupController(Controller):
    path = "/api/v1/trunk-groups"
    tags = ("telephony",)

    @get("/", opt=_READ, operation_id="listTrunkGroups")
    async def list_groups(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        search: Search = None,
    ) -> Page[TrunkGroupRead]:
        rows, total = await trunks.list_groups(session, limit=limit, offset=offset, search=search)
        items = [await trunks.group_read(session, group) for group in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=_WRITE, operation_id="createTrunkGroup")
    async def create_group(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[TrunkGroupWrite],
    ) -> TrunkGroupRead:
        """Trunks tried one after the other, in the order of ``trunk_ids``."""
        group = await trunks.save_group(session, actor, principal, data)
        return await trunks.group_read(session, group)

    @get("/{group_id:uuid}", opt=_READ, operation_id="getTrunkGroup")
    async def get_group(
        self, session: ScopedSession, group_id: FromPath[uuid.UUID]
    ) -> TrunkGroupRead:
        return await trunks.group_read(session, await trunks.get_group(session, group_id))

    @patch("/{group_id:uuid}", opt=_WRITE, operation_id="updateTrunkGroup")
    async def update_group(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        group_id: FromPath[uuid.UUID],
        data: JSONBody[TrunkGroupPatch],
    ) -> TrunkGroupRead:
        """``trunk_ids``, when sent, replaces the whole failover order."""
        group = await trunks.update_group(session, actor, principal, group_id, data)
        return await trunks.group_read(session, group)

    @delete("/{group_id:uuid}", opt=_WRITE, operation_id="deleteTrunkGroup")
    async def delete_group(
        self, session: ScopedSession, actor: CurrentActor, group_id: FromPath[uuid.UUID]
    ) -> None:
        await trunks.delete_group(session, actor, group_id)
