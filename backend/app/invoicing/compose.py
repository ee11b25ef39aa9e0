"""What a client's period invoices: usage lines per call type, prorated service lines, tax,
grouped into one consolidated invoice or itemized ones. Pure: no clock, no I/O.

Proration (docs/invoicing.md): a service is billed in arrears for each of its own cycle
periods (calendar month, quarter or year in the client's timezone) that ends within the
client's billing period. For a cycle period of ``N`` days of which the subscription covered
``d`` (its start and end dates inclusive), the line is ``price * quantity * d / N``, computed
exactly and rounded once to the currency's minor unit, half up.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from app.invoicing.classify import CALL_TYPES, TITLES
from app.invoicing.money import line_tax, round_money
from app.invoicing.periods import Cycle, Period, active_days, cycle_periods_ending_in
from app.invoicing.usage import UsageTotal
from app.lib.errors import InvalidInputError

_MINUTE_PLACES = Decimal("0.000001")
_UNITS = {"monthly": "month", "quarterly": "quarter", "yearly": "year"}


@dataclass(frozen=True, slots=True)
class Subscribed:
    """A subscription as the composer needs it (the service's terms folded in)."""

    subscription_id: uuid.UUID
    name: str
    cycle: Cycle
    currency: str
    unit_price: Decimal
    quantity: int
    tax_rate: Decimal
    starts_on: datetime.date
    ends_on: datetime.date | None


@dataclass(slots=True)
class DraftLine:
    kind: str
    description: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    tax_rate: Decimal
    amount: Decimal
    tax: Decimal
    call_type: str | None = None
    days: int | None = None
    period_days: int | None = None
    calls: int | None = None
    billable_seconds: int | None = None
    subscription_id: uuid.UUID | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class DraftInvoice:
    group_key: str
    currency: str
    lines: list[DraftLine]

    @property
    def subtotal(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def tax_total(self) -> Decimal:
        return sum((line.tax for line in self.lines), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax_total

    @property
    def usage_total(self) -> Decimal:
        return sum((line.amount for line in self.lines if line.kind == "usage"), Decimal(0))


class CurrencyMismatchError(InvalidInputError):
    """A record or service priced in another currency than the client's account."""


def usage_lines(totals: list[UsageTotal], currency: str, tax_rate: Decimal) -> list[DraftLine]:
    """Per call type, in the fixed order International, National, Special, Inbound: each
    allowance group's "included minutes used" line (at 0) and overflow line, then one line for
    the type's other calls. Every record's cost is on exactly one line."""
    plain: dict[str, UsageTotal] = {}
    groups: dict[str, list[UsageTotal]] = {}
    for total in totals:
        if total.currency != currency:
            raise CurrencyMismatchError(
                f"{total.calls} {total.call_type} calls are priced in {total.currency or '?'}, "
                f"the account in {currency}"
            )
        if total.group_id is None:
            plain[total.call_type] = total
        else:
            groups.setdefault(total.call_type, []).append(total)
    lines = []
    for call_type in CALL_TYPES:
        for total in sorted(groups.get(call_type, []), key=lambda t: (t.group or "", t.group_id)):
            lines += _allowance_lines(total, currency, tax_rate)
        if call_type in plain:
            total = plain[call_type]
            line = _usage_line(total, currency, tax_rate, total.cost, total.billable_seconds)
            line.description = f"{TITLES[call_type]} ({total.calls})"
            line.calls = total.calls
            lines.append(line)
    return lines


def _minutes(seconds: int) -> Decimal:
    return (Decimal(seconds) / 60).quantize(_MINUTE_PLACES)


def _usage_line(
    total: UsageTotal, currency: str, tax_rate: Decimal, cost: Decimal, seconds: int
) -> DraftLine:
    amount = round_money(cost, currency)
    return DraftLine(
        kind="usage",
        description="",
        quantity=_minutes(seconds),
        unit="min",
        unit_price=None,
        tax_rate=tax_rate,
        amount=amount,
        tax=line_tax(amount, tax_rate, currency),
        call_type=total.call_type,
        billable_seconds=seconds,
        detail={"cost_exact": f"{cost:f}"},
    )


def _allowance_lines(total: UsageTotal, currency: str, tax_rate: Decimal) -> list[DraftLine]:
    """An allowance group's included minutes used (billed seconds it covered, at 0) and, when
    calls went beyond it, the overflow minutes with their cost (docs/invoicing.md)."""
    about = {"allowance_group": total.group, "group_id": total.group_id}
    included = _usage_line(total, currency, tax_rate, Decimal(0), total.covered_seconds)
    included.description = f"{total.group}: included minutes used ({total.covered_calls})"
    included.calls = total.covered_calls
    included.detail.update(about, included=True)
    lines = [included]
    if total.overflow_seconds or total.cost:
        over = _usage_line(total, currency, tax_rate, total.cost, total.overflow_seconds)
        over.description = f"{total.group}: beyond included minutes ({total.overflow_calls})"
        over.calls = total.overflow_calls
        over.detail.update(about, included=False)
        lines.append(over)
    return lines


def service_lines(item: Subscribed, period: Period, currency: str) -> list[DraftLine]:
    """The charges of one subscription for the client's ``period`` (arrears, prorated)."""
    if item.currency != currency:
        raise CurrencyMismatchError(
            f"service {item.name!r} is priced in {item.currency}, the account in {currency}"
        )
    lines = []
    for cycle_period in cycle_periods_ending_in(period, item.cycle):
        days = active_days(cycle_period, item.starts_on, item.ends_on)
        if days == 0:
            continue
        full = item.unit_price * item.quantity
        prorated = days < cycle_period.days
        exact = Fraction(full) * Fraction(days, cycle_period.days)
        amount = round_money(exact, currency)
        note = f", {days}/{cycle_period.days} days" if prorated else ""
        lines.append(
            DraftLine(
                kind="service",
                description=f"{item.name} ({cycle_period.label}{note})",
                quantity=Decimal(item.quantity),
                unit=_UNITS[item.cycle],
                unit_price=item.unit_price,
                tax_rate=item.tax_rate,
                amount=amount,
                tax=line_tax(amount, item.tax_rate, currency),
                days=days if prorated else None,
                period_days=cycle_period.days if prorated else None,
                subscription_id=item.subscription_id,
            )
        )
    return lines


def compose(
    *,
    period: Period,
    currency: str,
    mode: str,
    usage: list[UsageTotal],
    usage_tax_rate: Decimal,
    subscriptions: list[Subscribed],
) -> list[DraftInvoice]:
    """The invoices of one client's period: nothing when there is nothing to bill; else one
    consolidated invoice, or (``itemized``) one for usage and one per subscription."""
    calls = usage_lines(usage, currency, usage_tax_rate)
    per_service = [(s, service_lines(s, period, currency)) for s in subscriptions]
    per_service = [(s, lines) for s, lines in per_service if lines]
    if mode == "itemized":
        drafts = [DraftInvoice("usage", currency, calls)] if calls else []
        drafts += [
            DraftInvoice(f"subscription:{s.subscription_id}", currency, lines)
            for s, lines in per_service
        ]
        return drafts
    lines = calls + [line for _, service in per_service for line in service]
    return [DraftInvoice("all", currency, lines)] if lines else []
