"""GET /api/v1/jobs/{job_id}: a background job's status, progress and row errors."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import msgspec
from litestar import Controller, get
from litestar.params import FromPath

from app.db.models.job import Job
from app.jobs.service import get_job, live_progress
from app.lib.access import Access
from app.server.dependencies import RedisDep, ScopedSession, SettingsDep


class JobRead(msgspec.Struct):
    id: uuid.UUID
    kind: str
    status: str
    rows_done: int
    rows_total: int | None
    errors: list[dict[str, Any]]
    errors_truncated: bool
    result: dict[str, Any] | None
    detail: str | None
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None


def job_read(job: Job, rows_done: int | None = None) -> JobRead:
    return JobRead(
        id=job.id,
        kind=job.kind,
        status=job.status,
        rows_done=job.rows_done if rows_done is None else rows_done,
        rows_total=job.rows_total,
        errors=job.errors,
        errors_truncated=job.errors_truncated,
        result=job.result,
        detail=job.detail,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


class JobController(Controller):
    path = "/api/v1/jobs"
    tags = ("jobs",)

    @get(
        "/{job_id:uuid}",
        opt={"access": Access(authenticated=True, resource="job")},
        operation_id="getJob",
    )
    async def get(
        self,
        session: ScopedSession,
        redis: RedisDep,
        settings: SettingsDep,
        job_id: FromPath[uuid.UUID],
    ) -> JobRead:
        """Poll this while a job runs: rows done of rows total, and the row errors so far."""
        job = await get_job(session, job_id)
        return job_read(job, await live_progress(redis, settings, job))
