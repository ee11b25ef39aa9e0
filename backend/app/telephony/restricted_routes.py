"""REST surface of the global restricted-prefix list: /api/v1/restricted-prefixes."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, delete, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from app.db.models.telephony import RestrictedPrefix
from app.lib.access import ADMINS, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import CurrentActor, ScopedSession
from app.telephony import restricted
from app.telephony.schemas import RestrictedPrefixRead, RestrictedPrefixWrite

_READ = requires("telephony:read", roles=ADMINS)
_WRITE = requires("telephony:write", roles=ADMINS)


def prefix_read(row: RestrictedPrefix) -> RestrictedPrefixRead:
    return msgspec.convert(row, RestrictedPrefixRead, from_attributes=True)


class RestrictedPrefixController(Controller):
    path = "/api/v1/restricted-prefixes"
    tags = ("telephony",)

    @get("/", opt=_READ, operation_id="listRestrictedPrefixes")
    async def list_prefixes(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        starts_with: Annotated[
            str | None, QueryParameter(pattern=r"^[0-9]{1,20}$", description="digits")
        ] = None,
    ) -> Page[RestrictedPrefixRead]:
        """Prefixes nobody may call, whatever the SIP user (a call to one is ``blocked``)."""
        rows, total = await restricted.list_prefixes(
            session, limit=limit, offset=offset, starts_with=starts_with
        )
        return Page([prefix_read(r) for r in rows], total=total, limit=limit, offset=offset)

    @post("/", opt=_WRITE, operation_id="createRestrictedPrefix")
    async def create_prefix(
        self, session: ScopedSession, actor: CurrentActor, data: JSONBody[RestrictedPrefixWrite]
    ) -> RestrictedPrefixRead:
        return prefix_read(await restricted.add_prefix(session, actor, data))

    @delete("/{prefix_id:uuid}", opt=_WRITE, operation_id="deleteRestrictedPrefix")
    async def delete_prefix(
        self, session: ScopedSession, actor: CurrentActor, prefix_id: FromPath[uuid.UUID]
    ) -> None:
        await restricted.remove_prefix(session, actor, prefix_id)
