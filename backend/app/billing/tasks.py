"""Actors of the billing feature (scheduled by app.worker.scheduler)."""

from __future__ import annotations

import datetime

import structlog

from app.billing.periodic import reset_due_accounts
from app.lib.idempotency import purge_expired
from app.lib.scoping import bind_system
from app.worker.context import worker_context
from app.worker.registry import task

log = structlog.get_logger(__name__)


@task("billing.reset_periodic_credit", max_retries=0, time_limit=300_000)
async def reset_periodic_credit() -> None:
    """Top up the accounts whose periodic credit is due (the next run catches up on a failure)."""
    async with worker_context().sessions()() as session:
        bind_system(session)
        await reset_due_accounts(session, datetime.datetime.now(datetime.UTC))


@task("billing.purge_idempotency_keys", max_retries=0)
async def purge_idempotency_keys() -> None:
    """Forget Idempotency-Key records older than 24 hours."""
    async with worker_context().sessions()() as session:
        bind_system(session)
        purged = await purge_expired(session, datetime.datetime.now(datetime.UTC))
        await session.commit()
    if purged:
        log.info("idempotency_keys_purged", count=purged)
