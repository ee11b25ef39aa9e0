"""REST surface of destinations: the prefix reference table (/api/v1/destinations), destination
groups (/api/v1/destination-groups) and a client's blocked groups
(/api/v1/users/{user_id}/blocked-destination-groups)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec
from litestar import Controller, delete, get, patch, post, put
from litestar.datastructures import UploadFile
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody, QueryParameter

from app.db.models.destination import Destination
from app.lib.access import ADMINS, STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.ratedecks import destination_blocks, destination_groups, destinations
from app.ratedecks.schemas import (
    BlockedGroupsRead,
    BlockedGroupsWrite,
    DestinationImportResult,
    DestinationPatch,
    DestinationRead,
    DestinationType,
    DestinationWrite,
    GroupPatch,
    GroupRead,
    GroupWrite,
)
from app.server.dependencies import CurrentActor, CurrentPrincipal, ScopedSession

Search = Annotated[str | None, QueryParameter(max_length=200)]
_GROUP_READ = requires("rates:read", roles=STAFF, resource="destination_group")
_GROUP_WRITE = requires("rates:write", roles=STAFF, resource="destination_group")


def destination_read(row: Destination) -> DestinationRead:
    return msgspec.convert(row, DestinationRead, from_attributes=True)


@dataclass
class DestinationImportForm:
    """A destinations CSV: ``prefix,destination[,country][,type]``."""

    file: UploadFile
    mode: Literal["merge", "replace"] = "merge"


class DestinationController(Controller):
    path = "/api/v1/destinations"
    tags = ("rates",)

    @get("/", opt=requires("rates:read"), operation_id="listDestinations")
    async def list_destinations(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        search: Search = None,
        country: Annotated[str | None, QueryParameter(pattern="^[A-Za-z]{2}$")] = None,
        type: FromQuery[DestinationType | None] = None,
    ) -> Page[DestinationRead]:
        """The prefix reference table, by prefix; ``search`` matches a prefix start or a name."""
        rows, total = await destinations.list_destinations(
            session, limit=limit, offset=offset, search=search, country=country, type=type
        )
        items = [destination_read(r) for r in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=requires("rates:write", roles=ADMINS), operation_id="createDestination")
    async def create_destination(
        self, session: ScopedSession, actor: CurrentActor, data: JSONBody[DestinationWrite]
    ) -> DestinationRead:
        """Add a prefix to the reference table (a prefix already there is a 409)."""
        return destination_read(await destinations.create_destination(session, actor, data))

    @patch(
        "/{destination_id:uuid}",
        opt=requires("rates:write", roles=ADMINS),
        operation_id="updateDestination",
    )
    async def update_destination(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        destination_id: FromPath[uuid.UUID],
        data: JSONBody[DestinationPatch],
    ) -> DestinationRead:
        row = await destinations.update_destination(session, actor, destination_id, data)
        return destination_read(row)

    @delete(
        "/{destination_id:uuid}",
        opt=requires("rates:write", roles=ADMINS),
        operation_id="deleteDestination",
    )
    async def delete_destination(
        self, session: ScopedSession, actor: CurrentActor, destination_id: FromPath[uuid.UUID]
    ) -> None:
        await destinations.delete_destination(session, actor, destination_id)

    @post(
        "/imports",
        opt=requires("rates:write", roles=ADMINS),
        status_code=200,
        operation_id="importDestinations",
        request_max_body_size=destinations.MAX_UPLOAD_BYTES + 1024 * 1024,
    )
    async def import_destinations(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        data: MultipartBody[DestinationImportForm],
    ) -> DestinationImportResult:
        """Load a CSV ``prefix,destination[,country][,type]``: every prefix is added or
        updated (``mode=replace``: prefixes not in the file are deleted). One bad line and
        nothing changes: the 422 problem lists every bad line by number."""
        content = await data.file.read()
        return await destinations.import_destinations(session, actor, content, data.mode)


class DestinationGroupController(Controller):
    path = "/api/v1/destination-groups"
    tags = ("rates",)

    @get("/", opt=requires("rates:read", roles=STAFF), operation_id="listDestinationGroups")
    async def list_groups(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        search: Search = None,
    ) -> Page[GroupRead]:
        rows, total = await destination_groups.list_groups(
            session, limit=limit, offset=offset, search=search
        )
        items = await destination_groups.groups_read(session, rows)
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=requires("rates:write", roles=STAFF), operation_id="createDestinationGroup")
    async def create_group(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[GroupWrite],
    ) -> GroupRead:
        """A named set of prefixes (e.g. "UK mobile": 447), owned by the caller."""
        group = await destination_groups.create_group(session, actor, principal, data)
        return (await destination_groups.groups_read(session, [group]))[0]

    @get("/{group_id:uuid}", opt=_GROUP_READ, operation_id="getDestinationGroup")
    async def get_group(self, session: ScopedSession, group_id: FromPath[uuid.UUID]) -> GroupRead:
        group = await destination_groups.get_group(session, group_id)
        return (await destination_groups.groups_read(session, [group]))[0]

    @patch("/{group_id:uuid}", opt=_GROUP_WRITE, operation_id="updateDestinationGroup")
    async def update_group(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        group_id: FromPath[uuid.UUID],
        data: JSONBody[GroupPatch],
    ) -> GroupRead:
        """Change a group; ``prefixes``, when sent, replaces the whole set."""
        group = await destination_groups.update_group(session, actor, group_id, data)
        return (await destination_groups.groups_read(session, [group]))[0]

    @delete("/{group_id:uuid}", opt=_GROUP_WRITE, operation_id="deleteDestinationGroup")
    async def delete_group(
        self, session: ScopedSession, actor: CurrentActor, group_id: FromPath[uuid.UUID]
    ) -> None:
        """A group still blocked for a client cannot be deleted (409)."""
        await destination_groups.delete_group(session, actor, group_id)


class BlockedDestinationGroupController(Controller):
    path = "/api/v1/users/{user_id:uuid}/blocked-destination-groups"
    tags = ("rates",)

    @get("/", opt=requires("rates:read", resource="user"), operation_id="getBlockedGroups")
    async def get_blocked(
        self, session: ScopedSession, user_id: FromPath[uuid.UUID]
    ) -> BlockedGroupsRead:
        """The destination groups the client may not call (a client may read its own)."""
        return await destination_blocks.get_blocked_groups(session, user_id)

    @put(
        "/",
        opt=requires("rates:write", roles=STAFF, resource="user"),
        operation_id="setBlockedGroups",
    )
    async def set_blocked(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        user_id: FromPath[uuid.UUID],
        data: JSONBody[BlockedGroupsWrite],
    ) -> BlockedGroupsRead:
        """Replace the set of groups the client may not call. The groups must belong to the
        client's resellers or to staff; an empty list lifts every block."""
        return await destination_blocks.set_blocked_groups(session, actor, user_id, data.group_ids)
