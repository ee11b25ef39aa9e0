"""CDR CSV imports: accepted by the API as a job, parsed, owned, rated, stored and charged by a
worker (``cdrs.import_csv``).

``on_error="reject"``: any bad row fails the job and nothing is stored. ``"skip"``: the good rows
are stored and the bad ones reported with their line numbers. Storing, rating and charging are
one transaction, so a job never leaves records without their charge or the reverse.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import gc
import io
import re
import threading
import time
import uuid
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from app.cdrs.csv_records import (
    ASTERISK_DATE_FORMAT,
    GenericMapping,
    ParsedCdr,
    parse_generic,
    parse_master,
    time_reader,
)
from app.cdrs.ingest import IngestTarget, Timings, ingest, source_named
from app.db.models.cdr_source import CdrSource
from app.db.models.job import Job
from app.db.models.user import User
from app.jobs import service as jobs
from app.lib.access import Role
from app.lib.errors import FieldError, InvalidInputError
from app.lib.scoping import bind_system
from app.ratedecks.csv_table import Table
from app.ratedecks.imports import MAX_UPLOAD_BYTES
from app.worker.context import WorkerContext

JOB_KIND = "cdrs.import"
ACTOR = "cdrs.import_csv"
FORMATS = ("generic", "asterisk_master")
MAPPING_FIELDS = (
    "caller",
    "dialled",
    "start",
    "duration",
    "billsec",
    "disposition",
    "direction",
    "external_id",
    "account_code",
    "channel",
)


SOURCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


def check_upload(content: bytes, source: str) -> None:
    if not SOURCE_PATTERN.match(source):
        raise _invalid("source", "1 to 64 letters, digits, '.', '_', ':' or '-'")
    if not content.strip():
        raise _invalid("file", "the file is empty")
    if len(content) > MAX_UPLOAD_BYTES:
        raise _invalid("file", "at most 64 MiB")


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])


def check_options(date_format: str, timezone: str, mapping: dict[str, str]) -> None:
    """Reject a form whose reading options cannot work, naming the field."""
    if date_format != "iso" and "%" not in date_format:
        raise _invalid("date_format", "a strptime format such as %Y-%m-%d %H:%M:%S, or iso")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise _invalid("timezone", f"{timezone!r} is not an IANA timezone") from None
    seen: dict[str, str] = {}
    for name, column in mapping.items():
        key = column.strip().casefold()
        if key in seen:
            raise _invalid(f"{name}_column", f"column {column!r} is also {seen[key]}_column")
        seen[key] = name


def generic_mapping(columns: dict[str, str]) -> GenericMapping:
    """The mapping a form names; optional columns not named are used when the file has them
    under their default names (``billsec``, ``disposition``, ...)."""
    defaults = GenericMapping()
    optional = {
        name: columns.get(name) or name
        for name in ("billsec", "disposition", "direction", "external_id", "account_code")
    }
    return GenericMapping(
        caller=columns.get("caller") or defaults.caller,
        dialled=columns.get("dialled") or defaults.dialled,
        start=columns.get("start") or defaults.start,
        duration=columns.get("duration") or defaults.duration,
        channel=columns.get("channel") or "channel",
        **optional,
    )


def parse_file(
    content: bytes, params: dict[str, Any], report: Callable[[int], object]
) -> Table[ParsedCdr]:
    lines = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8-sig", newline="")
    zone = zoneinfo.ZoneInfo(params["timezone"])
    read_time = time_reader(params["date_format"], zone)
    if params["format"] == "asterisk_master":
        return parse_master(lines, read_time, on_progress=report)
    return parse_generic(
        lines, generic_mapping(params.get("columns", {})), read_time, on_progress=report
    )


def default_date_format(file_format: str) -> str:
    return ASTERISK_DATE_FORMAT if file_format == "asterisk_master" else "iso"


async def run_import(context: WorkerContext, job_id: uuid.UUID) -> None:
    """The worker half: claim the job, parse, then store all or nothing."""
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id, options=[undefer(Job.payload)])
        if job is None or job.status != "queued":
            return  # a redelivered message for a job already taken
        job.status = "running"
        job.started_at = datetime.datetime.now(datetime.UTC)
        content, params = job.payload or b"", dict(job.parameters)

    def report(done: int) -> None:
        jobs.report_progress(context.redis, context.settings, job_id, done)

    try:
        with collector_paused():
            started = time.perf_counter()
            table = await asyncio.to_thread(parse_file, content, params, report)
            del content
            timings = {"parse_seconds": time.perf_counter() - started}
            await _store_or_fail(context, job_id, table, params, report, timings)
    except Exception as exc:
        await _mark_failed(context, job_id, f"The import stopped: {type(exc).__name__}: {exc}")
        raise


_paused = 0
_resume = False
_pause_lock = threading.Lock()


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an import runs (re-entrant across threads).

    An import holds millions of live objects (records, rows); each full collection walks
    them all, and a million-row import triggers many: measured, about a fifth of the worker's
    CPU. Nothing an import allocates is cyclic garbage, so nothing is lost by waiting: the
    collector resumes (and catches up) when the last running import ends.
    """
    global _paused, _resume
    with _pause_lock:
        if _paused == 0:
            _resume = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _pause_lock:
            _paused -= 1
            if _paused == 0 and _resume:
                gc.enable()


