"""Actors of the CDR feature."""

from __future__ import annotations

import datetime
import uuid

from app.cdrs.imports import run_import
from app.cdrs.partitions import ensure_partitions, months_ahead
from app.cdrs.sources.pulls import pull_due_sources, run_pull
from app.lib.scoping import bind_system
from app.worker.context import worker_context
from app.worker.registry import task


@task("cdrs.import_csv", max_retries=0, time_limit=600_000)
async def import_csv(job_id: str) -> None:
    """Parse, own, rate, store and charge an uploaded CDR CSV (job ``job_id``)."""
    await run_import(worker_context(), uuid.UUID(job_id))


@task("cdrs.ensure_partitions", max_retries=0)
async def ensure_partitions_ahead() -> None:
    """Create the CDR partitions of this month and the next two before any record needs them."""
    context = worker_context()
    async with context.sessions()() as session:
        bind_system(session)
        await ensure_partitions(session, months_ahead(datetime.datetime.now(datetime.UTC), 3))
        await session.commit()


@task("cdrs.pull_source", max_retries=0, time_limit=3_600_000)
async def pull_source(job_id: str) -> None:
    """Pull a FreePBX or Vodia source's new records (job ``job_id``)."""
    await run_pull(worker_context(), uuid.UUID(job_id))


@task("cdrs.pull_sources", max_retries=0, time_limit=3_600_000)
async def pull_sources() -> None:
    """Pull every enabled FreePBX and Vodia source whose interval has passed."""
    await pull_due_sources(worker_context())
