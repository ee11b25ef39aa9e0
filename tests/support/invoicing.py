"""Invoicing fixtures: clients with terms, services, subscriptions, rated CDRs, direct runs,
and the route walk's factories for invoices, services, subscriptions and billing runs."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.billing.ledger import account_for
from app.cdrs.partitions import ensure_partitions, month_of
from app.db.models.cdr import Cdr
from app.db.models.invoice import (
    BillingRun,
    Invoice,
    InvoiceLine,
    RecurringService,
    ServiceSubscription,
)
from app.db.models.user import User
from app.invoicing import runs
from app.invoicing.schemas import BillingRunWrite
from app.lib.access import ALL_SCOPES, Principal, Role
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from tests.support.identity import Account, _owned_row, resource_factory


def staff_principal(user_id: uuid.UUID | None = None) -> Principal:
    return Principal(user_id or uuid.uuid4(), Role.ADMIN, None, ALL_SCOPES)


async def make_billed_client(
    sessions: async_sessionmaker[AsyncSession],
    *,
    timezone: str = "UTC",
    currency: str = "EUR",
    kind: str = "prepaid",
    mode: str = "consolidated",
    cycle: str = "monthly",
    tax_rate: Decimal | None = None,
    mask_digits: bool = False,
    parent_id: uuid.UUID | None = None,
) -> uuid.UUID:
    async with sessions() as session:
        bind_system(session)
        user = User(
            email=f"inv-{uuid.uuid4().hex[:12]}@example.com",
            password_hash="not-a-hash",
            role=Role.CLIENT,
            name="Invoiced client",
            company="Acme Telecom Ltd",
            address="1 Main Street\nSpringfield",
            parent_id=parent_id,
            timezone=timezone,
            currency=currency,
        )
        session.add(user)
        await session.flush()
        account = await account_for(session, user.id, lock=True)
        account.kind = kind
        account.credit_limit = Decimal(1000) if kind == "postpaid" else Decimal(0)
        account.invoice_mode = mode
        account.billing_cycle = cycle
        account.tax_rate = tax_rate
        account.mask_digits = mask_digits
        await session.commit()
        return user.id


async def make_service(
    sessions: async_sessionmaker[AsyncSession],
    *,
    name: str = "DID rental",
    price: str = "31.00",
    currency: str = "EUR",
    cycle: str = "monthly",
    tax_rate: str = "20",
    owner_id: uuid.UUID | None = None,
) -> uuid.UUID:
    async with sessions() as session:
        bind_system(session)
        if owner_id is None:
            admin = User(
                email=f"admin-{uuid.uuid4().hex[:10]}@example.com",
                password_hash="x",
                role=Role.ADMIN,
                name="Admin",
            )
            session.add(admin)
            await session.flush()
            owner_id = admin.id
        service = RecurringService(
            name=name,
            price=Decimal(price),
            currency=currency,
            cycle=cycle,
            tax_rate=Decimal(tax_rate),
            owner_id=owner_id,
            reseller_id=None,
        )
        session.add(service)
        await session.commit()
        return service.id


async def subscribe(
    sessions: async_sessionmaker[AsyncSession],
    client_id: uuid.UUID,
    service_id: uuid.UUID,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    quantity: int = 1,
) -> uuid.UUID:
    async with sessions() as session:
        bind_system(session)
        client = await session.get(User, client_id)
        assert client is not None
        row = ServiceSubscription(
            service_id=service_id,
            quantity=quantity,
            starts_on=starts_on,
            ends_on=ends_on,
            owner_id=client_id,
            reseller_id=client.parent_id,
        )
        session.add(row)
        await session.commit()
        return row.id


async def add_call(
    sessions: async_sessionmaker[AsyncSession],
    client_id: uuid.UUID,
    started_at: datetime.datetime,
    number: str,
    cost: str,
    *,
    seconds: int = 60,
    direction: str = "outbound",
    currency: str = "EUR",
    masked: bool = False,
    **fields: Any,
) -> uuid.UUID:
    """One rated record of the client (its cost is already in the ledger in real life)."""
    async with sessions() as session:
        bind_system(session)
        await ensure_partitions(session, [month_of(started_at)])
        client = await session.get(User, client_id)
        assert client is not None
        cdr = Cdr(
            started_at=started_at,
            owner_id=client_id,
            reseller_id=client.parent_id,
            source="test",
            external_id=uuid.uuid4().hex,
            dialled_number=number,
            normalized_number=number.lstrip("+"),
            direction=direction,
            duration=seconds,
            billable_seconds=seconds,
            disposition="ANSWERED",
            rating_status="rated",
            cost=Decimal(cost),
            currency=currency,
            masked=masked,
            created_at=datetime.datetime.now(datetime.UTC),
            **fields,
        )
        session.add(cdr)
        await session.commit()
        return cdr.id


async def run_billing(
    sessions: async_sessionmaker[AsyncSession],
    *,
    client_ids: list[uuid.UUID],
    now: datetime.datetime,
    period: str | None = None,
    as_of: datetime.datetime | None = None,
    dry_run: bool = False,
) -> BillingRun:
    """Create a run as staff and execute it in-process; the finished run."""
    async with sessions() as session:
        bind_system(session)
        admin = User(
            email=f"admin-{uuid.uuid4().hex[:10]}@example.com",
            password_hash="x",
            role=Role.ADMIN,
            name="Admin",
        )
        session.add(admin)
        await session.flush()
        data = BillingRunWrite(period=period, as_of=as_of, dry_run=dry_run, client_ids=client_ids)
        run = await runs.create_run(session, staff_principal(admin.id), data, now)
        await session.commit()
        run_id = run.id
    await runs.execute_run(sessions, run_id)
    async with sessions() as session:
        bind_system(session)
        finished = await session.get(BillingRun, run_id)
        assert finished is not None
        return finished


async def invoices_of(
    sessions: async_sessionmaker[AsyncSession], client_id: uuid.UUID
) -> list[tuple[Invoice, list[InvoiceLine]]]:
    async with sessions() as session:
        bind_system(session)
        rows = await session.execute(
            select(Invoice).where(Invoice.owner_id == client_id).order_by(Invoice.created_at)
        )
        found = []
        for invoice in rows.scalars():
            lines = await session.execute(
                select(InvoiceLine)
                .where(InvoiceLine.invoice_id == invoice.id)
                .order_by(InvoiceLine.position)
            )
            found.append((invoice, list(lines.scalars())))
        return found


async def count_rows(sessions: async_sessionmaker[AsyncSession], model: Any) -> int:
    async with sessions() as session:
        bind_system(session)
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


# --- the route walk's factories (tests/integration/access/test_route_walk.py) --------------


@resource_factory("service")
async def _service_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    return await _owned_row(
        settings,
        owner,
        lambda **ids: RecurringService(
            name="Foreign service", price=Decimal(1), currency="USD", cycle="monthly", **ids
        ),
    )


async def _foreign_service(settings: Settings, owner: Account) -> uuid.UUID:
    return await _service_owned_by(settings, owner)


@resource_factory("subscription")
async def _subscription_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    service_id = await _foreign_service(settings, owner)
    return await _owned_row(
        settings,
        owner,
        lambda **ids: ServiceSubscription(
            service_id=service_id, quantity=1, starts_on=datetime.date(2026, 1, 1), **ids
        ),
    )


@resource_factory("invoice")
async def _invoice_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    return await _owned_row(
        settings,
        owner,
        lambda **ids: Invoice(
            kind="invoice",
            status="issued",
            number=f"WALK-{uuid.uuid4().hex[:10]}",
            group_key=f"walk:{uuid.uuid4()}",
            currency="USD",
            account_kind="postpaid",
            **ids,
        ),
    )


@resource_factory("billing_run")
async def _billing_run_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    return await _owned_row(
        settings,
        owner,
        lambda **ids: BillingRun(
            trigger="api", status="succeeded", as_of=datetime.datetime.now(datetime.UTC), **ids
        ),
    )
