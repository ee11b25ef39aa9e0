"""Pull jobs: FreePBX and Vodia sources read incrementally, a batch per transaction.

Each batch's records go through the one ingest pipeline and the source's cursor moves in the
same commit (the source row is locked meanwhile, so two pulls of one source take turns): a
pull that fails half-way keeps what it stored and resumes after it. A record the PBX returns
that is not a usable CDR is skipped and reported in the job's ``errors`` (``line``: its place
in the pull, ``field``, ``message``, ``record``: the PBX's id); the cursor moves past it.
The periodic ``cdrs.pull_sources`` starts a pull of every enabled source that is due.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cdrs.ingest import IngestTarget, ingest, merge_results
from app.cdrs.sources import freepbx, vodia
from app.cdrs.sources.pull_types import Fetched, later
from app.db.models.cdr_source import PULL_KINDS, CdrSource
from app.db.models.job import Job
from app.db.models.user import User
from app.jobs import service as jobs
from app.lib.access import Principal
from app.lib.scoping import bind_system
from app.worker.broker import enqueue
from app.worker.context import WorkerContext

log = structlog.get_logger(__name__)
JOB_KIND = "cdrs.pull"
ACTOR = "cdrs.pull_source"
BATCH = 5000
STALE = datetime.timedelta(hours=1)
"""A pull ``queued`` or ``running`` for this long is taken for dead (a killed worker)."""


class Connector(Protocol):
    scopes: list[str]

    def saved(self, cursor: dict[str, Any], scope: str) -> dict[str, Any]: ...

    def merged(
        self, cursor: dict[str, Any], scope: str, position: dict[str, Any]
    ) -> dict[str, Any]: ...

    async def fetch(
        self, scope: str, position: dict[str, Any], first: bool, limit: int
    ) -> Fetched: ...


class _FreePbx:
    def __init__(self, reader: freepbx.FreePbxReader) -> None:
        self.reader = reader
        self.scopes = [""]

    def saved(self, cursor: dict[str, Any], scope: str) -> dict[str, Any]:
        return dict(cursor)

    def merged(
        self, cursor: dict[str, Any], scope: str, position: dict[str, Any]
    ) -> dict[str, Any]:
        return later(position, cursor, freepbx.CURSOR_ORDER)

    async def fetch(self, scope: str, position: dict[str, Any], first: bool, limit: int) -> Fetched:
        return await self.reader.fetch(position, first, limit)


class _Vodia:
    def __init__(self, reader: vodia.VodiaReader, domains: list[str]) -> None:
        self.reader = reader
        self.scopes = domains

    def saved(self, cursor: dict[str, Any], scope: str) -> dict[str, Any]:
        return dict((cursor.get("domains") or {}).get(scope) or {})

    def merged(
        self, cursor: dict[str, Any], scope: str, position: dict[str, Any]
    ) -> dict[str, Any]:
        domains = dict(cursor.get("domains") or {})
        domains[scope] = later(position, domains.get(scope) or {}, ("start",))
        return {**cursor, "domains": domains}

    async def fetch(self, scope: str, position: dict[str, Any], first: bool, limit: int) -> Fetched:
        return await self.reader.fetch(scope, position, first, limit)


@asynccontextmanager
async def connect(source: CdrSource) -> AsyncIterator[Connector]:
    if source.kind == "freepbx":
        async with freepbx.open_freepbx(source) as reader:
            yield _FreePbx(reader)
    else:
        async with vodia.open_vodia(source) as client:
            domains = [str(d) for d in source.settings.get("domains") or []]
            yield _Vodia(vodia.VodiaReader(source, client), domains)


def new_pull_job(source: CdrSource) -> Job:
    return Job(
        kind=JOB_KIND,
        status="queued",
        parameters={"source_id": str(source.id), "source": source.name},
        owner_id=source.owner_id,
        reseller_id=source.reseller_id,
        errors=[],
    )


async def start_pull(
    session: AsyncSession, broker: Any, source: CdrSource, principal: Principal | None
) -> Job:
    """Queue a pull of ``source`` (the API's "pull now")."""
    del principal  # the pull bills within the source owner's reach, whoever asked for it
    job = new_pull_job(source)
    session.add(job)
    await session.flush()
    source.last_job_id, source.last_status = job.id, "queued"
    await session.commit()  # the worker must see the job before it gets the message
    await asyncio.to_thread(enqueue, broker, ACTOR, str(job.id))
    return job


async def _claim(context: WorkerContext, job_id: uuid.UUID) -> uuid.UUID | None:
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id)
        if job is None or job.status != "queued":
            return None
        job.status = "running"
        job.started_at = datetime.datetime.now(datetime.UTC)
        source_id = uuid.UUID(job.parameters["source_id"])
        source = await session.get(CdrSource, source_id)
        if source is not None:
            source.last_status, source.last_job_id = "running", job.id
        return source_id


