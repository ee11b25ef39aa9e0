"""One batch of an autobill run: compose, store and issue the invoices of a few hundred
clients in one transaction (docs/invoicing.md).

Per client: its last closed period (or the period a run names) in its own timezone and billing
cycle; its usage totals per call type (one SQL aggregate per batch and period); its
subscriptions; tax; then one consolidated or several itemized invoices. A client with an
invoice for that period already is skipped — the unique ``(owner, period_start, group_key)``
constraint backs this, so running twice never invoices twice. A dry run composes the same
invoices and reports them without writing anything.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.billing import BillingAccount
from app.db.models.invoice import (
    BillingRun,
    Invoice,
    InvoiceLine,
    InvoicingProfile,
    RecurringService,
)
from app.db.models.invoice import ServiceSubscription as Subscription
from app.db.models.user import User
from app.invoicing.compose import DraftInvoice, Subscribed, compose
from app.invoicing.invoices import add_invoices, add_issued_invoices, new_invoice
from app.invoicing.periods import Cycle, Period, last_closed_period, period_of_month
from app.invoicing.usage import UsageTotal, usage_totals
from app.lib.errors import TollgateError

PREVIEW_LIMIT = 500


@dataclass(frozen=True, slots=True)
class TenantTerms:
    usage_tax_rate: Decimal = Decimal(0)
    due_days: int = 14
    issue: bool = True


@dataclass(frozen=True, slots=True)
class ClientTerms:
    id: uuid.UUID
    reseller_id: uuid.UUID | None
    timezone: str
    currency: str
    account_kind: str
    mode: str
    cycle: Cycle
    tax_rate: Decimal | None
    due_days: int | None


@dataclass
class Tally:
    """The run's report, accumulated batch by batch."""

    processed: int = 0
    invoiced: int = 0
    already_invoiced: int = 0
    nothing_to_bill: int = 0
    failed: int = 0
    cdrs: int = 0
    invoices: int = 0
    totals: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    preview: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, draft: DraftInvoice) -> None:
        money = self.totals.setdefault(
            draft.currency, dict.fromkeys(("subtotal", "tax", "total"), Decimal(0))
        )
        money["subtotal"] += draft.subtotal
        money["tax"] += draft.tax_total
        money["total"] += draft.total
        self.invoices += 1

    def report(self) -> dict[str, Any]:
        totals = {c: {k: f"{v:f}" for k, v in t.items()} for c, t in self.totals.items()}
        return {
            "clients_processed": self.processed,
            "clients_invoiced": self.invoiced,
            "clients_already_invoiced": self.already_invoiced,
            "clients_without_charges": self.nothing_to_bill,
            "clients_failed": self.failed,
            "cdrs": self.cdrs,
            "invoices": self.invoices,
            "totals": totals,
            "preview": self.preview,
        }

    @classmethod
    def resume(cls, run: BillingRun) -> Tally:
        report = run.report or {}
        tally = cls(
            processed=report.get("clients_processed", 0),
            invoiced=report.get("clients_invoiced", 0),
            already_invoiced=report.get("clients_already_invoiced", 0),
            nothing_to_bill=report.get("clients_without_charges", 0),
            failed=report.get("clients_failed", 0),
            cdrs=report.get("cdrs", 0),
            invoices=report.get("invoices", 0),
            preview=list(report.get("preview", [])),
            errors=list(run.errors or []),
        )
        for currency, money in report.get("totals", {}).items():
            tally.totals[currency] = {k: Decimal(v) for k, v in money.items()}
        return tally


async def tenant_terms(session: AsyncSession, reseller_id: uuid.UUID | None) -> TenantTerms:
    """The tenant's invoicing defaults, without creating its profile (dry runs write nothing)."""
    condition = (
        InvoicingProfile.reseller_id.is_(None)
        if reseller_id is None
        else InvoicingProfile.reseller_id == reseller_id
    )
    profile = (
        await session.execute(select(InvoicingProfile).where(condition))
    ).scalar_one_or_none()
    if profile is None:
        return TenantTerms()
    return TenantTerms(profile.usage_tax_rate, profile.due_days, profile.autobill_issue)


