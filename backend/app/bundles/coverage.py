"""What covered a call, as stored in ``cdr.coverage``, and the invoice section it belongs to.

``cdr.coverage`` (JSONB) is one of (keys always present for that kind):

* ``{"kind": "allowance", "allowance_id", "group_id", "group", "period", "period_start",
  "covered_seconds", "overflow_seconds", "full_cost", "overflow_cost", "section"}`` — a call
  that could draw the allowance, also when it was already spent (``covered_seconds`` 0);
* ``{"kind": "offer", "offer_id", "covered_seconds", "section"}`` — billed at 0 (CellHub
  "Offer CDR"; "Offer Use" sums these);
* ``{"kind": "special", "rule_id", "pattern", "label", "section": "special"}`` — priced by a
  special-number rule before the tariff;
* ``{"kind": "none", "section"}`` for any other priced call; ``{}`` for a call with no price.

``section`` groups a call on an invoice: ``special``, ``inbound``, ``international`` or
``national`` (ictVoIP's call types).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from app.bundles.allowances import Allowance, Split, Target, split_call
from app.rating import CallRating, RateSource, RatingStatus


@dataclass(frozen=True, slots=True)
class Coverage:
    """The outcome of drawing allowances for one call.

    ``cost`` is what to store in ``cdr.cost`` and charge (None when the call has no price);
    ``covered_seconds + overflow_seconds`` is the call's billed seconds; ``coverage`` is the
    JSON for ``cdr.coverage``.
    """

    covered_seconds: int
    overflow_seconds: int
    overflow_cost: Decimal | None
    currency: str
    coverage: dict[str, Any] = field(default_factory=dict)

    @property
    def cost(self) -> Decimal | None:
        return self.overflow_cost


def call_section(rating: CallRating, country_code: str) -> str:
    """The invoice section of a call: special, inbound, international or national."""
    if rating.source is RateSource.SPECIAL:
        return "special"
    if rating.source is RateSource.INBOUND:
        return "inbound"
    return "national" if rating.number.startswith(country_code) else "international"


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def coverage_of(
    rating: CallRating,
    split: Split,
    country_code: str,
    allowance: Allowance | None = None,
    period_start: datetime.datetime | None = None,
) -> Coverage:
    """The ``Coverage`` of a call given how it was split against ``allowance`` (if any)."""
    currency = rating.currency
    if rating.status is not RatingStatus.RATED:
        return Coverage(0, split.billed_seconds, None, currency, {})
    section = call_section(rating, country_code)
    data: dict[str, Any]
    if rating.source is RateSource.OFFER:
        data = {"kind": "offer", "offer_id": str(rating.rate_id)}
        data["covered_seconds"] = rating.duration
    elif rating.source is RateSource.SPECIAL:
        data = {"kind": "special", "rule_id": str(rating.rate_id)}
        data["pattern"] = rating.matched_prefix + "*" if rating.matched_prefix else ""
        data["label"] = rating.destination
    elif allowance is not None and period_start is not None:
        # Also when the allowance is spent (covered 0): the invoice shows the call as the
        # group's overflow, not as an ordinary call.
        data = {
            "kind": "allowance",
            "allowance_id": str(allowance.allowance_id),
            "group_id": str(allowance.group_id),
            "group": allowance.group_name,
            "period": allowance.period,
            "period_start": period_start.isoformat(),
            "covered_seconds": split.covered_seconds,
            "overflow_seconds": split.overflow_seconds,
            "full_cost": _money(split.full_cost),
            "overflow_cost": _money(split.charge),
        }
    else:
        data = {"kind": "none"}
    data["section"] = section
    return Coverage(split.covered_seconds, split.overflow_seconds, split.charge, currency, data)


def cover_call(
    rating: CallRating, country_code: str, target: Target | None = None, used: int = 0
) -> tuple[Coverage, int]:
    """One call's ``Coverage`` when it draws from ``target``'s counter holding ``used``
    seconds (None: it draws nothing), and the counter's new used seconds. Pure: finalize
    locks and stores the counter itself. Same result as ``apply_allowances`` for one call."""
    if target is None:
        return coverage_of(rating, split_call(rating, 0), country_code), used
    split = split_call(rating, target.allowance.seconds - used)
    coverage = coverage_of(rating, split, country_code, target.allowance, target.start)
    return coverage, used + split.covered_seconds
