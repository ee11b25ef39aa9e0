"""Autobill runs: asked for through the API or fired by a tenant's schedule, executed by a
worker in batches, with progress and a report on the ``billing_run`` row.

Which clients a run bills: a staff member's run, every client (or the ``client_ids`` given);
a reseller's run, its own clients; the platform's scheduled run, its direct clients and the
clients of resellers without a schedule of their own; a reseller's scheduled run, its clients.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Final

import structlog
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models.invoice import BillingRun, InvoicingProfile
from app.db.models.user import User
from app.invoicing.autobill import Batch, Tally, bill_batch, load_clients, tenant_terms
from app.invoicing.schedule import next_fire
from app.invoicing.schemas import BillingRunRead, BillingRunWrite
from app.lib.access import Principal, Role
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.lib.scoping import bind_system

log = structlog.get_logger(__name__)

BATCH: Final = 200
ACTOR: Final = "invoicing.run_billing"


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])


def run_read(run: BillingRun) -> BillingRunRead:
    return BillingRunRead(
        id=run.id,
        trigger=run.trigger,
        status=run.status,
        dry_run=run.dry_run,
        period=run.period,
        as_of=run.as_of,
        clients_total=run.clients_total,
        clients_done=run.clients_done,
        report=run.report,
        errors=run.errors,
        detail=run.detail,
        created_at=run.created_at,
        started_at=run.started_at,
        finished_at=run.finished_at,
    )


async def _check_clients(session: AsyncSession, ids: list[uuid.UUID]) -> None:
    """Every id is a client within the caller's reach (scoped session), or a 422."""
    found = await session.execute(select(User.id).where(User.id.in_(ids), User.role == Role.CLIENT))
    missing = set(ids) - set(found.scalars())
    if missing:
        raise _invalid("client_ids", f"not clients within reach: {sorted(map(str, missing))[:10]}")


async def create_run(
    session: AsyncSession, principal: Principal, data: BillingRunWrite, now: datetime.datetime
) -> BillingRun:
    """A queued run (the caller commits, then enqueues ``invoicing.run_billing``)."""
    if data.period is not None and data.as_of is not None:
        raise _invalid("as_of", "give period or as_of, not both")
    as_of = data.as_of or now
    if as_of.tzinfo is None:
        raise _invalid("as_of", "needs a timezone offset")
    if as_of > now:
        raise _invalid("as_of", "must not be in the future")
    if data.client_ids:
        await _check_clients(session, data.client_ids)
    run = BillingRun(
        owner_id=principal.user_id,
        reseller_id=principal.reseller_scope,
        trigger="api",
        status="queued",
        dry_run=data.dry_run,
        period=data.period,
        as_of=as_of.astimezone(datetime.UTC),
        everyone=principal.sees_everything,
        client_ids=None if data.client_ids is None else [str(i) for i in data.client_ids],
        report={},
        errors=[],
    )
    session.add(run)
    await session.flush()
    return run


async def get_run(session: AsyncSession, run_id: uuid.UUID) -> BillingRun:
    run = await session.get(BillingRun, run_id)
    if run is None:
        raise NotFoundError(f"No billing run {run_id}")
    return run


async def list_runs(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[list[BillingRun], int]:
    total = await session.execute(select(func.count()).select_from(BillingRun))
    rows = await session.execute(
        select(BillingRun)
        .order_by(BillingRun.created_at.desc(), BillingRun.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows.scalars()), int(total.scalar_one())


def _client_query(run: BillingRun) -> Any:
    query = select(User.id).where(User.role == Role.CLIENT).order_by(User.id)
    if run.client_ids:
        query = query.where(User.id.in_([uuid.UUID(i) for i in run.client_ids]))
    if run.everyone:
        return query
    if run.reseller_id is not None:
        return query.where(User.parent_id == run.reseller_id)
    if run.trigger == "schedule":
        scheduled = select(InvoicingProfile.reseller_id).where(
            InvoicingProfile.autobill_cron.is_not(None), InvoicingProfile.reseller_id.is_not(None)
        )
        return query.where(or_(User.parent_id.is_(None), User.parent_id.not_in(scheduled)))
    return query.where(User.parent_id.is_(None))


async def _claim(
    sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID
) -> list[uuid.UUID] | None:
    async with sessions() as session, session.begin():
        bind_system(session)
        run = await session.get(BillingRun, run_id, with_for_update=True)
        if run is None or run.status != "queued":
            return None  # a redelivered message for a run already taken
        ids = list((await session.execute(_client_query(run))).scalars())
        run.status, run.started_at, run.clients_total = "running", _now(), len(ids)
        return ids


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


async def execute_run(sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID) -> None:
    """The worker half: claim the run, bill its clients batch by batch (one transaction each,
    progress and report saved with it), then mark it finished."""
    ids = await _claim(sessions, run_id)
    if ids is None:
        return
    try:
        for start in range(0, len(ids), BATCH):
            await _run_batch(sessions, run_id, ids[start : start + BATCH])
    except Exception as exc:
        await _finish(sessions, run_id, "failed", f"{type(exc).__name__}: {exc}"[:2000])
        raise
    await _finish(sessions, run_id, "succeeded", None)


async def _run_batch(
    sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID, ids: list[uuid.UUID]
) -> None:
    async with sessions() as session, session.begin():
        bind_system(session)
        run = await session.get(BillingRun, run_id, with_for_update=True)
        assert run is not None
        clients = await load_clients(session, ids)
        tenants = {r: await tenant_terms(session, r) for r in {c.reseller_id for c in clients}}
        tally = Tally.resume(run)
        await bill_batch(session, Batch(run, clients, _now(), tenants, tally))
        run.clients_done += len(ids)
        run.report = tally.report()
        run.errors = tally.errors[:1000]


async def _finish(
    sessions: async_sessionmaker[AsyncSession], run_id: uuid.UUID, status: str, detail: str | None
) -> None:
    async with sessions() as session, session.begin():
        bind_system(session)
        run = await session.get(BillingRun, run_id, with_for_update=True)
        if run is not None:
            run.status, run.detail, run.finished_at = status, detail, _now()
    log.info("billing_run_finished", run_id=str(run_id), status=status)


async def fire_due_schedules(session: AsyncSession, now: datetime.datetime) -> list[uuid.UUID]:
    """Queue a run for every tenant whose cron came due (system session; commits). The run
    bills the periods closed at the scheduled instant, however late the worker fires it."""
    due = await session.execute(
        select(InvoicingProfile)
        .where(
            InvoicingProfile.autobill_cron.is_not(None), InvoicingProfile.autobill_next_at <= now
        )
        .with_for_update(skip_locked=True)
    )
    created = []
    for profile in due.scalars():
        assert profile.autobill_cron is not None and profile.autobill_next_at is not None
        run = BillingRun(
            owner_id=profile.reseller_id,
            reseller_id=profile.reseller_id,
            trigger="schedule",
            status="queued",
            dry_run=False,
            as_of=profile.autobill_next_at,
            everyone=False,
            report={},
            errors=[],
        )
        session.add(run)
        await session.flush()
        created.append(run.id)
        profile.autobill_next_at = next_fire(profile.autobill_cron, profile.timezone, now)
    await session.commit()
    return created
