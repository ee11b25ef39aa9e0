"""Period boundaries of periodic credit: local midnights in the client's timezone, in UTC,
across daylight-saving changes (worked out by hand from each zone's published transitions)."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.billing.periodic import top_up_amount
from app.billing.periods import next_reset


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("after", "timezone", "period", "expected"),
    [
        # London, clocks forward 2026-03-29 01:00 UTC: that day has 23 hours.
        ("2026-03-28T12:00", "Europe/London", "daily", "2026-03-29T00:00"),
        ("2026-03-29T00:00", "Europe/London", "daily", "2026-03-29T23:00"),
        ("2026-03-29T22:59:59", "Europe/London", "daily", "2026-03-29T23:00"),
        # London, clocks back 2026-10-25 01:00 UTC: that day has 25 hours.
        ("2026-10-24T23:00", "Europe/London", "daily", "2026-10-26T00:00"),
        ("2026-10-24T22:59", "Europe/London", "daily", "2026-10-24T23:00"),
        # New York, clocks forward 2026-03-08 07:00 UTC (02:00 EST).
        ("2026-03-08T05:00", "America/New_York", "daily", "2026-03-09T04:00"),
        ("2026-03-07T12:00", "America/New_York", "daily", "2026-03-08T05:00"),
        # New York, clocks back 2026-11-01 06:00 UTC (02:00 EDT).
        ("2026-11-01T04:00", "America/New_York", "daily", "2026-11-02T05:00"),
        # Weekly: the next Monday 00:00 local; from a Monday, the Monday after.
        ("2026-03-25T10:00", "Europe/London", "weekly", "2026-03-29T23:00"),  # Mon 30 Mar BST
        ("2026-03-30T00:30", "Europe/London", "weekly", "2026-04-05T23:00"),
        ("2026-11-01T12:00", "America/New_York", "weekly", "2026-11-02T05:00"),
        # Monthly: the 1st 00:00 local; December rolls into January.
        ("2026-03-15T00:00", "Europe/London", "monthly", "2026-03-31T23:00"),  # 1 Apr BST
        ("2026-12-31T23:30", "Europe/London", "monthly", "2027-01-01T00:00"),
        ("2026-10-15T00:00", "America/New_York", "monthly", "2026-11-01T04:00"),
        # A zone ahead of UTC: local midnight is the previous UTC day.
        ("2026-06-01T12:00", "Asia/Tokyo", "daily", "2026-06-01T15:00"),
        # Chile moves its clocks at midnight (2026-09-06 00:00 -> 01:00): the day starts at
        # the jump, 04:00 UTC.
        ("2026-09-05T12:00", "America/Santiago", "daily", "2026-09-06T04:00"),
        ("2026-06-01T12:00", "UTC", "daily", "2026-06-02T00:00"),
        ("2026-06-01T12:00", "No/Such_Zone", "daily", "2026-06-02T00:00"),  # falls back to UTC
    ],
)
def test_next_reset_is_the_next_local_period_start(
    after: str, timezone: str, period: str, expected: str
) -> None:
    assert next_reset(utc(after), timezone, period) == utc(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize("timezone", ["Europe/London", "America/New_York", "Australia/Lord_Howe"])
def test_a_year_of_daily_resets_is_one_per_local_day_at_local_midnight(timezone: str) -> None:
    zone = ZoneInfo(timezone)
    boundaries = [next_reset(utc("2025-12-31T12:00"), timezone, "daily")]
    while boundaries[-1] < utc("2026-12-31T00:00"):
        boundaries.append(next_reset(boundaries[-1], timezone, "daily"))
    days = [b.astimezone(zone) for b in boundaries]
    assert all(d.time() == time(0, 0) for d in days)
    assert [d.date() for d in days] == [
        days[0].date() + timedelta(days=n) for n in range(len(days))
    ]
    gaps = {b - a for a, b in itertools.pairwise(boundaries)}
    assert min(gaps) >= timedelta(hours=23) and max(gaps) <= timedelta(hours=25)
    assert len(gaps) == 3  # 24 h, and one shorter and one longer day (DST)


def test_next_reset_refuses_a_naive_time() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_reset(datetime(2026, 1, 1), "UTC", "daily")


@pytest.mark.parametrize(
    ("balance", "target", "top_up"),
    [
        ("12.5", "50", "37.5"),
        ("50", "50", "0"),
        ("70", "50", "0"),
        ("-3.000001", "50", "53.000001"),
    ],
)
def test_periodic_credit_tops_up_to_the_amount_and_never_takes(
    balance: str, target: str, top_up: str
) -> None:
    assert top_up_amount(Decimal(balance), Decimal(target)) == Decimal(top_up)
