"""Time-of-day / day-of-week bands (peak, off-peak, weekend) evaluated in local time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, tzinfo

from .errors import InvalidCallError, InvalidRateError

MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
WEEKDAYS = frozenset({MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY})
WEEKEND = frozenset({SATURDAY, SUNDAY})
ALL_DAYS = WEEKDAYS | WEEKEND


@dataclass(frozen=True, slots=True)
class TimeBand:
    """A weekly window in the client's local time in which a rate applies.

    Invariants: ``days`` holds ``datetime.weekday()`` numbers (0 = Monday); the band covers
    local times ``start <= t < end`` on those days. When ``end <= start`` the band wraps past
    midnight (``t >= start or t < end``); ``start == end`` covers the whole day. The weekday
    tested is the weekday of the call's start in local time, even for the part after midnight.
    """

    days: frozenset[int]
    start: time
    end: time
    name: str = ""
    _start_s: int = field(init=False, repr=False, compare=False)
    _end_s: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.days or not self.days <= ALL_DAYS:
            raise InvalidRateError(f"band days must be a non-empty subset of 0..6: {self.days}")
        for bound in (self.start, self.end):
            if not isinstance(bound, time) or bound.tzinfo is not None:
                raise InvalidRateError(f"band bounds must be naive local times, got {bound!r}")
        object.__setattr__(self, "_start_s", _seconds_of_day(self.start))
        object.__setattr__(self, "_end_s", _seconds_of_day(self.end))

    def contains(self, local: datetime) -> bool:
        """True if the local wall-clock time ``local`` falls inside this band."""
        if local.weekday() not in self.days:
            return False
        second = local.hour * 3600 + local.minute * 60 + local.second
        start, end = self._start_s, self._end_s
        if start < end:
            return start <= second < end
        if start > end:
            return second >= start or second < end
        return True


def _seconds_of_day(value: time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def local_time(at: datetime, zone: tzinfo) -> datetime:
    """``at`` (timezone-aware) as wall-clock time in ``zone``; DST is handled by ``zone``."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidCallError(f"call time must be timezone-aware, got naive {at.isoformat()}")
    return at.astimezone(zone)
