"""Actors of invoicing: run an autobill run; fire the tenants' schedules that came due."""

from __future__ import annotations

import datetime
import uuid

from app.invoicing.runs import execute_run, fire_due_schedules
from app.lib.scoping import bind_system
from app.worker.context import worker_context
from app.worker.registry import task


@task("invoicing.run_billing", max_retries=0, time_limit=3_600_000)
async def run_billing(run_id: str) -> None:
    """Execute the billing run ``run_id`` (queued by the API or a schedule)."""
    await execute_run(worker_context().sessions(), uuid.UUID(run_id))


@task("invoicing.fire_schedules", max_retries=0, time_limit=3_600_000)
async def fire_schedules() -> None:
    """Queue and execute the runs of every tenant whose autobill cron came due. The runs
    execute here, one after another: a schedule fires at most once a minute per tenant."""
    sessions = worker_context().sessions()
    async with sessions() as session:
        bind_system(session)
        run_ids = await fire_due_schedules(session, datetime.datetime.now(datetime.UTC))
    for run_id in run_ids:
        await execute_run(sessions, run_id)
