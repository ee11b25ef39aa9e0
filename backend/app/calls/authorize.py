"""Authorize: decide at call start whether a call may go out, for how long, over which trunks.

Checks run in the documented order (docs/call-control.md): account and SIP user status, source
address, restricted prefixes and blocked destination groups, caller ID, rate, price caps, route
(with the loss guard), concurrency, spend cap, credit. A grant **reserves** the credit its
maximum duration could cost, under a row lock on the billing account, so concurrent calls of
one account can never spend more than it has.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from fractions import Fraction

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import account_for
from app.calls import live
from app.calls.cache import CallerCache, Platform, Profile
from app.calls.guards import blocked_by, caller_allowed, ip_allowed
from app.calls.limits import Budget, LimitReached, budget_for, check_concurrency
from app.calls.pricing import Caller
from app.calls.schemas import AuthorizeRequest, AuthorizeResponse, Refusal
from app.calls.trunks import REFERENCE_SECONDS, dial_plan
from app.db.models.call import Call, CallStatus
from app.db.models.user import UserStatus
from app.lib.errors import ConflictError
from app.lib.settings import Settings
from app.rating import InvalidNumberError, Money, RateMatch, RatingStatus, max_duration


class Refused(Exception):
    """Raised inside authorize to answer with a refusal code."""

    def __init__(self, code: Refusal, detail: str) -> None:
        super().__init__(detail)
        self.code: Refusal = code
        self.detail = detail


async def authorize(
    session: AsyncSession,
    redis: Redis,
    settings: Settings,
    request: AuthorizeRequest,
    now: datetime.datetime,
    cache: CallerCache | None = None,
) -> AuthorizeResponse:
    """Grant or refuse ``request``; a repeated call id gets the grant it already has.
    ``cache`` (the process's, from the app state) spares re-reading configuration."""
    previous = await _previous_grant(session, request.call_id)
    if previous is not None:
        return previous
    cache = cache or CallerCache(0)
    profile = await cache.profile(session, request.sip_user, request.account_code)
    try:
        return await _grant(session, redis, settings, cache, profile, request, now)
    except (Refused, LimitReached) as refusal:
        return AuthorizeResponse(request.call_id, refusal.code, refusal.detail)


async def _previous_grant(session: AsyncSession, call_id: str) -> AuthorizeResponse | None:
    call = (await session.execute(select(Call).where(Call.call_id == call_id))).scalar_one_or_none()
    if call is None:
        return None
    if call.status != CallStatus.AUTHORIZED:
        raise ConflictError(f"Call {call_id} is already {call.status}")
    return AuthorizeResponse(
        call_id,
        "ok",
        "already authorized",
        max_duration=call.max_duration,
        trunks=[live.trunk_choice(t) for t in call.trunks],
        rate_id=call.rate_id,
        normalized_number=call.normalized_number,
    )


async def _grant(
    session: AsyncSession,
    redis: Redis,
    settings: Settings,
    cache: CallerCache,
    profile: Profile,
    request: AuthorizeRequest,
    now: datetime.datetime,
) -> AuthorizeResponse:
    caller, pricing = profile.caller, profile.pricing
    _screen_caller(caller, request)
    if pricing is None:
        raise Refused("no_rate", "The client has no plan")
    try:
        match = pricing.context.match(request.dialled_number, now)
    except InvalidNumberError as exc:
        raise Refused("no_rate", f"Not a dialable number: {exc}") from exc
    platform = await cache.platform(session)
    _screen_number(profile, platform, match.number)
    account = await account_for(session, caller.client.id, lock=True)
    per_minute = _check_rate(match, account.max_price_per_minute)
    dial = dial_plan(
        platform.carriers,
        caller.sip_user,
        pricing.context,
        match.number,
        now,
        per_minute,
        settings.loss_guard_margin_percent,
    )
    if not dial.trunks:
        why = " (the loss guard removed every trunk)" if dial.dropped_for_loss else ""
        raise Refused("no_route", f"No trunk routes {match.number}{why}")
    await check_concurrency(session, caller, account, now)
    budget = await budget_for(session, caller, account, now)
    duration, reserve = _duration(match, budget, settings)
    call = Call(
        call_id=request.call_id,
        account_id=budget.account.id,
        sip_user_id=caller.sip_user.id,
        owner_id=caller.client.id,
        reseller_id=caller.sip_user.reseller_id,
        caller_number=request.caller_number,
        dialled_number=request.dialled_number,
        normalized_number=match.number,
        channel=request.channel,
        source_ip=request.source_ip,
        authorized_at=now,
        expires_at=now + datetime.timedelta(seconds=duration + settings.call_grace_seconds),
        max_duration=duration,
        reserved=reserve,
        rate_id=None if match.rate_id is None else str(match.rate_id),
        pricing={"versions": pricing.versions},
        trunks=[live.trunk_record(t) for t in dial.trunks],
    )
    session.add(call)
    budget.account.reserved += reserve
    await session.flush()
    await live.announce(redis, settings, call, caller, match.destination)
    return AuthorizeResponse(
        request.call_id,
        "ok",
        f"{match.destination or match.number}: up to {duration} s",
        max_duration=duration,
        trunks=dial.trunks,
        rate_id=call.rate_id,
        normalized_number=match.number,
    )


def _screen_caller(caller: Caller, request: AuthorizeRequest) -> None:
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


def _check_rate(match: RateMatch, cap: Decimal | None) -> Fraction | None:
    """The sell price of a reference minute (None for a pending price); refusals for the rest."""
    if match.status == RatingStatus.UNRATED:
        raise Refused("no_rate", f"No rate covers {match.number}")
    if match.status == RatingStatus.BLOCKED:
        raise Refused("blocked", f"Calls to {match.matched_prefix} are not allowed")
    if match.status == RatingStatus.PENDING_PRICE:
        return None
    minute = match.price(REFERENCE_SECONDS)
    breakdown = minute.breakdown
    assert breakdown is not None and minute.total is not None
    if cap is not None and minute.total > cap:
        raise Refused("price_cap", f"{minute.total} per minute exceeds the cap of {cap}")
    return breakdown.total_exact


def _duration(match: RateMatch, budget: Budget, settings: Settings) -> tuple[int, Decimal]:
    """The granted seconds and the credit they reserve; refuses when nothing is affordable."""
    cap = settings.call_max_seconds
    if match.status == RatingStatus.PENDING_PRICE:
        if budget.amount <= 0:
            raise Refused(budget.reason, budget.explain())
        return cap, Decimal(0)
    duration = max_duration(match, Money(budget.amount, match.currency), cap)
    if duration == 0:
        raise Refused(budget.reason, budget.explain())
    total = match.price(duration).total
    assert total is not None
    return duration, total
