"""Allowances (bundles, call plans with included minutes): the pure maths, no I/O, no clock.

UCRM's overflow rule: a call draws its plan's allowance for the call's destination group
first; if the allowance runs out mid-call, the remainder is charged at the rate.

How billing increments and minimums apply (the rule every caller relies on):

* The call is first billed on its own grid exactly as the engine bills it: ``billed =
  initial_block`` or more by whole increments (``CallRating.billed_seconds``). The initial block
  (minimum) is applied once, to the whole call — never again to the overflow part.
* The allowance is drawn from those billed seconds: ``covered = min(remaining, billed)``,
  ``overflow = billed - covered``. So ``covered + overflow == billed`` always, and a per-minute
  billed call against a whole-minute allowance always splits on a minute boundary.
* The overflow is charged per second at the rate, with the call's markups, rounded once half
  up (``app.rating.part_micro``) — no second rounding up to the increment, which would charge
  seconds nobody called. A call that draws any allowance pays no connect fee (the allowance
  is its price of admission); a call that draws nothing costs exactly the engine's total.
* Only metered, priced calls from a tariff source (custom rate, plan deck, default deck) draw:
  offers (already free), flat per-call rates, special-number rules, inbound calls, and calls
  without a price (unrated, blocked, late-billed) leave the allowance untouched.
* The period a call draws from is the one containing its answer time in the client's
  timezone; a call crossing a period boundary draws wholly from the period it started in.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final, Literal
from zoneinfo import ZoneInfo

from app.rating import CallRating, RateMatch, RateSource, RatingStatus, is_metered, part_micro
from app.rating.cost import micro_to_decimal

Period = Literal["daily", "weekly", "monthly"]
PERIODS: Final = ("daily", "weekly", "monthly")
DRAWING_SOURCES: Final = frozenset({RateSource.CUSTOM, RateSource.PLAN, RateSource.DEFAULT})


@dataclass(frozen=True, slots=True)
class Allowance:
    """``seconds`` of calls to ``group`` per ``period``, included in a plan."""

    allowance_id: uuid.UUID
    group_id: uuid.UUID
    group_name: str
    seconds: int
    period: Period
    prefixes: tuple[str, ...]


class AllowanceSet:
    """A plan's allowances, matched by the longest group prefix of a normalized number."""

    __slots__ = ("_by_prefix", "_lengths", "allowances")

    def __init__(self, allowances: Iterable[Allowance]) -> None:
        self.allowances = tuple(allowances)
        self._by_prefix: dict[str, Allowance] = {}
        for allowance in self.allowances:
            for prefix in allowance.prefixes:
                self._by_prefix.setdefault(prefix, allowance)
        self._lengths = sorted({len(p) for p in self._by_prefix}, reverse=True)

    def __bool__(self) -> bool:
        return bool(self._by_prefix)

    def for_number(self, number: str) -> Allowance | None:
        """The allowance whose group holds the longest prefix of ``number`` (E.164 digits)."""
        by_prefix = self._by_prefix
        for length in self._lengths:
            found = by_prefix.get(number[:length]) if len(number) >= length else None
            if found is not None:
                return found
        return None


def period_bounds(
    at: datetime.datetime, tz: ZoneInfo, period: Period
) -> tuple[datetime.datetime, datetime.datetime]:
    """The ``[start, end)`` (UTC) of the ``period`` containing ``at`` in local time ``tz``:
    local midnight to midnight, Monday to Monday, 1st to 1st. DST moves the UTC instants (a
    local day is 23 or 25 hours long when the clocks change)."""
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    day = at.astimezone(tz).date()
    if period == "daily":
        first, following = day, day + datetime.timedelta(days=1)
    elif period == "weekly":
        first = day - datetime.timedelta(days=day.weekday())
        following = first + datetime.timedelta(days=7)
    elif period == "monthly":
        first = day.replace(day=1)
        following = (first + datetime.timedelta(days=32)).replace(day=1)
    else:
        raise ValueError(f"unknown period {period!r}")
    return _local_midnight(first, tz), _local_midnight(following, tz)


def _local_midnight(day: datetime.date, tz: ZoneInfo) -> datetime.datetime:
    """The first instant of local ``day`` in UTC (fold=0: the first of a doubled midnight; a
    non-existent midnight resolves to the instant the day begins)."""
    local = datetime.datetime(day.year, day.month, day.day, tzinfo=tz)
    return local.astimezone(datetime.UTC)