async def load_clients(session: AsyncSession, ids: list[uuid.UUID]) -> list[ClientTerms]:
    rows = await session.execute(
        select(User, BillingAccount)
        .outerjoin(BillingAccount, BillingAccount.owner_id == User.id)
        .where(User.id.in_(ids))
        .order_by(User.id)
    )
    clients = []
    for user, account in rows.all():
        clients.append(
            ClientTerms(
                id=user.id,
                reseller_id=user.parent_id,
                timezone=user.timezone,
                currency=account.currency if account else user.currency,
                account_kind=account.kind if account else "prepaid",
                mode=account.invoice_mode if account else "consolidated",
                cycle=account.billing_cycle if account else "monthly",  # type: ignore[arg-type]
                tax_rate=account.tax_rate if account else None,
                due_days=account.invoice_due_days if account else None,
            )
        )
    return clients


def client_period(run: BillingRun, client: ClientTerms) -> Period:
    """The period the run bills for ``client``; a 422-style error if it has not closed."""
    if run.period is None:
        return last_closed_period(run.as_of, client.timezone, client.cycle)
    period = period_of_month(run.period, client.cycle)
    if period.utc_bounds(client.timezone)[1] > run.as_of:
        raise TollgateError(f"the period {period.label} has not closed yet")
    return period


async def _subscriptions(
    session: AsyncSession, ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[Subscribed]]:
    rows = await session.execute(
        select(Subscription, RecurringService)
        .join(RecurringService, RecurringService.id == Subscription.service_id)
        .where(Subscription.owner_id.in_(ids))
        .order_by(Subscription.starts_on, Subscription.id)
    )
    found: dict[uuid.UUID, list[Subscribed]] = {}
    for sub, service in rows.all():
        found.setdefault(sub.owner_id, []).append(
            Subscribed(
                subscription_id=sub.id,
                name=service.name,
                cycle=service.cycle,  # type: ignore[arg-type]
                currency=service.currency,
                unit_price=service.price if sub.unit_price is None else sub.unit_price,
                quantity=sub.quantity,
                tax_rate=service.tax_rate,
                starts_on=sub.starts_on,
                ends_on=sub.ends_on,
            )
        )
    return found


async def _invoiced(
    session: AsyncSession, ids: list[uuid.UUID]
) -> set[tuple[uuid.UUID, datetime.datetime]]:
    rows = await session.execute(
        select(Invoice.owner_id, Invoice.period_start).where(
            Invoice.owner_id.in_(ids), Invoice.kind == "invoice"
        )
    )
    return {(owner, start) for owner, start in rows.all() if start is not None}


async def _usage(
    session: AsyncSession, periods: dict[uuid.UUID, tuple[datetime.datetime, datetime.datetime]]
) -> dict[uuid.UUID, list[UsageTotal]]:
    by_bounds: dict[tuple[datetime.datetime, datetime.datetime], list[uuid.UUID]] = {}
    for client_id, bounds in periods.items():
        by_bounds.setdefault(bounds, []).append(client_id)
    usage: dict[uuid.UUID, list[UsageTotal]] = {}
    for (start, end), ids in by_bounds.items():
        usage.update(await usage_totals(session, ids, start, end))
    return usage


def _preview(client: ClientTerms, period: Period, drafts: list[DraftInvoice]) -> dict[str, Any]:
    return {
        "client_id": str(client.id),
        "period": period.label,
        "invoices": [
            {
                "group_key": d.group_key,
                "currency": d.currency,
                "subtotal": f"{d.subtotal:f}",
                "tax": f"{d.tax_total:f}",
                "total": f"{d.total:f}",
                "lines": [
                    {
                        "description": line.description,
                        "amount": f"{line.amount:f}",
                        "tax": f"{line.tax:f}",
                    }
                    for line in d.lines
                ],
            }
            for d in drafts
        ],
    }


@dataclass
class Batch:
    run: BillingRun
    clients: list[ClientTerms]
    now: datetime.datetime
    tenants: dict[uuid.UUID | None, TenantTerms]
    tally: Tally


