"""Allowance periods are the client's local calendar: month ends, weeks from Monday, and days
that are 23 or 25 hours long when the clocks change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.bundles import period_bounds

NEW_YORK = ZoneInfo("America/New_York")
KOLKATA = ZoneInfo("Asia/Kolkata")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")


@pytest.mark.parametrize(
    ("at", "zone", "period", "start", "end"),
    [
        # 1 Feb 03:00 UTC is still 31 Jan 22:00 in New York: January's period.
        (
            datetime(2026, 2, 1, 3, tzinfo=UTC),
            NEW_YORK,
            "monthly",
            datetime(2026, 1, 1, 5, tzinfo=UTC),
            datetime(2026, 2, 1, 5, tzinfo=UTC),
        ),
        # 31 Jan 19:00 UTC is 1 Feb 00:30 in Kolkata (+05:30): February's period.
        (
            datetime(2026, 1, 31, 19, tzinfo=UTC),
            KOLKATA,
            "monthly",
            datetime(2026, 1, 31, 18, 30, tzinfo=UTC),
            datetime(2026, 2, 28, 18, 30, tzinfo=UTC),
        ),
        # March in New York: EST at the start, EDT at the end (8 March 2026).
        (
            datetime(2026, 3, 20, tzinfo=UTC),
            NEW_YORK,
            "monthly",
            datetime(2026, 3, 1, 5, tzinfo=UTC),
            datetime(2026, 4, 1, 4, tzinfo=UTC),
        ),
        # The day the clocks go forward in New York is 23 hours long.
        (
            datetime(2026, 3, 8, 12, tzinfo=UTC),
            NEW_YORK,
            "daily",
            datetime(2026, 3, 8, 5, tzinfo=UTC),
            datetime(2026, 3, 9, 4, tzinfo=UTC),
        ),
        # Lord Howe moves by half an hour (+11 to +10:30 on 5 April 2026).
        (
            datetime(2026, 4, 5, 12, tzinfo=UTC),
            LORD_HOWE,
            "daily",
            datetime(2026, 4, 4, 13, tzinfo=UTC),
            datetime(2026, 4, 5, 13, 30, tzinfo=UTC),
        ),
        # Weeks run Monday to Monday, local time (Sunday 1 March 2026 23:00 in New York).
        (
            datetime(2026, 3, 2, 4, tzinfo=UTC),
            NEW_YORK,
            "weekly",
            datetime(2026, 2, 23, 5, tzinfo=UTC),
            datetime(2026, 3, 2, 5, tzinfo=UTC),
        ),
        # December's period ends on 1 January of the next year.
        (
            datetime(2026, 12, 31, 23, tzinfo=UTC),
            ZoneInfo("UTC"),
            "monthly",
            datetime(2026, 12, 1, tzinfo=UTC),
            datetime(2027, 1, 1, tzinfo=UTC),
        ),
    ],
)
def test_period_bounds_are_local_calendar_boundaries(
    at: datetime, zone: ZoneInfo, period: str, start: datetime, end: datetime
) -> None:
    assert period_bounds(at, zone, period) == (start, end)  # type: ignore[arg-type]


@pytest.mark.parametrize("zone", [NEW_YORK, KOLKATA, LORD_HOWE, ZoneInfo("UTC")])
@pytest.mark.parametrize("period", ["daily", "weekly", "monthly"])
def test_every_instant_of_a_year_lands_in_exactly_one_period(zone: ZoneInfo, period: str) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    previous = None
    while at < datetime(2027, 1, 2, tzinfo=UTC):
        start, end = period_bounds(at, zone, period)  # type: ignore[arg-type]
        assert start <= at < end
        if previous is not None and previous != (start, end):
            assert start == previous[1]  # consecutive periods touch: no gap, no overlap
        previous = (start, end)
        at += timedelta(minutes=29)


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        period_bounds(datetime(2026, 1, 1), NEW_YORK, "monthly")
