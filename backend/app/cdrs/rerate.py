"""Re-rating: price a period's records again after a rate change, as a worker job
(``cdrs.rerate``), and post each client's difference as one ``adjustment`` ledger entry.

Which records: outbound records of a known client and SIP user started in ``[from, to)``,
rated, unrated or pending a price (late-billed numbers), narrowed to one client or to the
records priced by one deck, within the requester's reach (a reseller: its clients). Each is
rated again at current deck versions (``app.cdrs.reprice``); a changed price is written to the
record, its old rating kept in ``cdr_rating_history``. A late-billed record whose price has
since been entered becomes ``rated`` and is charged through its client's adjustment.

The whole job is one transaction: the records are locked (``FOR UPDATE``) as they are read, so
two overlapping re-ratings serialize and the second sees the first's prices (difference 0).
Running a job's message twice does nothing (the job is claimed once) and each entry's
idempotency key is ``cdr_rerate:<job id>:<client id>``.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from dramatiq import Broker
from sqlalchemy import Row, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import account_for, post_entry
from app.cdrs import reprice, rerate_sql
from app.cdrs.schemas import RerateRequest
from app.cdrs.service import time_range
from app.db.models.billing import EntryKind
from app.db.models.cdr import Cdr, RatingStatus
from app.db.models.job import Job
from app.db.models.rate_deck import RateDeck
from app.db.models.user import User
from app.jobs import service as jobs
from app.lib.access import Principal
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.lib.scoping import bind_system
from app.worker.broker import enqueue
from app.worker.context import WorkerContext

JOB_KIND = "cdrs.rerate"
ACTOR = "cdrs.rerate"
BATCH = 5000
MAX_REFERENCED_IDS = 1000


async def start_rerate(
    session: AsyncSession, principal: Principal, broker: Broker, request: RerateRequest
) -> Job:
    """The API half: check the request within the caller's reach, queue the job."""
    for name, value in (("from", request.started_from), ("to", request.started_to)):
        if value.tzinfo is None:
            message = "needs a timezone offset (Z or +hh:mm)"
            raise InvalidInputError(f"{name}: {message}", errors=[FieldError(message, name)])
    try:
        start, end = time_range(request.started_from, request.started_to, request.started_to)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.detail, errors=[FieldError(exc.detail, "to")]) from exc
    if request.client_id is not None and await session.get(User, request.client_id) is None:
        raise NotFoundError(f"No client {request.client_id}")
    if request.deck_id is not None and await session.get(RateDeck, request.deck_id) is None:
        raise NotFoundError(f"No rate deck {request.deck_id}")
    parameters = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "client_id": None if request.client_id is None else str(request.client_id),
        "deck_id": None if request.deck_id is None else str(request.deck_id),
        "reseller_id": None if principal.reseller_scope is None else str(principal.reseller_scope),
    }
    job = await jobs.create_job(session, principal, JOB_KIND, parameters)
    await session.commit()  # the worker must see the job before it gets the message
    await asyncio.to_thread(enqueue, broker, ACTOR, str(job.id))
    return job


@dataclass
class _Tally:
    examined: int = 0
    repriced: int = 0
    now_rated: int = 0
    kept: int = 0
    difference: dict[uuid.UUID, Decimal] = field(default_factory=lambda: defaultdict(Decimal))
    ids: dict[uuid.UUID, list[uuid.UUID]] = field(default_factory=lambda: defaultdict(list))
    counts: dict[uuid.UUID, int] = field(default_factory=lambda: defaultdict(int))


def _candidates(params: dict[str, Any]) -> Any:
    query = select(
        Cdr.id,
        Cdr.started_at,
        Cdr.owner_id,
        Cdr.sip_user_id,
        Cdr.dialled_number,
        Cdr.answered_at,
        Cdr.billable_seconds,
        Cdr.rating_status,
        Cdr.cost,
        Cdr.currency,
        Cdr.matched_prefix,
    ).where(
        Cdr.started_at >= datetime.datetime.fromisoformat(params["from"]),
        Cdr.started_at < datetime.datetime.fromisoformat(params["to"]),
        Cdr.owner_id.is_not(None),
        Cdr.sip_user_id.is_not(None),
        Cdr.direction == "outbound",
        Cdr.rating_status.in_(
            (RatingStatus.RATED, RatingStatus.UNRATED, RatingStatus.PENDING_PRICE)
        ),
    )
    for column, name in (
        (Cdr.owner_id, "client_id"),
        (Cdr.deck_id, "deck_id"),
        (Cdr.reseller_id, "reseller_id"),
    ):
        if params.get(name):
            query = query.where(column == uuid.UUID(params[name]))
    return query


async def _batches(session: AsyncSession, params: dict[str, Any]) -> Any:
    """The candidates in (started_at, id) order, locked, a batch at a time."""
    after: tuple[datetime.datetime, uuid.UUID] | None = None
    while True:
        query = _candidates(params)
        if after is not None:
            query = query.where(tuple_(Cdr.started_at, Cdr.id) > tuple_(*after))
        query = query.order_by(Cdr.started_at, Cdr.id).limit(BATCH).with_for_update()
        rows = (await session.execute(query)).all()
        if not rows:
            return
        yield rows
        after = (rows[-1].started_at, rows[-1].id)


