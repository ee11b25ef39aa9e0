"""What a caller may still spend and run: concurrency, the monthly spend cap, the credit.

Runs under the billing account's row lock (taken by authorize), so the counts and sums it
reads cannot change under it until the new call's reservation is written.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import available
from app.calls.pricing import Caller
from app.db.models.billing import BillingAccount, EntryKind, LedgerEntry
from app.db.models.call import Call, CallStatus

Reason = Literal["no_credit", "limit_reached", "price_cap"]


class LimitReached(Exception):
    def __init__(self, code: Literal["concurrency", "limit_reached"], detail: str) -> None:
        super().__init__(detail)
        self.code: Literal["concurrency", "limit_reached"] = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Budget:
    """The most a new call may cost, and which limit sets it."""

    account: BillingAccount
    amount: Decimal
    reason: Reason

    def explain(self) -> str:
        return {
            "no_credit": f"Not enough credit ({self.amount} {self.account.currency} available)",
            "limit_reached": "The monthly spend cap is reached",
            "price_cap": "Even the shortest call costs more than the maximum price per call",
        }[self.reason]


async def _active_calls(
    session: AsyncSession, whose: ColumnElement[bool], now: datetime.datetime
) -> int:
    query = select(func.count()).where(
        whose, Call.status == CallStatus.AUTHORIZED, Call.expires_at > now
    )
    return int((await session.execute(query)).scalar_one())


async def check_concurrency(
    session: AsyncSession, caller: Caller, account: BillingAccount, now: datetime.datetime
) -> None:
    device = caller.sip_user
    if device.max_concurrent_calls is not None and (
        await _active_calls(session, Call.sip_user_id == device.id, now)
        >= device.max_concurrent_calls
    ):
        raise LimitReached(
            "concurrency", f"SIP user {device.username} has {device.max_concurrent_calls} calls up"
        )
    limit = account.max_concurrent_calls
    if (
        limit is not None
        and await _active_calls(session, Call.account_id == account.id, now) >= limit
    ):
        raise LimitReached("concurrency", f"The account has {limit} calls up")


def month_start(now: datetime.datetime, timezone: str) -> datetime.datetime:
    """The first instant of ``now``'s month in ``timezone``, in UTC."""
    local = now.astimezone(zoneinfo.ZoneInfo(timezone))
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(datetime.UTC)


async def spent_this_month(
    session: AsyncSession, account: BillingAccount, timezone: str, now: datetime.datetime
) -> Decimal:
    query = select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(
        LedgerEntry.account_id == account.id,
        LedgerEntry.kind.in_((EntryKind.CALL_CHARGE, EntryKind.USAGE_CHARGE)),
        LedgerEntry.created_at >= month_start(now, timezone),
    )
    return -Decimal((await session.execute(query)).scalar_one())


async def budget_for(
    session: AsyncSession, caller: Caller, account: BillingAccount, now: datetime.datetime
) -> Budget:
    """The credit a new call may reserve: available credit, bounded by the spend cap's room
    and the maximum price per call."""
    budget = Budget(account, available(account), "no_credit")
    cap = account.monthly_spend_cap
    if cap is not None:
        spent = await spent_this_month(session, account, caller.client.timezone, now)
        room = cap - spent - account.reserved
        if room <= budget.amount:
            budget = Budget(account, room, "limit_reached")
        if room <= 0:
            raise LimitReached("limit_reached", f"The monthly spend cap of {cap} is reached")
    per_call = account.max_price_per_call
    if per_call is not None and per_call < budget.amount:
        budget = Budget(account, per_call, "price_cap")
    return budget