@dataclass(frozen=True, slots=True)
class Split:
    """A call's billed seconds split between an allowance and money.

    Invariants: ``covered_seconds + overflow_seconds == billed_seconds``; ``covered_seconds <=``
    the remaining allowance it was given; ``charge_micro`` is None exactly when the call has no
    price; with ``covered_seconds == 0`` it equals the engine's ``total_micro``.
    """

    billed_seconds: int
    covered_seconds: int
    overflow_seconds: int
    charge_micro: int | None
    full_micro: int | None

    @property
    def charge(self) -> Decimal | None:
        """What the client pays for the call (the overflow's cost), 6 places."""
        return None if self.charge_micro is None else micro_to_decimal(self.charge_micro)

    @property
    def full_cost(self) -> Decimal | None:
        """What the call would have cost without the allowance."""
        return None if self.full_micro is None else micro_to_decimal(self.full_micro)


def match_draws_allowance(match: RateMatch) -> bool:
    """True when a call with this rate can draw a time allowance (see the module docstring)."""
    return (
        match.status is RatingStatus.RATED and match.source in DRAWING_SOURCES and is_metered(match)
    )


def draws_allowance(rating: CallRating) -> bool:
    """True when the priced call draws a time allowance: it can, and it billed some time."""
    return rating.billed_seconds > 0 and match_draws_allowance(rating)


def split_call(rating: CallRating, remaining_seconds: int) -> Split:
    """Split a rated call against ``remaining_seconds`` of allowance (UCRM's overflow rule).

    ``remaining_seconds`` below 0 count as 0 (an allowance never goes negative).
    """
    billed, full = rating.billed_seconds, rating.total_micro
    remaining = max(0, remaining_seconds)
    if not remaining or not draws_allowance(rating):
        return Split(billed, 0, billed, full, full)
    covered = min(remaining, billed)
    overflow = billed - covered
    return Split(billed, covered, overflow, part_micro(rating, overflow, connect_fee=False), full)


Counter = tuple[uuid.UUID, datetime.datetime]
"""(allowance id, period start in UTC): one usage counter of a client."""


@dataclass(frozen=True, slots=True)
class Target:
    """The counter a call draws from: its allowance and period ``[start, end)``."""

    allowance: Allowance
    start: datetime.datetime
    end: datetime.datetime

    @property
    def counter(self) -> Counter:
        return (self.allowance.allowance_id, self.start)


@dataclass(frozen=True, slots=True)
class Draw:
    """One call's split and the counter it drew from (None: it could not draw)."""

    target: Target | None
    split: Split


def targets(
    allowances: AllowanceSet, tz: ZoneInfo, calls: Sequence[tuple[CallRating, datetime.datetime]]
) -> list[Target | None]:
    """For each (rating, answer time): the counter it would draw from, or None."""
    found: list[Target | None] = []
    for rating, at in calls:
        allowance = None
        if allowances and draws_allowance(rating):
            allowance = allowances.for_number(rating.number)
        if allowance is None:
            found.append(None)
        else:
            found.append(Target(allowance, *period_bounds(at, tz, allowance.period)))
    return found


def draw_calls(
    calls: Sequence[tuple[CallRating, datetime.datetime]],
    where: Sequence[Target | None],
    used: dict[Counter, int],
) -> list[Draw]:
    """Split the calls against their counters in time order (ties: input order), adding what
    each covers to ``used`` (missing counters start at 0). Results are in input order.

    Invariants: no counter's ``used`` rises above its allowance's seconds (a counter already
    above it, after the allowance was reduced, stays where it is); every call's ``covered +
    overflow == billed``.
    """
    draws: list[Draw | None] = [None] * len(calls)
    for position in sorted(range(len(calls)), key=lambda i: calls[i][1]):
        rating, target = calls[position][0], where[position]
        if target is None:
            draws[position] = Draw(None, split_call(rating, 0))
            continue
        counter = target.counter
        already = used.get(counter, 0)
        split = split_call(rating, target.allowance.seconds - already)
        used[counter] = already + split.covered_seconds
        draws[position] = Draw(target, split)
    return [d for d in draws if d is not None]