async def bill_batch(session: AsyncSession, batch: Batch) -> None:
    """Bill the batch's clients in ``session``'s transaction (the caller commits)."""
    ids = [c.id for c in batch.clients]
    periods: dict[uuid.UUID, Period] = {}
    bounds: dict[uuid.UUID, tuple[datetime.datetime, datetime.datetime]] = {}
    for client in batch.clients:
        try:
            periods[client.id] = client_period(batch.run, client)
        except TollgateError as exc:
            _failed(batch.tally, client, exc)
            continue
        bounds[client.id] = periods[client.id].utc_bounds(client.timezone)
    usage = await _usage(session, bounds)
    subscriptions = await _subscriptions(session, ids)
    invoiced = await _invoiced(session, ids)
    ready = []
    for client in batch.clients:
        if client.id in periods:
            composed = _bill_client(
                batch, client, periods[client.id], bounds[client.id],
                usage.get(client.id, []), subscriptions.get(client.id, []),
                (client.id, bounds[client.id][0]) in invoiced,
            )  # fmt: skip
            if composed is not None:
                ready.append(composed)
    await _store_all(session, batch, ready)


def _failed(tally: Tally, client: ClientTerms, exc: TollgateError) -> None:
    tally.processed += 1
    tally.failed += 1
    tally.errors.append({"client_id": str(client.id), "message": exc.detail})


@dataclass(frozen=True, slots=True)
class Composed:
    """A client's invoices of the period, composed and waiting to be stored."""

    client: ClientTerms
    period: Period
    bounds: tuple[datetime.datetime, datetime.datetime]
    drafts: list[DraftInvoice]
    tenant: TenantTerms
    calls: int


def _bill_client(
    batch: Batch,
    client: ClientTerms,
    period: Period,
    bounds: tuple[datetime.datetime, datetime.datetime],
    usage: list[UsageTotal],
    subscriptions: list[Subscribed],
    already: bool,
) -> Composed | None:
    """Compose the client's invoices: those to store are returned, the rest is tallied."""
    tally, tenant = batch.tally, batch.tenants[client.reseller_id]
    tally.processed += 1
    if already:
        tally.already_invoiced += 1
        return None
    tax_rate = tenant.usage_tax_rate if client.tax_rate is None else client.tax_rate
    try:
        drafts = compose(
            period=period,
            currency=client.currency,
            mode=client.mode,
            usage=usage,
            usage_tax_rate=tax_rate,
            subscriptions=subscriptions,
        )
    except TollgateError as exc:
        tally.failed += 1
        tally.errors.append({"client_id": str(client.id), "message": exc.detail})
        return None
    if not drafts:
        tally.nothing_to_bill += 1
        return None
    composed = Composed(client, period, bounds, drafts, tenant, sum(u.calls for u in usage))
    if not batch.run.dry_run:
        return composed
    if len(tally.preview) < PREVIEW_LIMIT:
        tally.preview.append(_preview(client, period, drafts))
    _invoiced_tally(tally, composed)
    return None


def _invoiced_tally(tally: Tally, composed: Composed) -> None:
    tally.invoiced += 1
    tally.cdrs += composed.calls
    for draft in composed.drafts:
        tally.add(draft)


async def _store_all(session: AsyncSession, batch: Batch, ready: list[Composed]) -> None:
    """Store (and issue) every composed client's invoices with a few statements, in one
    savepoint. Should another run have stored some client's first (the unique constraint),
    the savepoint is undone and the clients are stored one by one, each in its own."""
    if not ready:
        return
    try:
        async with session.begin_nested():
            await _add(session, batch, ready)
    except IntegrityError:
        for composed in ready:
            try:
                async with session.begin_nested():
                    await _add(session, batch, [composed])
            except IntegrityError:
                batch.tally.already_invoiced += 1
                continue
            _invoiced_tally(batch.tally, composed)
        return
    for composed in ready:
        _invoiced_tally(batch.tally, composed)


async def _add(session: AsyncSession, batch: Batch, ready: list[Composed]) -> None:
    to_issue: list[tuple[Invoice, list[InvoiceLine], int]] = []
    drafts_only: list[tuple[Invoice, list[InvoiceLine]]] = []
    for composed in ready:
        client, tenant = composed.client, composed.tenant
        due_days = tenant.due_days if client.due_days is None else client.due_days
        for draft in composed.drafts:
            invoice, lines = new_invoice(
                draft,
                client_id=client.id,
                reseller_id=client.reseller_id,
                account_kind=client.account_kind,
                timezone=client.timezone,
                period=composed.bounds,
                period_label=composed.period.label,
                billing_run_id=batch.run.id,
            )
            if tenant.issue:
                to_issue.append((invoice, lines, due_days))
            else:
                drafts_only.append((invoice, lines))
    if to_issue:
        await add_issued_invoices(session, to_issue, batch.now)
    if drafts_only:
        await add_invoices(session, drafts_only)
