"""REST surface of call records: /api/v1/cdrs (list, CSV export, summary) and CSV imports."""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated, Literal

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.params import FromQuery, MultipartBody, QueryParameter
from litestar.response import Stream
from litestar.status_codes import HTTP_202_ACCEPTED

from app.cdrs import export, imports, service
from app.cdrs.schemas import (
    CdrRead,
    Direction,
    Period,
    RatingStatusName,
    Sort,
    Summary,
    cdr_read,
)
from app.db.models.user import User
from app.jobs import service as jobs
from app.jobs.routes import JobRead, job_read
from app.lib.access import STAFF, requires
from app.lib.errors import InvalidInputError
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.lib.scoping import bind_principal
from app.ratedecks.imports import MAX_UPLOAD_BYTES, estimated_rows
from app.server.dependencies import BrokerDep, CurrentPrincipal, ScopedSession, SessionMaker
from app.worker.broker import enqueue

Selection = NamedDependency[service.CdrFilter]
_RFC3339 = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
StartedTo = Annotated[
    str | None,
    QueryParameter(
        pattern=_RFC3339,
        description="records started before this instant (RFC 3339, with offset; default now)",
        schema_extra={"format": "date-time"},
    ),
]
StartedFrom = Annotated[
    str | None,
    QueryParameter(
        pattern=_RFC3339,
        description="records started at or after this instant (default: 30 days before to)",
        schema_extra={"format": "date-time"},
    ),
]
NumberPrefix = Annotated[
    str | None,
    QueryParameter(pattern=r"^\+?[0-9]{1,20}$", description="start of the dialled number"),
]


async def provide_selection(
    started_from: StartedFrom = None,
    started_to: StartedTo = None,
    client_id: FromQuery[uuid.UUID | None] = None,
    sip_user_id: FromQuery[uuid.UUID | None] = None,
    direction: FromQuery[Direction | None] = None,
    rating_status: FromQuery[RatingStatusName | None] = None,
    disposition: Annotated[str | None, QueryParameter(max_length=32)] = None,
    number: NumberPrefix = None,
    unassigned: FromQuery[bool] = False,
) -> service.CdrFilter:
    try:
        start, end = service.time_range(
            _instant(started_from, "started_from"),
            _instant(started_to, "started_to"),
            datetime.datetime.now(datetime.UTC),
        )
    except InvalidInputError as exc:  # a bad query is a 400, like every other query error
        raise ValidationException(
            str(exc),
            extra=[{"key": e.field, "message": e.message, "source": "query"} for e in exc.errors],
        ) from exc
    return service.CdrFilter(
        started_from=start,
        started_to=end,
        client_id=client_id,
        sip_user_id=sip_user_id,
        direction=direction,
        rating_status=rating_status,
        disposition=disposition,
        number=number,
        unassigned=unassigned,
    )


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
    dependencies = {"selection": Provide(provide_selection)}  # noqa: RUF012 (Litestar layer API)

    @get("/", opt=requires("cdrs:read"), operation_id="listCdrs")
    async def list_cdrs(
        self,
        session: ScopedSession,
        selection: Selection,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        sort: FromQuery[Sort] = "-started_at",
    ) -> Page[CdrRead]:
        """Call records within reach, newest first by default. ``unassigned=true`` lists the
        records no client could be matched to (staff, and the reseller who imported them)."""
        rows, total = await service.list_cdrs(
            session, selection, sort=sort, limit=limit, offset=offset
        )
        return Page([cdr_read(r) for r in rows], total=total, limit=limit, offset=offset)

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
        period: FromQuery[Period] = "day",
    ) -> Summary:
        """Calls, billable minutes and cost per day or month, in the caller's timezone."""
        me = await session.get(User, principal.user_id)
        zone = me.timezone if me is not None else "UTC"
        rows = await service.summarize(session, selection, period=period, timezone=zone)
        return Summary(
            period=period,
            timezone=zone,
            started_from=selection.started_from,
            started_to=selection.started_to,
            rows=rows,
        )

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


def _instant(value: str | None, name: str) -> datetime.datetime | None:
    """An RFC 3339 query value (the pattern has checked its shape) as an aware datetime."""
    if value is None:
        return None
    try:
        return datetime.datetime.fromisoformat(value.upper())
    except ValueError as exc:
        raise ValidationException(
            f"Invalid value for {name!r}: not a valid date and time",
            extra=[{"key": name, "message": "not a valid date and time", "source": "query"}],
        ) from exc
