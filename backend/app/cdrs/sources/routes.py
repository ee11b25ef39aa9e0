"""REST surface of CDR sources (/api/v1/cdr-sources), number rules (/api/v1/cdr-number-rules)
and client-owned numbers (/api/v1/client-numbers)."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody, MultipartBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED

from app.audit.service import delete_audited
from app.cdrs.sources import numbers, pulls, service, source_imports
from app.cdrs.sources.schemas import (
    CdrSourceCreate,
    CdrSourcePatch,
    CdrSourceRead,
    ClientNumberCreate,
    ClientNumberPatch,
    ClientNumberRead,
    NumberRuleCreate,
    NumberRulePatch,
    NumberRuleRead,
    SourceKind,
)
from app.cdrs.sources.source_imports import SourceFileForm
from app.jobs.routes import JobRead, job_read
from app.lib.access import STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.ratedecks.imports import MAX_UPLOAD_BYTES
from app.server.dependencies import BrokerDep, CurrentActor, CurrentPrincipal, ScopedSession

Id = FromPath[uuid.UUID]
_READ = requires("cdrs:read", roles=STAFF)
_WRITE = requires("cdrs:write", roles=STAFF)


class CdrSourceController(Controller):
    path = "/api/v1/cdr-sources"
    tags = ("cdr-sources",)

    @get("/", opt=_READ, operation_id="listCdrSources")
    async def list_sources(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        kind: FromQuery[SourceKind | None] = None,
    ) -> Page[CdrSourceRead]:
        """CDR sources within reach (passwords masked, tokens never shown)."""
        rows, total = await service.list_sources(session, limit=limit, offset=offset, kind=kind)
        items = [service.source_read(row) for row in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=_WRITE, operation_id="createCdrSource")
    async def create_source(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[CdrSourceCreate],
    ) -> CdrSourceRead:
        """A PBX feed. A ``freeswitch`` source's ``ingest_token`` is shown in this answer only:
        configure mod_json_cdr with ``cred`` = ``<source name>:<token>``."""
        row, token = await service.create_source(session, actor, principal, data)
        return service.source_read(row, token=token)

    @get("/{source_id:uuid}", opt=_READ, operation_id="getCdrSource")
    async def get_source(self, session: ScopedSession, source_id: Id) -> CdrSourceRead:
        return service.source_read(await service.get_source(session, source_id))

    @patch("/{source_id:uuid}", opt=_WRITE, operation_id="updateCdrSource")
    async def update_source(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        source_id: Id,
        data: JSONBody[CdrSourcePatch],
    ) -> CdrSourceRead:
        """Change some settings; ``connection`` replaces the whole connection."""
        return service.source_read(await service.update_source(session, actor, source_id, data))

    @delete("/{source_id:uuid}", opt=_WRITE, operation_id="deleteCdrSource")
    async def delete_source(
        self, session: ScopedSession, actor: CurrentActor, source_id: Id
    ) -> None:
        """Remove the feed (its stored records stay, under its name)."""
        row = await service.get_source(session, source_id)
        await delete_audited(session, actor, row, object_type="cdr_source")

    @post(
        "/{source_id:uuid}/token",
        opt=_WRITE,
        status_code=HTTP_200_OK,
        operation_id="rotateCdrSourceToken",
    )
    async def rotate_token(
        self, session: ScopedSession, actor: CurrentActor, source_id: Id
    ) -> CdrSourceRead:
        """A new ingest token (push sources), shown in this answer only."""
        token = await service.rotate_token(session, actor, source_id)
        return service.source_read(await service.get_source(session, source_id), token=token)

    @post(
        "/{source_id:uuid}/pull",
        opt=_WRITE,
        status_code=HTTP_202_ACCEPTED,
        operation_id="pullCdrSource",
    )
    async def pull(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        broker: BrokerDep,
        source_id: Id,
    ) -> JobRead:
        """Pull the PBX's new records now, as a job (poll GET /api/v1/jobs/{id})."""
        row = await service.get_source(session, source_id)
        service.check_pullable(row)
        job = await pulls.start_pull(session, broker, row, principal)
        return job_read(job)

    @post(
        "/{source_id:uuid}/imports",
        opt=_WRITE,
        status_code=HTTP_202_ACCEPTED,
        operation_id="importCdrSourceFile",
        request_max_body_size=MAX_UPLOAD_BYTES + 1024 * 1024,
    )
    async def import_file(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        broker: BrokerDep,
        source_id: Id,
        data: MultipartBody[SourceFileForm],
    ) -> JobRead:
        """Upload a CSV of a ``csv`` or ``master_csv`` source: read with the source's saved
        column mapping, date format and timezone (poll GET /api/v1/jobs/{id})."""
        row = await service.get_source(session, source_id)
        content = await data.file.read()
        job = await source_imports.start_import(
            session, broker, principal, row, content, data.on_error, data.file.filename
        )
        return job_read(job)


