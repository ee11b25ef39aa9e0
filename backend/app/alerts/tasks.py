"""Actors of the alerts feature (``alerts.check`` is scheduled every 60 s)."""

from __future__ import annotations

import datetime

import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.alerts.crossings import check_low_credit, check_spend_caps
from app.alerts.outbox import deliver_pending
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from app.worker.context import worker_context
from app.worker.registry import task

log = structlog.get_logger(__name__)


async def run_alert_checks(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, now: datetime.datetime
) -> tuple[int, int]:
    """One tick: claim new crossings and queue their alerts (one transaction), then deliver
    what is pending. Returns (messages queued, deliveries attempted)."""
    async with sessions() as session:
        bind_system(session)
        queued = await check_low_credit(session, settings, now)
        queued += await check_spend_caps(session, settings, now)
        await session.commit()
    attempted = await deliver_pending(sessions, settings, now)
    if queued or attempted:
        log.info("alerts_checked", queued=queued, attempted=attempted)
    return queued, attempted


@task("alerts.check", max_retries=0, time_limit=300_000)
async def check_alerts() -> None:
    """Detect low-credit and spend-cap crossings, and deliver pending alert e-mails."""
    context = worker_context()
    await run_alert_checks(
        context.sessions(), context.settings, datetime.datetime.now(datetime.UTC)
    )


@task("alerts.deliver", max_retries=0, time_limit=300_000)
async def deliver_alerts() -> None:
    """Deliver pending alert e-mails now (e.g. enqueued after an invoice was issued)."""
    context = worker_context()
    await deliver_pending(context.sessions(), context.settings, datetime.datetime.now(datetime.UTC))
