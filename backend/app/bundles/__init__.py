"""Bundles: allowances (included minutes per destination group and period), their drawdown
for finalize, authorize and the CDR import, and offer usage. See docs/bundles.md."""

from app.bundles.allowances import (
    Allowance,
    AllowanceSet,
    Counter,
    Draw,
    Split,
    Target,
    draw_calls,
    draws_allowance,
    match_draws_allowance,
    period_bounds,
    split_call,
    targets,
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
    "Counter",
    "Coverage",
    "Draw",
    "Split",
    "Target",
    "apply_allowances",
    "apply_allowances_bulk",
    "call_section",
    "coverage_of",
    "draw_calls",
    "draws_allowance",
    "free_seconds_for_call",
    "load_client_allowances",
    "match_draws_allowance",
    "period_bounds",
    "remaining_allowance_seconds",
    "split_call",
    "targets",
    "update_cdr_coverage",
]
