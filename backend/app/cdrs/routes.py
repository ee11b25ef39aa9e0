"""REST surface of call records: /api/v1/cdrs (list, failed calls, CSV export, summaries,
trunk errors, bulk delete, re-rating) and CSV imports."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Literal

import msgspec
from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.params import FromQuery, JSONBody, MultipartBody, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import record_change
from app.cdrs import export, imports, params, rerate, service, summaries
from app.cdrs.schemas import (
    BulkDelete,
    BulkDeleted,
    CdrPage,
    Dimension,
    Period,
    RerateRequest,
    Sort,
    Summary,
    TrunkStats,
    cdr_read,
)
from app.jobs import service as jobs
from app.jobs.routes import JobRead, job_read
from app.lib.access import STAFF, requires
from app.lib.errors import InvalidInputError
from app.lib.pagination import DEFAULT_LIMIT, PageLimit
from app.lib.scoping import bind_principal
from app.ratedecks.imports import MAX_UPLOAD_BYTES, estimated_rows
from app.server.dependencies import (
    BrokerDep,
    CurrentActor,
    CurrentPrincipal,
    ScopedSession,
    SessionMaker,
)
from app.worker.broker import enqueue

Selection = NamedDependency[service.CdrFilter]
Cursor = Annotated[
    str | None,
    QueryParameter(max_length=500, description="next_cursor of the previous page"),
]
LegacyOffset = Annotated[
    int | None,
    QueryParameter(ge=0, le=2**31 - 1, description="rows to skip (older style; prefer cursor)"),
]
Zone = Annotated[
    str | None,
    QueryParameter(max_length=64, description="IANA zone of day/month buckets"),
]


@dataclass
class ImportForm:
    """A CDR CSV and how to read it. ``format=generic`` reads a headed file through the
    ``*_column`` names (defaults: from, to, start, duration; the optional billsec, disposition,
    direction, external_id, account_code and channel columns are used when present);
    ``asterisk_master`` reads cdr_csv's headerless Master.csv. Times without an offset are in
    ``timezone``; ``date_format`` is a strptime format or ``iso`` (default: iso for generic,
    ``%Y-%m-%d %H:%M:%S`` for Master.csv)."""

    file: UploadFile
    source: str
    format: Literal["generic", "asterisk_master"] = "generic"
    on_error: Literal["reject", "skip"] = "reject"
    timezone: str = "UTC"
    date_format: str = ""
    from_column: str = ""
    to_column: str = ""
    start_column: str = ""
    duration_column: str = ""
    billsec_column: str = ""
    disposition_column: str = ""
    direction_column: str = ""
    external_id_column: str = ""
    account_code_column: str = ""
    channel_column: str = ""

    def columns(self) -> dict[str, str]:
        given = {
            "caller": self.from_column,
            "dialled": self.to_column,
            "start": self.start_column,
            "duration": self.duration_column,
            "billsec": self.billsec_column,
            "disposition": self.disposition_column,
            "direction": self.direction_column,
            "external_id": self.external_id_column,
            "account_code": self.account_code_column,
            "channel": self.channel_column,
        }
        return {name: column.strip() for name, column in given.items() if column.strip()}


class CdrController(Controller):
    path = "/api/v1/cdrs"
    tags = ("cdrs",)
    dependencies = {"selection": Provide(params.provide_selection)}  # noqa: RUF012 (Litestar layer API)

    @get("/", opt=requires("cdrs:read"), operation_id="listCdrs")
    async def list_cdrs(
        self,
        session: ScopedSession,
        selection: Selection,
        limit: PageLimit = DEFAULT_LIMIT,
        cursor: Cursor = None,
        offset: LegacyOffset = None,
        with_total: FromQuery[bool] = False,
        sort: FromQuery[Sort] = "-started_at",
    ) -> CdrPage:
        """Call records within reach, newest first by default, a page at a time: pass the
        response's ``next_cursor`` as ``cursor`` for the next page (null: no more).
        ``unassigned=true`` lists the records no client could be matched to (staff, and the
        reseller who imported them); ``failed=true`` the calls not answered."""
        return await _page(session, selection, limit, cursor, offset, with_total, sort)

    @get("/failed", opt=requires("cdrs:read"), operation_id="listFailedCdrs")
    async def list_failed(
        self,
        session: ScopedSession,
        selection: Selection,
        limit: PageLimit = DEFAULT_LIMIT,
        cursor: Cursor = None,
        offset: LegacyOffset = None,
        with_total: FromQuery[bool] = False,
        sort: FromQuery[Sort] = "-started_at",
    ) -> CdrPage:
        """The calls that were not answered (busy, no answer, congestion, unavailable...):
        the list with ``failed=true``."""
        failed = dataclasses.replace(selection, failed=True)
        return await _page(session, failed, limit, cursor, offset, with_total, sort)

    @get(
        "/export.csv",
        opt=requires("cdrs:read"),
        operation_id="exportCdrs",
        media_type="text/csv",
    )
    async def export_csv(
        self,
        session_maker: SessionMaker,
        principal: CurrentPrincipal,
        selection: Selection,
        sort: FromQuery[Sort] = "-started_at",
    ) -> Stream:
        """The same selection as the list, as CSV (UTC times, decimal-string money)."""

        async def chunks() -> AsyncIterator[str]:
            async with session_maker() as session:
                bind_principal(session, principal)
                batches = service.stream_cdrs(session, selection, sort=sort)
                async for chunk in export.csv_chunks(batches):
                    yield chunk

        return Stream(
            chunks(),
            media_type="text/csv",  # Litestar adds "; charset=utf-8"
            headers={"Content-Disposition": 'attachment; filename="cdrs.csv"'},
        )

    @get("/summary", opt=requires("cdrs:read"), operation_id="summarizeCdrs")
    async def summary(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        selection: Selection,
        by: FromQuery[Dimension | None] = None,
        period: FromQuery[Period | None] = None,
        timezone: Zone = None,
    ) -> Summary:
        """Calls, billable minutes, cost (and, for staff, buy cost and margin) per day, month,
        client, trunk, destination or DID (``by``; ``period`` is its older name for day and
        month). Days and months are local to ``timezone``, else the client's zone, else the
        caller's."""
        try:
            zone = await summaries.bucket_timezone(session, principal, selection, timezone)
        except InvalidInputError as exc:
            raise params.bad_query(exc) from exc
        dimension: Dimension = by or period or "day"
        rows = await summaries.summarize(
            session,
            selection,
            by=dimension,
            timezone=zone,
            show_buy=principal.role in summaries.OPERATOR_ROLES,
        )
        return Summary(
            by=dimension,
            timezone=zone,
            started_from=selection.started_from,
            started_to=selection.started_to,
            rows=rows,
        )

    @get("/trunk-errors", opt=requires("cdrs:read"), operation_id="cdrTrunkErrors")
    async def trunk_errors(self, session: ScopedSession, selection: Selection) -> TrunkStats:
        """Per trunk over the selection: attempts, answered, ASR, ACD and the BUSY, NO ANSWER,
        CONGESTION, CHANUNAVAIL and FAILED counts."""
        rows = await summaries.trunk_stats(session, selection)
        return TrunkStats(
            started_from=selection.started_from, started_to=selection.started_to, rows=rows
        )

    @post(
        "/delete",
        opt=requires("cdrs:write", roles=STAFF),
        status_code=HTTP_200_OK,
        operation_id="deleteCdrs",
    )
    async def bulk_delete(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        actor: CurrentActor,
        data: JSONBody[BulkDelete],
    ) -> BulkDeleted:
        """Delete the records a selection names, within reach (staff and resellers). A
        selection narrowed only by its time range needs ``confirm_all: true``."""
        selection = params.selection_of(data)
        deleted = await service.delete_cdrs(session, selection, confirm_all=data.confirm_all)
        await record_change(
            session,
            actor,
            action="cdr.bulk_delete",
            object_type="cdr",
            object_id="bulk",
            owner_id=principal.user_id,
            reseller_id=principal.reseller_scope,
            after={"deleted": deleted, **msgspec.to_builtins(data)},
        )
        return BulkDeleted(deleted=deleted)

    @post(
        "/rerate",
        opt=requires("cdrs:write", roles=STAFF),
        status_code=HTTP_202_ACCEPTED,
        operation_id="rerateCdrs",
    )
    async def rerate_cdrs(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        broker: BrokerDep,
        data: JSONBody[RerateRequest],
    ) -> JobRead:
        """Price the records started in [from, to) again at current rates — of one client, of
        one deck, or all within reach — as a job (poll GET /api/v1/jobs/{id}); each client's
        difference is posted as one adjustment entry."""
        job = await rerate.start_rerate(session, principal, broker, data)
        return job_read(job)

    @post(
        "/imports",
        opt=requires("cdrs:write", roles=STAFF),
        status_code=HTTP_202_ACCEPTED,
        operation_id="importCdrs",
        request_max_body_size=MAX_UPLOAD_BYTES + 1024 * 1024,
    )
    async def import_cdrs(
        self,
        session: ScopedSession,
        principal: CurrentPrincipal,
        broker: BrokerDep,
        data: MultipartBody[ImportForm],
    ) -> JobRead:
        """Upload a CDR CSV. It runs as a job (poll GET /api/v1/jobs/{id}): records are matched
        to clients, rated, stored once per (source, external id, start) and charged as one
        ledger entry per client."""
        content = await data.file.read()
        imports.check_upload(content, data.source)
        columns = data.columns()
        date_format = data.date_format.strip() or imports.default_date_format(data.format)
        imports.check_options(date_format, data.timezone, columns)
        job = await jobs.create_job(
            session,
            principal,
            imports.JOB_KIND,
            {
                "format": data.format,
                "source": data.source,
                "on_error": data.on_error,
                "timezone": data.timezone,
                "date_format": date_format,
                "columns": columns,
                "filename": data.file.filename,
            },
            payload=content,
            rows_total=estimated_rows(content) + (1 if data.format == "asterisk_master" else 0),
        )
        await session.commit()  # the worker must see the job before it gets the message
        await asyncio.to_thread(enqueue, broker, imports.ACTOR, str(job.id))
        return job_read(job)


async def _page(
    session: AsyncSession,
    selection: service.CdrFilter,
    limit: int,
    cursor: str | None,
    offset: int | None,
    with_total: bool,
    sort: str,
) -> CdrPage:
    if cursor is not None and offset:
        raise ValidationException(
            "Page by cursor or by offset, not both",
            extra=[{"key": "offset", "message": "not with cursor", "source": "query"}],
        )
    try:
        found = await service.list_cdrs(
            session,
            selection,
            sort=sort,
            limit=limit,
            cursor=cursor,
            offset=offset or 0,
            with_total=with_total or offset is not None,
        )
    except InvalidInputError as exc:  # a tampered cursor
        raise params.bad_query(exc) from exc
    return CdrPage(
        items=[cdr_read(r) for r in found.rows],
        limit=limit,
        offset=offset or 0,
        next_cursor=found.next_cursor,
        total=found.total,
    )
