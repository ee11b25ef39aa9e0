"""Finalize: at hangup, price the call with the deck versions it was authorized with, draw the
plan's allowance, write its CDR, post the charge and release the reservation — one transaction,
idempotent on the call id.

The call is read once (a finalized one answers its stored result at once), priced here with
the client's ``CallPricer`` (special-number rules before the tariff; AGI calls are outbound),
and settled by one statement (``tollgate_call_finalize``, migrations 0014 and 0016) that locks
the call, then the account, and writes the ledger entry, the balance, the CDR and the answer.
A duplicate hangup or a retry (the gateway's spool) gets the stored answer and charges nothing
more, even when it races the first: it waits on the call's row lock, then sees the first one's
answer. A call whose reservation the sweeper already expired is still charged exactly once.

A call that can draw an allowance (docs/bundles.md) first locks its counter in the same
transaction (``allowance_usage``, the lock imports take too, always before the call and the
account), splits its billed seconds against what is left, and passes the counter's new total
to the statement, which stores it only after its idempotency check: a duplicate never draws
twice. The CDR's cost, the charge and the answer's cost are the overflow's cost; a fully
covered call posts no charge. A client without allowances takes none of this path.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import asyncpg
import msgspec
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from app.billing.ledger import exact_amount
from app.bundles import ClientAllowances, Coverage, Target, call_target, cover_call
from app.calls import live
from app.calls.cache import CallerCache
from app.calls.schemas import FinalizeRequest, FinalizeResponse
from app.calls.store import CallDb, json_text, session_db
from app.cdrs.partitions import ensure_partitions, month_of
from app.db.models.call import CallStatus
from app.db.models.cdr import RatingStatus
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.lib.settings import Settings
from app.ratedecks.quote import stored_breakdown
from app.rating import CallRating, Direction, InvalidNumberError
from app.rating import RatingStatus as EngineStatus

_STORED = msgspec.json.Decoder(FinalizeResponse)
_JSON = msgspec.json.Decoder()
_NO_PARTITION = "no partition of relation"


@dataclass(frozen=True, slots=True)
class Priced:
    """A call's rating and what its coverage needs: the plan's country code and, when the
    call draws, the counter it draws from."""

    rating: CallRating
    country_code: str
    allowances: ClientAllowances | None
    target: Target | None


async def finalize(
    session: AsyncSession | CallDb,
    redis: Redis,
    settings: Settings,
    call_id: str,
    request: FinalizeRequest,
    now: datetime.datetime,
    cache: CallerCache | None = None,
) -> FinalizeResponse:
    """Settle ``call_id`` (see the module doc). ``session`` is an ORM session (the work joins
    its transaction) or a :class:`CallDb`."""
    db = session if isinstance(session, CallDb) else await session_db(session)
    call = await db.call(call_id)
    if call is None:
        raise NotFoundError(f"No authorized call {call_id}")
    if call["status"] == CallStatus.FINALIZED and call["result"] is not None:
        return _STORED.decode(call["result"])
    _check_times(request)
    priced = await _rate(db, call, request, cache or CallerCache(0))
    month = month_of(call["authorized_at"])
    if db.shared:
        async with db.orm() as orm_session:
            await ensure_partitions(orm_session, [month])
    settle = _Settle(db, call_id, call, request, priced, now)
    try:
        settled, response = await settle()
    except asyncpg.CheckViolationError as exc:
        # A month nobody prepared (the worker creates partitions ahead): create it, once, in
        # its own transaction (app.cdrs.partitions), and settle again (drawing again: the
        # failed attempt rolled its draw back).
        if db.shared or _NO_PARTITION not in str(exc):
            raise
        async with db.orm() as orm_session:
            await ensure_partitions(orm_session, [month])
        settled, response = await settle()
    if settled["outcome"] == "missing":  # pragma: no cover - deleted between read and lock
        raise NotFoundError(f"No authorized call {call_id}")
    if settled["outcome"] == "previous":
        return _STORED.decode(settled["result"])
    await live.forget(redis, settings, call_id)
    return response


@dataclass(frozen=True, slots=True)
class _Settle:
    """One attempt at settling a priced call (see the module doc)."""

    db: CallDb
    call_id: str
    call: asyncpg.Record
    request: FinalizeRequest
    priced: Priced | None
    now: datetime.datetime

    async def __call__(self) -> tuple[asyncpg.Record, FinalizeResponse]:
        priced = self.priced
        if priced is None:
            return await self._write(None, None, None)
        if priced.target is None or priced.allowances is None:
            coverage, _ = cover_call(priced.rating, priced.country_code)
            return await self._write(priced.rating, coverage, None)
        target = priced.target
        async with self.db.transaction():
            client = priced.allowances
            used = await self.db.lock_counter(client.client_id, client.reseller_id, target)
            coverage, after = cover_call(priced.rating, priced.country_code, target, used)
            return await self._write(priced.rating, coverage, (target, after))

    async def _write(
        self,
        rating: CallRating | None,
        coverage: Coverage | None,
        drawn: tuple[Target, int] | None,
    ) -> tuple[asyncpg.Record, FinalizeResponse]:
        cost = None if coverage is None else coverage.cost
        if cost:
            exact_amount(-cost)  # a charge the ledger could not store exactly is refused
        call, request, cdr_id = self.call, self.request, uuid7()
        response = _response(self.call_id, request, rating, cost, cdr_id)
        cdr = _cdr(call, self.call_id, cdr_id, request, rating, self.now)
        cdr["cost"] = cost
        cdr["coverage"] = {} if coverage is None else coverage.coverage
        note = f"Call to {call['normalized_number']}"
        settled = await self.db.settle(
            self.call_id, self.now, cost, note, json_text(cdr), json_text(response), drawn
        )
        return settled, response


def _check_times(request: FinalizeRequest) -> None:
    for name in ("ended_at", "answered_at"):
        value = getattr(request, name)
        if value is not None and value.tzinfo is None:
            raise InvalidInputError(
                f"{name} needs a timezone offset", errors=[FieldError("add Z", field=name)]
            )


async def _rate(
    db: CallDb, call: asyncpg.Record, request: FinalizeRequest, cache: CallerCache
) -> Priced | None:
    """The sell-side rating at the pinned deck versions (special rules first, outbound) and
    the counter it draws from; None when the call has no plan now."""
    if call["sip_user_id"] is None:
        return None
    versions = _JSON.decode(call["pricing"])["versions"]
    pricing = await cache.pricing_at(db.orm, call["sip_user_id"], versions)
    if pricing is None:
        return None
    start = request.answered_at or request.ended_at - datetime.timedelta(
        seconds=request.billable_seconds
    )
    try:
        rating = pricing.call_pricer.rate(
            call["dialled_number"], start, request.billable_seconds, Direction.OUTBOUND
        )
    except InvalidNumberError:  # pragma: no cover - authorize normalized this number
        return None
    allowances = pricing.allowances
    target = None if allowances is None else call_target(allowances, rating, start)
    country = pricing.context.numbering.country_code
    return Priced(rating, country, allowances, target)


def _status(rating: CallRating | None) -> str:
    if rating is None or rating.status in (EngineStatus.UNRATED, EngineStatus.BLOCKED):
        return RatingStatus.UNRATED
    if rating.status == EngineStatus.PENDING_PRICE:
        return RatingStatus.PENDING_PRICE
    return RatingStatus.RATED


def _cdr(
    call: asyncpg.Record,
    call_id: str,
    cdr_id: uuid.UUID,
    request: FinalizeRequest,
    rating: CallRating | None,
    now: datetime.datetime,
) -> dict[str, Any]:
    """The CDR's columns (``masked`` and ``ledger_entry_id`` are set by the statement; the
    caller sets ``cost`` and ``coverage`` after the draw)."""
    authorized_at: datetime.datetime = call["authorized_at"]
    trunk_id = _uuid_or_none(request.trunk_id)
    offered = {t["id"] for t in _JSON.decode(call["trunks"])}
    return {
        "id": cdr_id,
        "started_at": authorized_at,
        "owner_id": call["owner_id"],
        "reseller_id": call["reseller_id"],
        "source": "agi",
        "external_id": call_id,
        "sip_user_id": call["sip_user_id"],
        "caller_number": call["caller_number"],
        "dialled_number": call["dialled_number"],
        "normalized_number": call["normalized_number"],
        "direction": "outbound",
        "answered_at": request.answered_at if request.billable_seconds else None,
        "ended_at": request.ended_at,
        "duration": max(0, int((request.ended_at - authorized_at).total_seconds())),
        "billable_seconds": request.billable_seconds,
        "disposition": request.disposition,
        "hangup_cause": request.hangup_cause,
        "trunk_id": trunk_id if str(trunk_id) in offered else None,
        "matched_prefix": None if rating is None else rating.matched_prefix,
        "destination": None if rating is None else rating.destination,
        "rate_id": None if rating is None or rating.rate_id is None else str(rating.rate_id),
        "deck_id": None if rating is None else _uuid_or_none(rating.deck_id),
        "deck_version": None if rating is None else rating.deck_version,
        "currency": None if rating is None else rating.currency,
        "breakdown": {} if rating is None else stored_breakdown(rating),
        "rating_status": _status(rating),
        "created_at": now,
    }


def _uuid_or_none(value: object) -> uuid.UUID | None:
    try:
        return None if value is None else uuid.UUID(str(value))
    except ValueError:
        return None


def _response(
    call_id: str,
    request: FinalizeRequest,
    rating: CallRating | None,
    cost: Decimal | None,
    cdr_id: uuid.UUID,
) -> FinalizeResponse:
    if request.billable_seconds == 0:
        status = "unanswered"
    else:
        status = {"rated": "rated", "pending_price": "pending_price"}.get(
            _status(rating), "unrated"
        )
    return FinalizeResponse(
        call_id=call_id,
        status=status,  # type: ignore[arg-type]
        billable_seconds=request.billable_seconds,
        cost=cost,
        currency=None if rating is None else rating.currency,
        cdr_id=cdr_id,
    )
