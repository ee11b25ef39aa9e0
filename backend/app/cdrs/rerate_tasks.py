"""The re-rating actor (kept apart from ``app.cdrs.tasks``, the import actors)."""

from __future__ import annotations

import uuid

from app.cdrs.rerate import ACTOR, run_rerate
from app.worker.context import worker_context
from app.worker.registry import task


@task(ACTOR, max_retries=0, time_limit=3_600_000)
async def rerate(job_id: str) -> None:
    """Price a period's records again and post each client's difference (job ``job_id``)."""
    await run_rerate(worker_context(), uuid.UUID(job_id))
