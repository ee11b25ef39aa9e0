"""Billing periods and proration, in local calendar dates. Pure: no clock, no I/O.

A period is a half-open range of local dates ``[start, end)``: a calendar month, quarter
(January, April, July, October) or year in the client's timezone. Its UTC bounds are the local
midnights that start ``start`` and ``end`` (``app.billing.periods.start_of_day``), so a call
lands in exactly one period of its client, whatever the DST changes in between.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction
from typing import Final, Literal

from app.billing.periods import start_of_day, zone

Cycle = Literal["monthly", "quarterly", "yearly"]
CYCLES: Final = ("monthly", "quarterly", "yearly")
_MONTHS: Final = {"monthly": 1, "quarterly": 3, "yearly": 12}


@dataclass(frozen=True, slots=True)
class Period:
    start: datetime.date
    end: datetime.date
    """Exclusive: the first day of the next period."""

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def last_day(self) -> datetime.date:
        return self.end - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.start.isoformat()} to {self.last_day.isoformat()}"

    def utc_bounds(self, timezone: str) -> tuple[datetime.datetime, datetime.datetime]:
        tz = zone(timezone)
        return start_of_day(self.start, tz), start_of_day(self.end, tz)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def period_containing(day: datetime.date, cycle: Cycle) -> Period:
    """The calendar period of ``cycle`` that contains local ``day``."""
    months = _MONTHS[cycle]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return Period(start, _add_months(start, months))


def last_closed_period(as_of: datetime.datetime, timezone: str, cycle: Cycle) -> Period:
    """The latest period of ``cycle`` that ended at or before the instant ``as_of``, in the
    client's ``timezone`` (at local midnight on the 1st, the period just ended is closed)."""
    local_day = as_of.astimezone(zone(timezone)).date()
    current = period_containing(local_day, cycle)
    return period_containing(current.start - datetime.timedelta(days=1), cycle)


def period_of_month(month: str, cycle: Cycle) -> Period:
    """The period of ``cycle`` containing the month ``YYYY-MM``."""
    year, number = (int(part) for part in month.split("-"))
    return period_containing(datetime.date(year, number, 1), cycle)


def cycle_periods_ending_in(period: Period, cycle: Cycle) -> list[Period]:
    """The periods of a service's ``cycle`` whose last day falls in the client's ``period``.

    Calendar periods nest (month ⊂ quarter ⊂ year), so a monthly service on a quarterly client
    yields the three months; a yearly service on a monthly client yields the year only in the
    client's December period, and nothing in the other months."""
    found = []
    cursor = period_containing(period.start, cycle)
    while cursor.start < period.end:
        if period.start <= cursor.last_day < period.end:
            found.append(cursor)
        cursor = period_containing(cursor.end, cycle)
    return found


def active_days(period: Period, starts_on: datetime.date, ends_on: datetime.date | None) -> int:
    """Days of ``period`` a subscription running ``starts_on``..``ends_on`` (both inclusive;
    ``None``: open-ended) covers."""
    first = max(period.start, starts_on)
    stop = period.end if ends_on is None else min(period.end, ends_on + datetime.timedelta(1))
    return max((stop - first).days, 0)


def prorated_fraction(days: int, period_days: int) -> Fraction:
    """The share of a period's price owed for ``days`` of it: exact, rounded only later."""
    return Fraction(days, period_days)
