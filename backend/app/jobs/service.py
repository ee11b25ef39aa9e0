"""Jobs: created by the API, run by a worker actor, watched by the caller.

Progress is written to Redis while a job runs (cheap, frequent); the job row holds the lasting
state (status, totals, row errors, result). Reading a job merges both.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import redis
from redis.asyncio import Redis as AsyncRedis
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.job import Job
from app.lib.access import Principal
from app.lib.errors import NotFoundError
from app.lib.redis import redis_key
from app.lib.settings import Settings

PROGRESS_TTL_SECONDS = 24 * 3600
MAX_STORED_ERRORS = 1000


def progress_key(settings: Settings, job_id: uuid.UUID) -> str:
    return redis_key(settings, "job", str(job_id), "progress")


async def create_job(
    session: AsyncSession,
    principal: Principal,
    kind: str,
    parameters: dict[str, Any],
    *,
    payload: bytes | None = None,
    rows_total: int | None = None,
) -> Job:
    job = Job(
        kind=kind,
        status="queued",
        parameters=parameters,
        payload=payload,
        rows_total=rows_total,
        owner_id=principal.user_id,
        reseller_id=principal.reseller_scope,
        errors=[],
    )
    session.add(job)
    await session.flush()
    return job


async def get_job(session: AsyncSession, job_id: uuid.UUID) -> Job:
    job = await session.get(Job, job_id)
    if job is None:
        raise NotFoundError(f"No job {job_id}")
    return job


async def live_progress(client: AsyncRedis, settings: Settings, job: Job) -> int:
    """Rows done: the running count from Redis while the job runs, else the stored one."""
    if job.status == "running":
        raw = await client.get(progress_key(settings, job.id))
        if raw is not None:
            return max(int(raw), job.rows_done)
    return job.rows_done


def report_progress(client: redis.Redis, settings: Settings, job_id: uuid.UUID, done: int) -> None:
    """Called from the worker while a job runs (synchronous: safe inside a parse loop)."""
    client.set(progress_key(settings, job_id), done, ex=PROGRESS_TTL_SECONDS)


def finish(
    job: Job,
    *,
    status: str,
    now: datetime.datetime,
    rows_done: int,
    errors: list[dict[str, Any]],
    errors_truncated: bool,
    result: dict[str, Any] | None = None,
    detail: str | None = None,
) -> None:
    job.status = status
    job.rows_done = rows_done
    job.errors = errors[:MAX_STORED_ERRORS]
    job.errors_truncated = errors_truncated or len(errors) > MAX_STORED_ERRORS
    job.result = result
    job.detail = detail
    job.finished_at = now
    job.payload = None  # the upload is consumed; do not keep customer files around
