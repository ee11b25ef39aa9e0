"""What a caller may still spend and run: concurrency, the monthly spend cap, the credit.

The checks themselves run in PostgreSQL under the billing account's row lock
(``tollgate_call_authorize``, migration 0014), so the counts and sums they read cannot change
until the new call's reservation is written. This module turns their answers into refusals.
"""

from __future__ import annotations

import datetime
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Reason = Literal["no_credit", "limit_reached", "price_cap"]


class LimitReached(Exception):
    def __init__(self, code: Literal["concurrency", "limit_reached"], detail: str) -> None:
        super().__init__(detail)
        self.code: Literal["concurrency", "limit_reached"] = code
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Budget:
    """The most a new call may cost, and which limit sets it: the available credit
    (``balance - reserved + credit_limit``), bounded by the spend cap's room
    (``cap - spent this month - reserved``) and by the maximum price per call."""

    amount: Decimal
    reason: Reason
    currency: str

    def explain(self) -> str:
        return {
            "no_credit": f"Not enough credit ({self.amount} {self.currency} available)",
            "limit_reached": "The monthly spend cap is reached",
            "price_cap": "Even the shortest call costs more than the maximum price per call",
        }[self.reason]


def month_start(now: datetime.datetime, timezone: str) -> datetime.datetime:
    """The first instant of ``now``'s month in ``timezone``, in UTC."""
    local = now.astimezone(zoneinfo.ZoneInfo(timezone))
    first = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return first.astimezone(datetime.UTC)


def sip_user_busy(username: str, limit: int) -> LimitReached:
    return LimitReached("concurrency", f"SIP user {username} has {limit} calls up")


def account_busy(limit: Decimal | int) -> LimitReached:
    return LimitReached("concurrency", f"The account has {int(limit)} calls up")


def spend_cap_reached(cap: Decimal) -> LimitReached:
    return LimitReached("limit_reached", f"The monthly spend cap of {cap} is reached")