def _errors(table: Table[ParsedCdr]) -> list[dict[str, Any]]:
    return [{"line": e.line, "field": e.field, "message": e.message} for e in table.errors]


async def _store_or_fail(
    context: WorkerContext,
    job_id: uuid.UUID,
    table: Table[ParsedCdr],
    params: dict[str, Any],
    report: Callable[[int], object],
    timings: dict[str, float],
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    bad = table.error_count
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id)
        assert job is not None
        done: dict[str, Any] = {"rows_done": table.rows_total, "errors": _errors(table)}
        done |= {"now": now, "errors_truncated": table.truncated_errors}
        rejected = table.file_rejected or params["on_error"] == "reject"
        if bad and (rejected or not table.records):
            jobs.finish(
                job,
                status="failed",
                detail=f"{table.rows_total - len(table.records)} bad rows; nothing was imported",
                **done,
            )
            return
        try:
            target = await import_target(session, job, params, now)
        except SourceNotAllowedError as exc:
            jobs.finish(job, status="failed", detail=str(exc), **done)
            return
        spent = Timings()
        result = await ingest(session, table.records, target, report, spent)
        result["skipped"] = table.rows_total - len(table.records)
        result["timings"] = {
            "parse_seconds": round(timings["parse_seconds"], 3),
            "rate_seconds": round(spent.rate_seconds, 3),
            "store_seconds": round(spent.store_seconds, 3),
        }
        jobs.finish(job, status="succeeded", result=result, **done)


class SourceNotAllowedError(Exception):
    """The import names a registered source outside the importer's reach."""


async def import_target(
    session: AsyncSession, job: Job, params: dict[str, Any], now: datetime.datetime
) -> IngestTarget:
    """Where a CSV job's records go: its source (a registered one's rules and numbers apply)."""
    importer = await session.get(User, job.owner_id)
    assert importer is not None
    source_id = params.get("source_id")
    registered = (
        await session.get(CdrSource, uuid.UUID(source_id))
        if source_id
        else await source_named(session, params["source"])
    )
    if registered is not None and not _reaches(importer, registered):
        raise SourceNotAllowedError(
            f"The source {params['source']!r} is registered to another tenant"
        )
    return IngestTarget(
        source=params["source"],
        importer=importer,
        batch_key=f"cdr_import:{job.id}",
        now=now,
        source_id=None if registered is None else registered.id,
        reference={"job_id": str(job.id)},
    )


def _reaches(importer: User, source: CdrSource) -> bool:
    if importer.role in (Role.SUPERADMIN, Role.ADMIN):
        return True
    return importer.id in (source.owner_id, source.reseller_id)


async def _mark_failed(context: WorkerContext, job_id: uuid.UUID, detail: str) -> None:
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id)
        if job is not None and job.status != "succeeded":
            jobs.finish(
                job,
                status="failed",
                now=datetime.datetime.now(datetime.UTC),
                rows_done=job.rows_done,
                errors=job.errors,
                errors_truncated=job.errors_truncated,
                detail=detail[:2000],
            )
