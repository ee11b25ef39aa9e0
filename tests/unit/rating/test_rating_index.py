"""The prefix index: longest match, time resolution, and rejection of bad deck lines."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from decimal import Decimal

import pytest

from app.rating import (
    WEEKDAYS,
    DuplicateRateError,
    InvalidRateError,
    Rate,
    RateDeck,
    TimeBand,
    build_index,
)

AT = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)  # a Monday


def rate(prefix: str, rate_id: str | None = None, **fields: object) -> Rate:
    return Rate(rate_id or f"r{prefix}", prefix, f"dest {prefix}", Decimal("0.01"), **fields)  # type: ignore[arg-type]


def matched(prefixes: list[str], number: str) -> str | None:
    index = build_index(RateDeck("d", 1, "USD", [rate(p) for p in prefixes]))
    found = index.match(number, AT, UTC)
    return None if found is None else str(found.rate_id)[1:]


@pytest.mark.parametrize(
    ("prefixes", "number", "expected"),
    [
        (["9", "90", "905"], "905551234567", "905"),
        (["9", "90", "905"], "902121234567", "90"),
        (["9", "90", "905"], "912345", "9"),
        (["9", "90", "905"], "812345", None),
        (["1", "1212", "1212555"], "12125551234", "1212555"),
        (["1", "1212", "1212555"], "12125561234", "1212"),
        (["44", "4420794600"], "4420794600", "4420794600"),
        (["4420", "442079", "44207946"], "442079460000", "44207946"),
        (["4420", "442079", "44207946"], "442079450000", "442079"),
        (["44", "44207", "4420794", "442079460"], "4420794", "4420794"),
        (["44", "44207946001"], "4420794600", "44"),
        (["0", "00", "001"], "0012", "001"),
        (["0", "00", "001"], "0099", "00"),
        (["0", "00", "001"], "0", "0"),
        (["0000005"], "00005", None),
        (["0", "0000005"], "00005", "0"),
        (["4", "44", "447"], "44", "44"),
        (["4", "44", "447"], "4", "4"),
        (["123456789012345"], "1234567890123456", "123456789012345"),
        ([], "44", None),
    ],
)
def test_longest_matching_prefix_wins(
    prefixes: list[str], number: str, expected: str | None
) -> None:
    assert matched(prefixes, number) == expected


def test_empty_number_matches_nothing() -> None:
    assert matched(["1"], "") is None


def test_prefix_whose_versions_are_all_inactive_falls_back_to_shorter_prefix() -> None:
    ended = rate("447", effective_until=AT - timedelta(days=1))
    future = rate("447", "future", effective_from=AT + timedelta(days=1))
    index = build_index(RateDeck("d", 1, "GBP", [rate("44"), ended, future]))

    found = index.match("447700900123", AT, UTC)

    assert found is not None and found.rate_id == "r44"


def test_most_recent_effective_version_wins_when_windows_overlap() -> None:
    old = rate("44", "old", effective_from=AT - timedelta(days=30))
    new = rate("44", "new", effective_from=AT - timedelta(days=1))
    index = build_index(RateDeck("d", 1, "GBP", [new, old]))

    assert index.match("4420", AT, UTC).rate_id == "new"  # type: ignore[union-attr]
    assert index.match("4420", AT - timedelta(days=2), UTC).rate_id == "old"  # type: ignore[union-attr]


def test_banded_rate_wins_inside_its_band_and_unbanded_outside() -> None:
    peak = TimeBand(WEEKDAYS, time(8), time(18), "peak")
    index = build_index(
        RateDeck("d", 1, "GBP", [rate("44", "base"), rate("44", "peak", band=peak)])
    )

    assert index.match("4420", AT, UTC).rate_id == "peak"  # type: ignore[union-attr]
    assert index.match("4420", AT.replace(hour=19), UTC).rate_id == "base"  # type: ignore[union-attr]


def test_band_wrapping_midnight_covers_both_sides() -> None:
    night = TimeBand(WEEKDAYS, time(22), time(6), "night")
    monday = datetime(2025, 3, 3, tzinfo=UTC)

    assert night.contains(monday.replace(hour=23))
    assert night.contains(monday.replace(hour=5, minute=59))
    assert not night.contains(monday.replace(hour=6))
    assert not night.contains(monday.replace(hour=12))


def test_band_with_equal_bounds_covers_whole_days() -> None:
    weekend = TimeBand(frozenset({5, 6}), time(0), time(0), "weekend")

    assert weekend.contains(datetime(2025, 3, 8, 13, tzinfo=UTC))
    assert not weekend.contains(datetime(2025, 3, 7, 13, tzinfo=UTC))


def test_band_is_read_in_the_given_zone() -> None:
    peak = TimeBand(WEEKDAYS, time(8), time(18), "peak")
    index = build_index(RateDeck("d", 1, "USD", [rate("1", "base"), rate("1", "peak", band=peak)]))
    new_york = timezone(timedelta(hours=-5))

    # 12:00 UTC is 07:00 in New York: before the local peak starts.
    assert index.match("1212", AT, new_york).rate_id == "base"  # type: ignore[union-attr]
    assert index.match("1212", AT, UTC).rate_id == "peak"  # type: ignore[union-attr]


def test_same_prefix_window_and_band_twice_is_rejected() -> None:
    deck = RateDeck("d", 1, "USD", [rate("44", "a"), rate("44", "b")])

    with pytest.raises(DuplicateRateError, match="'44'"):
        build_index(deck)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (Rate("x", "44a", "d", Decimal("0.1")), "prefix"),
        (Rate("x", "", "d", Decimal("0.1")), "prefix"),
        (Rate("x", "+44", "d", Decimal("0.1")), "prefix"),
        (Rate("x", "44", "d", Decimal("-0.1")), "rate per minute"),
        (Rate("x", "44", "d", Decimal("0.1234567891")), "rate per minute"),
        (Rate("x", "44", "d", Decimal("NaN")), "rate per minute"),
        (Rate("x", "44", "d", 0.1), "rate per minute"),  # type: ignore[arg-type]
        (Rate("x", "44", "d", Decimal("0.1"), Decimal("-1")), "connect fee"),
        (Rate("x", "44", "d", Decimal("0.1"), flat_price=Decimal("-1")), "flat price"),
        (Rate("x", "44", "d", Decimal("0.1"), initial_block=-1), "initial block"),
        (Rate("x", "44", "d", Decimal("0.1"), increment=0), "increment"),
        (Rate("x", "44", "d", Decimal("0.1"), increment=1.5), "integers"),  # type: ignore[arg-type]
        (Rate("x", "44", "d", Decimal("0.1"), allowed="no"), "booleans"),  # type: ignore[arg-type]
        (Rate("x", "44", "d", Decimal("0.1"), effective_from=datetime(2025, 1, 1)), "aware"),
        (Rate("x", "44", "d", Decimal("0.1"), effective_from=AT, effective_until=AT), "empty"),
    ],
)
def test_bad_deck_line_is_rejected_with_its_line_number(bad: Rate, message: str) -> None:
    deck = RateDeck("d7", 1, "USD", [rate("1"), bad])

    with pytest.raises(InvalidRateError, match=message) as raised:
        build_index(deck)
    assert "deck d7 line 2" in str(raised.value)


@pytest.mark.parametrize("currency", ["usd", "US", "EURO", "", "12A"])
def test_deck_currency_must_be_an_iso_code(currency: str) -> None:
    with pytest.raises(InvalidRateError, match="currency"):
        build_index(RateDeck("d", 1, currency, [rate("1")]))


@pytest.mark.parametrize(
    ("days", "start"),
    [(frozenset(), time(8)), (frozenset({7}), time(8)), (WEEKDAYS, time(8, tzinfo=UTC))],
)
def test_time_band_rejects_impossible_definitions(days: frozenset[int], start: time) -> None:
    with pytest.raises(InvalidRateError):
        TimeBand(days, start, time(18))


def test_index_reports_its_size_and_lengths() -> None:
    index = build_index(RateDeck("d", 1, "USD", [rate(p) for p in ["1", "44", "447", "4479"]]))

    assert index.size == 4
    assert index.prefix_lengths() == (4, 3, 2, 1)