async def _reprice_batch(
    rows: list[Row[Any]], pricing: reprice.CallerPricing, tally: _Tally
) -> list[tuple[Any, ...]]:
    changed = []
    for row in rows:
        tally.examined += 1
        at = row.answered_at or row.started_at
        rating = await pricing.rate(row.sip_user_id, row.dialled_number, at, row.billable_seconds)
        old = reprice.StoredRating(row.rating_status, row.cost, row.currency, row.matched_prefix)
        new = None if rating is None else reprice.repriced(rating)
        if new is None or not reprice.should_apply(old, new):
            if new is None or new.stored() != old:
                tally.kept += 1  # the rates no longer price it: its earlier rating stays
            continue
        tally.repriced += 1
        if old.rating_status != RatingStatus.RATED and new.rating_status == RatingStatus.RATED:
            tally.now_rated += 1
        tally.difference[row.owner_id] += (new.cost or Decimal(0)) - (old.cost or Decimal(0))
        tally.counts[row.owner_id] += 1
        if len(tally.ids[row.owner_id]) < MAX_REFERENCED_IDS:
            tally.ids[row.owner_id].append(row.id)
        changed.append(rerate_sql.change_row(row.id, row.started_at, row.owner_id, new))
    return changed


async def _post_adjustments(
    session: AsyncSession, job: Job, tally: _Tally, now: datetime.datetime
) -> list[dict[str, Any]]:
    """One adjustment per client whose records' total changed: minus the difference (a dearer
    price charges more; a cheaper one gives back)."""
    posted = []
    for client_id in sorted(tally.difference):
        difference = tally.difference[client_id]
        if not difference:
            continue
        account = await account_for(session, client_id, lock=True)
        entry = await post_entry(
            session,
            account,
            kind=EntryKind.ADJUSTMENT,
            amount=-difference,
            idempotency_key=f"cdr_rerate:{job.id}:{client_id}",
            at=now,
            note=f"Re-rated calls ({tally.counts[client_id]})",
            reference={
                "job_id": str(job.id),
                "cdr_count": tally.counts[client_id],
                "cdr_ids": [str(i) for i in tally.ids[client_id]],
                "from": job.parameters["from"],
                "to": job.parameters["to"],
            },
        )
        posted.append(
            {
                "client_id": str(client_id),
                "amount": str(-difference),
                "currency": account.currency,
                "cdr_count": tally.counts[client_id],
                "ledger_entry_id": str(entry.id),
            }
        )
    return posted


async def _rerate(
    context: WorkerContext, session: AsyncSession, job: Job, now: datetime.datetime
) -> dict[str, Any]:
    params = dict(job.parameters)
    tally, pricing = _Tally(), reprice.CallerPricing(session)
    await rerate_sql.create_work_tables(session)
    async for rows in _batches(session, params):
        changed = await _reprice_batch(list(rows), pricing, tally)
        await rerate_sql.copy_changes(session, changed)
        jobs.report_progress(context.redis, context.settings, job.id, tally.examined)
    adjustments = await _post_adjustments(session, job, tally, now)
    entries = {uuid.UUID(a["client_id"]): uuid.UUID(a["ledger_entry_id"]) for a in adjustments}
    await rerate_sql.apply_changes(session, job.id, entries, now)
    return {
        "records": tally.examined,
        "repriced": tally.repriced,
        "now_rated": tally.now_rated,
        "unchanged": tally.examined - tally.repriced - tally.kept,
        "kept": tally.kept,
        "adjustments": adjustments,
    }


async def run_rerate(context: WorkerContext, job_id: uuid.UUID) -> None:
    """The worker half: claim the job, then re-rate, post and record — all or nothing."""
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id)
        if job is None or job.status != "queued":
            return  # a redelivered message for a job already taken
        job.status = "running"
        job.started_at = datetime.datetime.now(datetime.UTC)
        # Counted before the work starts, so a poller sees rows_done of rows_total.
        count = select(func.count()).select_from(_candidates(job.parameters).subquery())
        job.rows_total = int((await session.execute(count)).scalar_one())
    try:
        async with context.sessions()() as session, session.begin():
            bind_system(session)
            job = await session.get(Job, job_id, with_for_update=True)
            assert job is not None
            now = datetime.datetime.now(datetime.UTC)
            result = await _rerate(context, session, job, now)
            jobs.finish(
                job,
                status="succeeded",
                now=now,
                rows_done=result["records"],
                errors=[],
                errors_truncated=False,
                result=result,
            )
    except Exception as exc:
        await _mark_failed(context, job_id, f"The re-rating stopped: {type(exc).__name__}: {exc}")
        raise


async def _mark_failed(context: WorkerContext, job_id: uuid.UUID, detail: str) -> None:
    async with context.sessions()() as session, session.begin():
        bind_system(session)
        job = await session.get(Job, job_id)
        if job is not None and job.status != "succeeded":
            jobs.finish(
                job,
                status="failed",
                now=datetime.datetime.now(datetime.UTC),
                rows_done=job.rows_done,
                errors=[],
                errors_truncated=False,
                detail=detail[:2000],
            )
