"""Finalize: at hangup, price the call with the deck versions it was authorized with, write its
CDR, post the charge and release the reservation — one transaction, idempotent on the call id.

A duplicate hangup or a retry (the gateway's spool) gets the stored answer and charges nothing
more. A call whose reservation the sweeper already expired is still charged exactly once.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import msgspec
from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import account_for, post_entry
from app.calls import live
from app.calls.cache import CallerCache
from app.calls.pricing import Caller
from app.calls.schemas import FinalizeRequest, FinalizeResponse
from app.cdrs.partitions import ensure_partitions, month_of
from app.db.models.billing import EntryKind
from app.db.models.call import Call, CallStatus
from app.db.models.cdr import Cdr, RatingStatus
from app.db.models.telephony import SipUser
from app.db.models.user import User
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.lib.settings import Settings
from app.ratedecks.quote import as_quote
from app.rating import CallRating, InvalidNumberError
from app.rating import RatingStatus as EngineStatus


async def finalize(
    session: AsyncSession,
    redis: Redis,
    settings: Settings,
    call_id: str,
    request: FinalizeRequest,
    now: datetime.datetime,
    cache: CallerCache | None = None,
) -> FinalizeResponse:
    call = (
        await session.execute(select(Call).where(Call.call_id == call_id).with_for_update())
    ).scalar_one_or_none()
    if call is None:
        raise NotFoundError(f"No authorized call {call_id}")
    if call.status == CallStatus.FINALIZED and call.result is not None:
        return msgspec.convert(call.result, FinalizeResponse)
    _check_times(request)
    rating = await _rate(session, call, request, cache or CallerCache(0))
    account = await account_for(session, call.owner_id, lock=True)
    if call.status == CallStatus.AUTHORIZED:
        account.reserved -= call.reserved
    cdr = await _write_cdr(session, call, request, rating, now)
    cost = rating.total if rating is not None else None
    if cost:
        entry = await post_entry(
            session,
            account,
            kind=EntryKind.CALL_CHARGE,
            amount=-cost,
            idempotency_key=f"call:{call_id}",
            at=now,
            note=f"Call to {call.normalized_number}",
            reference={"call_id": call_id, "cdr_id": str(cdr.id)},
        )
        cdr.ledger_entry_id = entry.id
    response = _response(call_id, request, rating, cdr.id)
    call.status, call.reserved, call.finalized_at = CallStatus.FINALIZED, Decimal(0), now
    call.result = msgspec.to_builtins(response)
    await session.flush()
    await live.forget(redis, settings, call_id)
    return response


def _check_times(request: FinalizeRequest) -> None:
    for name in ("ended_at", "answered_at"):
        value = getattr(request, name)
        if value is not None and value.tzinfo is None:
            raise InvalidInputError(
                f"{name} needs a timezone offset", errors=[FieldError("add Z", field=name)]
            )


async def _rate(
    session: AsyncSession, call: Call, request: FinalizeRequest, cache: CallerCache
) -> CallRating | None:
    """The sell-side rating at the pinned deck versions; None when the call has no plan now."""
    sip_user = None if call.sip_user_id is None else await session.get(SipUser, call.sip_user_id)
    client = await session.get(User, call.owner_id)
    if sip_user is None or client is None:
        return None
    pricing = await cache.pricing_at(session, Caller(sip_user, client), call.pricing["versions"])
    if pricing is None:
        return None
    start = request.answered_at or request.ended_at - datetime.timedelta(
        seconds=request.billable_seconds
    )
    try:
        return pricing.context.rate(call.dialled_number, start, request.billable_seconds)
    except InvalidNumberError:  # pragma: no cover - authorize normalized this number
        return None


def _status(rating: CallRating | None) -> str:
    if rating is None or rating.status in (EngineStatus.UNRATED, EngineStatus.BLOCKED):
        return RatingStatus.UNRATED
    if rating.status == EngineStatus.PENDING_PRICE:
        return RatingStatus.PENDING_PRICE
    return RatingStatus.RATED


async def _write_cdr(
    session: AsyncSession,
    call: Call,
    request: FinalizeRequest,
    rating: CallRating | None,
    now: datetime.datetime,
) -> Cdr:
    await ensure_partitions(session, [month_of(call.authorized_at)])
    quote = None if rating is None else as_quote(rating, rating.currency)
    trunk_id = _uuid_or_none(request.trunk_id)
    cdr = Cdr(
        started_at=call.authorized_at,
        owner_id=call.owner_id,
        reseller_id=call.reseller_id,
        source="agi",
        external_id=call.call_id,
        sip_user_id=call.sip_user_id,
        caller_number=call.caller_number,
        dialled_number=call.dialled_number,
        normalized_number=call.normalized_number,
        direction="outbound",
        answered_at=request.answered_at if request.billable_seconds else None,
        ended_at=request.ended_at,
        duration=max(0, int((request.ended_at - call.authorized_at).total_seconds())),
        billable_seconds=request.billable_seconds,
        disposition=request.disposition,
        hangup_cause=request.hangup_cause,
        trunk_id=trunk_id if any(t["id"] == str(trunk_id) for t in call.trunks) else None,
        matched_prefix=None if rating is None else rating.matched_prefix,
        destination=None if rating is None else rating.destination,
        rate_id=None if rating is None or rating.rate_id is None else str(rating.rate_id),
        deck_id=None if rating is None else _uuid_or_none(rating.deck_id),
        deck_version=None if rating is None else rating.deck_version,
        cost=None if rating is None else rating.total,
        currency=None if rating is None else rating.currency,
        breakdown={} if quote is None else msgspec.to_builtins(quote),
        rating_status=_status(rating),
        created_at=now,
    )
    session.add(cdr)
    await session.flush()
    return cdr


def _uuid_or_none(value: object) -> uuid.UUID | None:
    try:
        return None if value is None else uuid.UUID(str(value))
    except ValueError:
        return None


def _response(
    call_id: str, request: FinalizeRequest, rating: CallRating | None, cdr_id: uuid.UUID
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
        cost=None if rating is None else rating.total,
        currency=None if rating is None else rating.currency,
        cdr_id=cdr_id,
    )
