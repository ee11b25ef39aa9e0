"""Calendar boundaries of periodic credit, computed in the client's timezone, stored in UTC.

Pure functions: no clock, no I/O. Boundaries are local midnights, so they move with daylight
saving time: a "daily" period is 23 or 25 hours long on the days the clocks change.
"""

from __future__ import annotations

import datetime
from typing import Final, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Period = Literal["daily", "weekly", "monthly"]
PERIODS: Final = ("daily", "weekly", "monthly")


def zone(name: str) -> ZoneInfo:
    """The IANA zone ``name``; UTC for a name this system does not know (never a crash in the
    worker over one account's bad setting — accounts' own validation refuses such names)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _next_boundary_day(day: datetime.date, period: Period) -> datetime.date:
    """The first day after ``day`` on which a period starts."""
    if period == "daily":
        return day + datetime.timedelta(days=1)
    if period == "weekly":
        return day + datetime.timedelta(days=7 - day.weekday())  # the next Monday
    if day.month == 12:
        return datetime.date(day.year + 1, 1, 1)
    return datetime.date(day.year, day.month + 1, 1)


def start_of_day(day: datetime.date, tz: ZoneInfo) -> datetime.datetime:
    """The first instant of local ``day``, in UTC. Where midnight does not exist (a clock jump
    at 00:00) that is the instant the day begins; where it happens twice, the first."""
    return datetime.datetime(day.year, day.month, day.day, tzinfo=tz).astimezone(datetime.UTC)


def next_reset(after: datetime.datetime, timezone: str, period: Period) -> datetime.datetime:
    """The first period start strictly after ``after`` (an aware datetime): the next local
    midnight (daily), Monday midnight (weekly) or 1st-of-month midnight (monthly) in
    ``timezone``, as a UTC datetime."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    tz = zone(timezone)
    day = after.astimezone(tz).date()
    for _ in range(3):  # one step suffices except around a doubled midnight
        day = _next_boundary_day(day, period)
        boundary = start_of_day(day, tz)
        if boundary > after:
            return boundary
    raise AssertionError("no period boundary after three steps")  # pragma: no cover