async def _batch(
    context: WorkerContext,
    job_id: uuid.UUID,
    source_id: uuid.UUID,
    connector: Connector,
    scope: str,
    fetched: Fetched,
    number: int,
) -> dict[str, Any]:
    """Store one batch and move the cursor, in one transaction."""
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        source = await session.get(CdrSource, source_id, with_for_update=True)
        if source is None:
            raise LookupError("the source was deleted during the pull")
        owner = await session.get(User, source.owner_id)
        assert owner is not None
        target = IngestTarget(
            source=source.name,
            importer=owner,
            batch_key=f"cdr_pull:{job_id}:{number}",
            now=datetime.datetime.now(datetime.UTC),
            source_id=source.id,
            reference={"job_id": str(job_id), "batch": number},
        )
        result = await ingest(session, fetched.records, target) if fetched.records else {}
        source.cursor = connector.merged(dict(source.cursor or {}), scope, fetched.position)
        return result


async def _pull(
    context: WorkerContext, job_id: uuid.UUID, source: CdrSource
) -> tuple[dict[str, Any], list[dict[str, Any]], int]:
    total: dict[str, Any] = {"records": 0}
    errors: list[dict[str, Any]] = []
    seen = number = 0
    async with connect(source) as connector:
        for scope in connector.scopes:
            position, first = connector.saved(dict(source.cursor or {}), scope), True
            while True:
                fetched = await connector.fetch(scope, position, first, BATCH)
                number += 1
                part = await _batch(context, job_id, source.id, connector, scope, fetched, number)
                merge_results(total, part, whole=True)
                errors += [
                    {"line": seen + i, "field": p.field, "message": p.message, "record": p.record}
                    | ({"domain": scope} if scope else {})
                    for i, p in enumerate(fetched.problems, 1)
                ]
                seen += fetched.seen
                jobs.report_progress(context.redis, context.settings, job_id, seen)
                position, first = fetched.position, False
                if not fetched.more:
                    break
    total["skipped"] = len(errors)
    return total, errors, seen


async def run_pull(context: WorkerContext, job_id: uuid.UUID) -> None:
    """The worker half of a pull job."""
    source_id = await _claim(context, job_id)
    if source_id is None:
        return
    async with context.sessions()() as session:
        bind_system(session)
        source = await session.get(CdrSource, source_id)
    try:
        if source is None:
            raise LookupError("the source no longer exists")
        result, errors, seen = await _pull(context, job_id, source)
    except Exception as exc:
        await _finish(context, job_id, source_id, None, [], 0, f"{type(exc).__name__}: {exc}")
        raise
    await _finish(context, job_id, source_id, result, errors, seen, None)


async def _finish(
    context: WorkerContext,
    job_id: uuid.UUID,
    source_id: uuid.UUID,
    result: dict[str, Any] | None,
    errors: list[dict[str, Any]],
    seen: int,
    failure: str | None,
) -> None:
    now = datetime.datetime.now(datetime.UTC)
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id)
        if job is not None:
            jobs.finish(
                job,
                status="failed" if failure else "succeeded",
                now=now,
                rows_done=seen,
                errors=errors,
                errors_truncated=False,
                result=result,
                detail=None if failure is None else f"The pull stopped: {failure}"[:2000],
            )
        source = await session.get(CdrSource, source_id)
        if source is not None:
            source.last_run_at, source.last_status = now, "failed" if failure else "ok"
            source.last_detail = None if failure is None else failure[:2000]


def _due(source: CdrSource, now: datetime.datetime) -> bool:
    if source.last_status in ("queued", "running"):
        return source.last_run_at is None or now - source.last_run_at > STALE
    if source.last_run_at is None:
        return True
    return now - source.last_run_at >= datetime.timedelta(seconds=source.pull_interval_seconds)


async def pull_due_sources(context: WorkerContext) -> list[uuid.UUID]:
    """Run a pull job for every enabled pull source that is due (one after the other)."""
    now = datetime.datetime.now(datetime.UTC)
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        query = select(CdrSource).where(CdrSource.enabled, CdrSource.kind.in_(PULL_KINDS))
        due = [s for s in (await session.execute(query)).scalars() if _due(s, now)]
        started = []
        for source in due:
            job = new_pull_job(source)
            session.add(job)
            await session.flush()
            source.last_job_id, source.last_status, source.last_run_at = job.id, "queued", now
            started.append(job.id)
    for job_id in started:
        try:
            await run_pull(context, job_id)
        except Exception as exc:
            log.warning("cdr_pull_failed", job_id=str(job_id), error=str(exc))
    return started
