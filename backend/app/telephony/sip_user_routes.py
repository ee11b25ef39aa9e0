"""REST surface of SIP users: /api/v1/sip-users."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK

from app.lib.access import STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import CurrentActor, ScopedSession
from app.telephony import sip_users
from app.telephony.schemas import SipUserCreate, SipUserPatch, SipUserRead

SipUserId = FromPath[uuid.UUID]
_READ = requires("telephony:read", resource="sip_user")
# CellHub: admins and resellers create and change SIP users; a client only reads its own.
_WRITE = requires("telephony:write", roles=STAFF, resource="sip_user")


class SipUserController(Controller):
    path = "/api/v1/sip-users"
    tags = ("telephony",)

    @get("/", opt=requires("telephony:read"), operation_id="listSipUsers")
    async def list_sip_users(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        owner_id: FromQuery[uuid.UUID | None] = None,
        status: FromQuery[Literal["active", "suspended"] | None] = None,
        search: Annotated[
            str | None, QueryParameter(max_length=64, description="part of the username")
        ] = None,
    ) -> Page[SipUserRead]:
        """SIP users within reach (a client sees its own), secrets masked."""
        rows, total = await sip_users.list_sip_users(
            session, limit=limit, offset=offset, owner_id=owner_id, status=status, search=search
        )
        items = [sip_users.sip_user_read(row) for row in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=requires("telephony:write", roles=STAFF), operation_id="createSipUser")
    async def create_sip_user(
        self, session: ScopedSession, actor: CurrentActor, data: JSONBody[SipUserCreate]
    ) -> SipUserRead:
        """A SIP user for a client within reach. The answer is the only one that shows the
        secret (generated when not given); later reads mask it."""
        row, _ = await sip_users.create_sip_user(session, actor, data)
        return sip_users.sip_user_read(row, reveal=True)

    @get("/{sip_user_id:uuid}", opt=_READ, operation_id="getSipUser")
    async def get_sip_user(self, session: ScopedSession, sip_user_id: SipUserId) -> SipUserRead:
        return sip_users.sip_user_read(await sip_users.get_sip_user(session, sip_user_id))

    @patch("/{sip_user_id:uuid}", opt=_WRITE, operation_id="updateSipUser")
    async def update_sip_user(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        sip_user_id: SipUserId,
        data: JSONBody[SipUserPatch],
    ) -> SipUserRead:
        """Change some fields; a list sent replaces the whole list."""
        row = await sip_users.update_sip_user(session, actor, sip_user_id, data)
        return sip_users.sip_user_read(row)

    @post(
        "/{sip_user_id:uuid}/secret",
        opt=_WRITE,
        status_code=HTTP_200_OK,
        operation_id="rotateSipUserSecret",
    )
    async def rotate_secret(
        self, session: ScopedSession, actor: CurrentActor, sip_user_id: SipUserId
    ) -> SipUserRead:
        """Replace the secret with a generated one, shown in this answer only."""
        row = await sip_users.rotate_secret(session, actor, sip_user_id)
        return sip_users.sip_user_read(row, reveal=True)

    @delete("/{sip_user_id:uuid}", opt=_WRITE, operation_id="deleteSipUser")
    async def delete_sip_user(
        self, session: ScopedSession, actor: CurrentActor, sip_user_id: SipUserId
    ) -> None:
        await sip_users.delete_sip_user(session, actor, sip_user_id)
