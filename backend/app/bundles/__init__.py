"""Bundles: allowances (included minutes per destination group and period), their drawdown
for finalize, authorize and the CDR import, and offer usage. See docs/bundles.md."""

from app.bundles.allowances import (
    Allowance,
    AllowanceSet,
    Split,
    draws_allowance,
    match_draws_allowance,
    period_bounds,
    split_call,
)
from app.bundles.coverage import Coverage, call_section, coverage_of
from app.bundles.draw import (
    ClientAllowances,
    apply_allowances,
    apply_allowances_bulk,
    free_seconds_for_call,
    load_client_allowances,
    remaining_allowance_seconds,
    update_cdr_coverage,
)

__all__ = [
    "Allowance",
    "AllowanceSet",
    "ClientAllowances",
    "Coverage",
    "Split",
    "apply_allowances",
    "apply_allowances_bulk",
    "call_section",
    "coverage_of",
    "draws_allowance",
    "free_seconds_for_call",
    "load_client_allowances",
    "match_draws_allowance",
    "period_bounds",
    "remaining_allowance_seconds",
    "split_call",
    "update_cdr_coverage",
]
