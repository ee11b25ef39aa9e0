"""Suppression/exclusion patterns and when a pull source is due."""

from __future__ import annotations

import datetime
import uuid

from app.cdrs.rules import EXCLUDE, SUPPRESS, NumberRules, Patterns
from app.cdrs.sources.pulls import _due
from app.db.models.cdr_source import CdrSource

CLIENT = uuid.uuid4()
NOW = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)


def _patterns(*items: str) -> Patterns:
    patterns = Patterns()
    for item in items:
        patterns.add(item)
    return patterns


def test_a_pattern_is_an_exact_number_or_a_prefix_and_ignores_a_leading_plus() -> None:
    patterns = _patterns("+442071234567", "0800*")
    assert patterns.matches("442071234567") and patterns.matches("+442071234567")
    assert not patterns.matches("4420712345678")
    assert patterns.matches("08001112222") and not patterns.matches("0845")
    assert not patterns.matches(None) and not patterns.matches("")


def test_suppression_wins_and_client_rules_apply_only_to_their_client() -> None:
    rules = NumberRules(
        source={EXCLUDE: _patterns("0800*")},
        clients={CLIENT: {SUPPRESS: _patterns("08001*")}},
    )
    assert rules.decide("1001", "08001234567", CLIENT) == SUPPRESS
    assert rules.decide("1001", "08001234567", uuid.uuid4()) == EXCLUDE
    assert rules.decide("08009", "1234", None) == EXCLUDE  # the caller matches too
    assert rules.decide("1001", "02071234567", CLIENT) is None
    assert not NumberRules()


def _source(status: str | None, ran_minutes_ago: int | None) -> CdrSource:
    ran = None if ran_minutes_ago is None else NOW - datetime.timedelta(minutes=ran_minutes_ago)
    return CdrSource(pull_interval_seconds=300, last_status=status, last_run_at=ran)


def test_a_pull_source_is_due_after_its_interval_and_a_stuck_pull_after_an_hour() -> None:
    assert _due(_source(None, None), NOW)
    assert not _due(_source("ok", 4), NOW) and _due(_source("ok", 5), NOW)
    assert not _due(_source("running", 30), NOW) and _due(_source("running", 61), NOW)
