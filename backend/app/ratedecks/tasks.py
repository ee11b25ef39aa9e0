"""Actors of the ratedecks feature."""

from __future__ import annotations

import uuid

from app.ratedecks.imports import run_import
from app.worker.context import worker_context
from app.worker.registry import task


@task("ratedecks.import_csv", max_retries=0, time_limit=600_000)
async def import_csv(job_id: str) -> None:
    """Parse and store an uploaded rate CSV (job ``job_id``); progress goes to the job."""
    await run_import(worker_context(), uuid.UUID(job_id))
