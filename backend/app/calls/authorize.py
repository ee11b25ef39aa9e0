"""Authorize: decide at call start whether a call may go out, for how long, over which trunks.

Checks run in the documented order (docs/call-control.md): account and SIP user status, source
address, restricted prefixes and blocked destination groups, caller ID, rate, price caps, route
(with the loss guard), concurrency, spend cap, credit. Checks 1-9 read only configuration (the
caller cache) and run here; 8 and 10-12 read money and run in PostgreSQL under the billing
account's row lock, in the same statement that writes the call and **reserves** the credit its
maximum duration could cost (``tollgate_call_authorize``, app.calls.store), so concurrent calls
of one account can never spend more than it has.

The rate comes from the client's ``CallPricer`` (special-number rules before the tariff). A
call that can draw the plan's allowance counts what is left of it as money-free time: the
maximum duration is what the allowance plus the budget pay for, and only the overflow part is
reserved (docs/bundles.md). The free time is read, not reserved; finalize draws it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

import asyncpg
import msgspec
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from app.billing.ledger import account_for
from app.bundles import free_target, remaining_of, split_call
from app.calls import live
from app.calls.cache import CallerCache, Platform, Profile
from app.calls.guards import blocked_by, caller_allowed, ip_allowed
from app.calls.limits import (
    Budget,
    LimitReached,
    account_busy,
    month_start,
    sip_user_busy,
    spend_cap_reached,
)
from app.calls.schemas import AuthorizeRequest, AuthorizeResponse, Refusal, TrunkChoice
from app.calls.store import CallDb, Offer, json_text, session_db
from app.calls.trunks import REFERENCE_SECONDS, dial_plan
from app.db.models.call import CallStatus
from app.db.models.user import UserStatus
from app.lib.errors import ConflictError, NotFoundError
from app.lib.settings import Settings
from app.rating import (
    CallRating,
    Direction,
    InvalidNumberError,
    Money,
    RateMatch,
    RatingStatus,
    max_duration_with_allowance,
)

#: Offers made to the database before giving up on a budget that keeps shrinking under
#: concurrent calls of the same account (each offer is re-checked under the row lock).
MAX_OFFERS = 8
_TRUNKS = msgspec.json.Decoder(list[TrunkChoice])


class Refused(Exception):
    """Raised inside authorize to answer with a refusal code."""

    def __init__(self, code: Refusal, detail: str) -> None:
        super().__init__(detail)
        self.code: Refusal = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Plan:
    """What checks 1-9 settled: the rate match, its reference minute and the dial list."""

    match: RateMatch
    minute: CallRating | None
    """The sell price of a one-minute reference call; None for a pending price."""
    trunks: list[TrunkChoice]


async def authorize(
    session: AsyncSession | CallDb,
    redis: Redis,
    settings: Settings,
    request: AuthorizeRequest,
    now: datetime.datetime,
    cache: CallerCache | None = None,
) -> AuthorizeResponse:
    """Grant or refuse ``request``; a repeated call id gets the grant it already has.
    ``session`` is an ORM session (the work joins its transaction) or a :class:`CallDb`;
    ``cache`` (the process's, from the app state) spares re-reading configuration."""
    db = session if isinstance(session, CallDb) else await session_db(session)
    cache = cache or CallerCache(0)
    try:
        profile = await cache.profile(
            db.orm, request.sip_user, request.account_code, detached=not db.shared
        )
        plan = await _plan(db, settings, cache, profile, request, now)
    except (NotFoundError, Refused) as stop:
        previous = await _previous_grant(db, request.call_id)
        if previous is not None:
            return previous
        if isinstance(stop, NotFoundError):
            raise
        return AuthorizeResponse(request.call_id, stop.code, stop.detail)
    try:
        return await _reserve(db, redis, settings, profile, plan, request, now)
    except (Refused, LimitReached) as refusal:
        return AuthorizeResponse(request.call_id, refusal.code, refusal.detail)


def _grant_answer(call_id: str, row: asyncpg.Record) -> AuthorizeResponse:
    if row["call_status"] != CallStatus.AUTHORIZED:
        raise ConflictError(f"Call {call_id} is already {row['call_status']}")
    return AuthorizeResponse(
        call_id,
        "ok",
        "already authorized",
        max_duration=row["call_max_duration"],
        trunks=_TRUNKS.decode(row["call_trunks"]),
        rate_id=row["call_rate_id"],
        normalized_number=row["call_number"],
    )


async def _previous_grant(db: CallDb, call_id: str) -> AuthorizeResponse | None:
    row = await db.grant_of(call_id)
    return None if row is None else _grant_answer(call_id, row)


async def _plan(
    db: CallDb,
    settings: Settings,
    cache: CallerCache,
    profile: Profile,
    request: AuthorizeRequest,
    now: datetime.datetime,
) -> Plan:
    """Checks 1-9 (the per-minute cap of check 8 is re-checked under the lock)."""
    caller, pricing = profile.caller, profile.pricing
    _screen_caller(profile, request)
    if pricing is None:
        raise Refused("no_rate", "The client has no plan")
    try:
        match = pricing.call_pricer.match(request.dialled_number, now, Direction.OUTBOUND)
    except InvalidNumberError as exc:
        raise Refused("no_rate", f"Not a dialable number: {exc}") from exc
    platform = await cache.platform(db.orm, detached=not db.shared)
    _screen_number(profile, platform, match.number)
    minute = _check_rate(match)
    sell = None if minute is None or minute.breakdown is None else minute.breakdown.total_exact
    dial = dial_plan(
        platform.carriers,
        caller.sip_user,
        pricing.context,
        match.number,
        now,
        sell,
        settings.loss_guard_margin_percent,
    )
    if not dial.trunks:
        # Check 8 comes before 9: the account's cap decides which refusal this is.
        _check_minute_cap(minute, await db.per_minute_cap(caller.client.id))
        why = " (the loss guard removed every trunk)" if dial.dropped_for_loss else ""
        raise Refused("no_route", f"No trunk routes {match.number}{why}")
    return Plan(match, minute, dial.trunks)


async def _reserve(
    db: CallDb,
    redis: Redis,
    settings: Settings,
    profile: Profile,
    plan: Plan,
    request: AuthorizeRequest,
    now: datetime.datetime,
) -> AuthorizeResponse:
    """Checks 8 and 10-12 and the reservation, in the database, under the account's lock."""
    match, client, device = plan.match, profile.caller.client, profile.caller.sip_user
    pending = match.status == RatingStatus.PENDING_PRICE
    duration = settings.call_max_seconds
    free = await _free_seconds(db, profile, match, now)
    reserve = Decimal(0) if pending else _cost(match, duration, free)
    offer = Offer(
        call_id=request.call_id,
        id=uuid7(),
        owner_id=client.id,
        sip_user_id=device.id,
        reseller_id=device.reseller_id,
        sip_max_calls=device.max_concurrent_calls,
        now=now,
        month_start=month_start(now, client.timezone),
        minute_price=None if plan.minute is None else plan.minute.total,
        duration=duration,
        reserve=reserve,
        pending=pending,
        grace=settings.call_grace_seconds,
        caller_number=request.caller_number,
        dialled_number=request.dialled_number,
        normalized_number=match.number,
        channel=request.channel,
        source_ip=request.source_ip,
        rate_id=None if match.rate_id is None else str(match.rate_id),
        pricing=json_text({"versions": profile.pricing.versions if profile.pricing else {}}),
        trunks=json_text([live.trunk_record(t) for t in plan.trunks]),
    )
    budget: Budget | None = None
    for _ in range(MAX_OFFERS):
        row = await db.reserve(offer)
        outcome = row["outcome"]
        if outcome == "granted":
            break
        if outcome == "previous":
            return _grant_answer(request.call_id, row)
        if outcome == "no_account":
            async with db.orm() as session:
                await account_for(session, client.id)
            continue
        if outcome != "budget":
            raise _refusal(outcome, row, profile, plan)
        budget = Budget(row["amount"], row["reason"], row["currency"])
        duration, reserve = _duration(match, budget, settings, free)
        offer = replace(offer, duration=duration, reserve=reserve)
    else:
        assert budget is not None
        raise Refused(budget.reason, budget.explain())
    await live.announce(redis, settings, offer, profile.caller.sip_user.username, match.destination)
    return AuthorizeResponse(
        request.call_id,
        "ok",
        f"{match.destination or match.number}: up to {offer.duration} s",
        max_duration=offer.duration,
        trunks=plan.trunks,
        rate_id=offer.rate_id,
        normalized_number=match.number,
    )


def _refusal(outcome: str, row: asyncpg.Record, profile: Profile, plan: Plan) -> Exception:
    device = profile.caller.sip_user
    if outcome == "price_cap":
        assert plan.minute is not None
        return Refused(
            "price_cap", f"{plan.minute.total} per minute exceeds the cap of {row['amount']}"
        )
    if outcome == "sip_user_busy":
        return sip_user_busy(device.username, device.max_concurrent_calls or 0)
    if outcome == "account_busy":
        return account_busy(row["amount"])
    if outcome == "spend_cap":
        return spend_cap_reached(row["amount"])
    raise RuntimeError(f"tollgate_call_authorize answered {outcome!r}")  # pragma: no cover


def _screen_caller(profile: Profile, request: AuthorizeRequest) -> None:
    caller = profile.caller
    if caller.client.status != UserStatus.ACTIVE:
        raise Refused("suspended", f"The account is {caller.client.status}")
    device = caller.sip_user
    if device.status != "active":
        raise Refused("suspended", f"SIP user {device.username} is {device.status}")
    if not ip_allowed(request.source_ip, device.allowed_cidrs):
        raise Refused("ip_not_allowed", f"Calls from {request.source_ip} are not allowed")
    if not caller_allowed(request.caller_number, device.caller_id_allow, device.caller_id_deny):
        raise Refused("blocked", f"Caller ID {request.caller_number} may not call out")


def _screen_number(profile: Profile, platform: Platform, number: str) -> None:
    device = profile.caller.sip_user
    prefix = blocked_by(number, [*platform.restricted, *device.restricted_prefixes])
    if prefix is not None:
        raise Refused("blocked", f"Calls to {prefix} are restricted")
    prefix = blocked_by(number, profile.blocked)
    if prefix is not None:
        raise Refused("blocked", f"Calls to {prefix} are in a blocked destination group")


def _check_rate(match: RateMatch) -> CallRating | None:
    """Checks 6 and 7; the reference minute's price (None for a pending price)."""
    if match.status == RatingStatus.UNRATED:
        raise Refused("no_rate", f"No rate covers {match.number}")
    if match.status == RatingStatus.BLOCKED:
        raise Refused("blocked", f"Calls to {match.matched_prefix} are not allowed")
    if match.status == RatingStatus.PENDING_PRICE:
        return None
    minute = match.price(REFERENCE_SECONDS)
    assert minute.breakdown is not None and minute.total is not None
    return minute


def _check_minute_cap(minute: CallRating | None, cap: Decimal | None) -> None:
    if minute is not None and cap is not None and minute.total is not None and minute.total > cap:
        raise Refused("price_cap", f"{minute.total} per minute exceeds the cap of {cap}")


async def _free_seconds(
    db: CallDb, profile: Profile, match: RateMatch, now: datetime.datetime
) -> int:
    """What is left of the allowance the call would draw (0 when it draws none: no read for a
    plan without allowances, nor for a call its allowances do not cover)."""
    allowances = None if profile.pricing is None else profile.pricing.allowances
    target = None if allowances is None else free_target(allowances, match, now)
    if target is None:
        return 0
    return remaining_of(target, await db.allowance_used(profile.caller.client.id, target))


def _cost(match: RateMatch, duration: int, free: int = 0) -> Decimal:
    """What ``duration`` seconds cost beyond ``free`` seconds of allowance (the reserve)."""
    rating = match.price(duration)
    total = split_call(rating, free).charge if free else rating.total
    assert total is not None
    return total


def _duration(
    match: RateMatch, budget: Budget, settings: Settings, free: int = 0
) -> tuple[int, Decimal]:
    """The granted seconds and the credit they reserve; refuses when nothing is affordable.
    ``free`` seconds of allowance cost nothing: a call inside them is granted at a zero
    budget; a negative budget still grants nothing (``max_duration_with_allowance``)."""
    cap = settings.call_max_seconds
    if match.status == RatingStatus.PENDING_PRICE:
        if budget.amount <= 0:
            raise Refused(budget.reason, budget.explain())
        return cap, Decimal(0)
    duration = max_duration_with_allowance(match, Money(budget.amount, match.currency), free, cap)
    if duration == 0:
        raise Refused(budget.reason, budget.explain())
    return duration, _cost(match, duration, free)