class NumberRuleController(Controller):
    path = "/api/v1/cdr-number-rules"
    tags = ("cdr-sources",)

    @get("/", opt=_READ, operation_id="listCdrNumberRules")
    async def list_rules(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        source_id: FromQuery[uuid.UUID | None] = None,
        client_id: FromQuery[uuid.UUID | None] = None,
        action: FromQuery[Literal["suppress", "exclude"] | None] = None,
    ) -> Page[NumberRuleRead]:
        """Suppression and exclusion rules within reach."""
        rows, total = await numbers.list_rules(
            session,
            limit=limit,
            offset=offset,
            source_id=source_id,
            client_id=client_id,
            action=action,
        )
        return Page([numbers.rule_read(r) for r in rows], total=total, limit=limit, offset=offset)

    @post("/", opt=_WRITE, operation_id="createCdrNumberRule")
    async def create_rule(
        self, session: ScopedSession, actor: CurrentActor, data: JSONBody[NumberRuleCreate]
    ) -> NumberRuleRead:
        """Suppress (never store) or exclude (store, never bill) records of a number or a
        ``prefix*``, per source and/or per client; applies to records imported after it."""
        return numbers.rule_read(await numbers.create_rule(session, actor, data))

    @get("/{rule_id:uuid}", opt=_READ, operation_id="getCdrNumberRule")
    async def get_rule(self, session: ScopedSession, rule_id: Id) -> NumberRuleRead:
        return numbers.rule_read(await numbers.get_rule(session, rule_id))

    @patch("/{rule_id:uuid}", opt=_WRITE, operation_id="updateCdrNumberRule")
    async def update_rule(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        rule_id: Id,
        data: JSONBody[NumberRulePatch],
    ) -> NumberRuleRead:
        return numbers.rule_read(await numbers.update_rule(session, actor, rule_id, data))

    @delete("/{rule_id:uuid}", opt=_WRITE, operation_id="deleteCdrNumberRule")
    async def delete_rule(self, session: ScopedSession, actor: CurrentActor, rule_id: Id) -> None:
        await numbers.delete_rule(session, actor, rule_id)


class ClientNumberController(Controller):
    path = "/api/v1/client-numbers"
    tags = ("cdr-sources",)

    @get("/", opt=requires("cdrs:read"), operation_id="listClientNumbers")
    async def list_numbers(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        owner_id: FromQuery[uuid.UUID | None] = None,
        source_id: FromQuery[uuid.UUID | None] = None,
        number: Annotated[str | None, QueryParameter(max_length=100)] = None,
    ) -> Page[ClientNumberRead]:
        """DIDs and extensions within reach (a client sees its own)."""
        rows, total = await numbers.list_numbers(
            session,
            limit=limit,
            offset=offset,
            owner_id=owner_id,
            source_id=source_id,
            number=number,
        )
        items = [numbers.number_read(r) for r in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=_WRITE, operation_id="createClientNumber")
    async def create_number(
        self, session: ScopedSession, actor: CurrentActor, data: JSONBody[ClientNumberCreate]
    ) -> ClientNumberRead:
        """A DID or extension a client owns: imported outbound records calling from it, and
        inbound records dialling it, are the client's."""
        return numbers.number_read(await numbers.create_number(session, actor, data))

    @get("/{number_id:uuid}", opt=requires("cdrs:read"), operation_id="getClientNumber")
    async def get_number(self, session: ScopedSession, number_id: Id) -> ClientNumberRead:
        return numbers.number_read(await numbers.get_number(session, number_id))

    @patch("/{number_id:uuid}", opt=_WRITE, operation_id="updateClientNumber")
    async def update_number(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        number_id: Id,
        data: JSONBody[ClientNumberPatch],
    ) -> ClientNumberRead:
        return numbers.number_read(await numbers.update_number(session, actor, number_id, data))

    @delete("/{number_id:uuid}", opt=_WRITE, operation_id="deleteClientNumber")
    async def delete_number(
        self, session: ScopedSession, actor: CurrentActor, number_id: Id
    ) -> None:
        await numbers.delete_number(session, actor, number_id)
