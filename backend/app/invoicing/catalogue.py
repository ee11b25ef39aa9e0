"""Recurring services (the catalogue, CellHub "Services") and clients' subscriptions.

Everything runs on the caller's scoped session: a reseller sees and sells its own services to
its own clients; staff see all. A service's price and tax rate may change at any time — runs
bill with the terms current when they run; a subscription may carry its own ``unit_price``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import account_for
from app.billing.service import billing_client
from app.db.models.invoice import InvoiceLine, RecurringService, ServiceSubscription
from app.invoicing.schemas import (
    ServicePatch,
    ServiceRead,
    ServiceWrite,
    SubscriptionPatch,
    SubscriptionRead,
    SubscriptionWrite,
)
from app.lib.access import Principal
from app.lib.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from app.lib.scoping import unscoped


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])


def _rate(value: str, field: str) -> Decimal:
    rate = Decimal(value)
    if rate > 100:
        raise _invalid(field, "at most 100")
    return rate


def service_read(service: RecurringService) -> ServiceRead:
    return ServiceRead(
        id=service.id,
        name=service.name,
        description=service.description,
        price=service.price,
        currency=service.currency,
        cycle=service.cycle,
        tax_rate=service.tax_rate,
        active=service.active,
        owner_id=service.owner_id,
        created_at=service.created_at,
        updated_at=service.updated_at,
    )


async def create_service(
    session: AsyncSession, principal: Principal, data: ServiceWrite
) -> RecurringService:
    service = RecurringService(
        name=data.name,
        description=data.description,
        price=Decimal(data.price),
        currency=data.currency,
        cycle=data.cycle,
        tax_rate=_rate(data.tax_rate, "tax_rate"),
        active=data.active,
        owner_id=principal.user_id,
        reseller_id=principal.reseller_scope,
    )
    session.add(service)
    await session.flush()
    return service


async def get_service(session: AsyncSession, service_id: uuid.UUID) -> RecurringService:
    service = await session.get(RecurringService, service_id)
    if service is None:
        raise NotFoundError(f"No service {service_id}")
    return service


async def list_services(
    session: AsyncSession, *, limit: int, offset: int, active: bool | None
) -> tuple[list[RecurringService], int]:
    where: list[Any] = [] if active is None else [RecurringService.active.is_(active)]
    total = await session.execute(select(func.count()).select_from(RecurringService).where(*where))
    rows = await session.execute(
        select(RecurringService)
        .where(*where)
        .order_by(RecurringService.name, RecurringService.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.scalars()), int(total.scalar_one())


async def update_service(
    session: AsyncSession, service: RecurringService, patch: ServicePatch
) -> RecurringService:
    for name, value in msgspec.structs.asdict(patch).items():
        if value is msgspec.UNSET:
            continue
        if name == "price":
            value = Decimal(value)
        elif name == "tax_rate":
            value = _rate(value, "tax_rate")
        setattr(service, name, value)
    await session.flush()
    return service


async def delete_service(session: AsyncSession, service: RecurringService) -> None:
    """Only a service nobody subscribes to; otherwise deactivate it (``active: false``)."""
    with unscoped(session):  # another tenant's subscription blocks it too
        used = await session.execute(
            select(ServiceSubscription.id)
            .where(ServiceSubscription.service_id == service.id)
            .limit(1)
        )
        used_anywhere = used.first() is not None
    if used_anywhere:
        raise ConflictError("The service has subscriptions: deactivate it instead")
    await session.delete(service)
    await session.flush()


async def _service_names(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    # A client reads the names of the services it subscribes to, not the catalogue itself.
    with unscoped(session):
        rows = await session.execute(
            select(RecurringService.id, RecurringService.name).where(RecurringService.id.in_(ids))
        )
    return {row[0]: row[1] for row in rows.all()}


async def subscription_reads(
    session: AsyncSession, subscriptions: list[ServiceSubscription]
) -> list[SubscriptionRead]:
    names = await _service_names(session, {s.service_id for s in subscriptions})
    return [
        SubscriptionRead(
            id=s.id,
            client_id=s.owner_id,
            service_id=s.service_id,
            service_name=names.get(s.service_id, ""),
            quantity=s.quantity,
            unit_price=s.unit_price,
            starts_on=s.starts_on,
            ends_on=s.ends_on,
            note=s.note,
            created_at=s.created_at,
        )
        for s in subscriptions
    ]


async def subscribe(session: AsyncSession, data: SubscriptionWrite) -> ServiceSubscription:
    """Subscribe a client within reach to a service within reach, in the account's currency."""
    client = await billing_client(session, data.client_id)
    service = await get_service(session, data.service_id)
    if not service.active:
        raise _invalid("service_id", "the service is not active")
    account = await account_for(session, client.id)
    if service.currency != account.currency:
        raise _invalid(
            "service_id", f"priced in {service.currency}; the client pays in {account.currency}"
        )
    if data.ends_on is not None and data.ends_on < data.starts_on:
        raise _invalid("ends_on", "must not be before starts_on")
    subscription = ServiceSubscription(
        service_id=service.id,
        quantity=data.quantity,
        unit_price=None if data.unit_price is None else Decimal(data.unit_price),
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        note=data.note,
        owner_id=client.id,
        reseller_id=client.parent_id,
    )
    session.add(subscription)
    await session.flush()
    return subscription


async def get_subscription(
    session: AsyncSession, subscription_id: uuid.UUID
) -> ServiceSubscription:
    subscription = await session.get(ServiceSubscription, subscription_id)
    if subscription is None:
        raise NotFoundError(f"No subscription {subscription_id}")
    return subscription


async def list_subscriptions(
    session: AsyncSession, *, client_id: uuid.UUID | None, limit: int, offset: int
) -> tuple[list[ServiceSubscription], int]:
    where: list[Any] = []
    if client_id is not None:
        where.append(ServiceSubscription.owner_id == client_id)
    total = await session.execute(
        select(func.count()).select_from(ServiceSubscription).where(*where)
    )
    rows = await session.execute(
        select(ServiceSubscription)
        .where(*where)
        .order_by(ServiceSubscription.starts_on, ServiceSubscription.id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows.scalars()), int(total.scalar_one())


async def update_subscription(
    session: AsyncSession, subscription: ServiceSubscription, patch: SubscriptionPatch
) -> ServiceSubscription:
    """Change quantity, price or end date (stop a subscription by giving ``ends_on``).
    Periods already invoiced keep their invoices; the change applies from the next run."""
    for name, value in msgspec.structs.asdict(patch).items():
        if value is msgspec.UNSET:
            continue
        if name == "unit_price" and value is not None:
            value = Decimal(value)
        setattr(subscription, name, value)
    if subscription.ends_on is not None and subscription.ends_on < subscription.starts_on:
        raise _invalid("ends_on", "must not be before starts_on")
    await session.flush()
    return subscription


async def delete_subscription(session: AsyncSession, subscription: ServiceSubscription) -> None:
    """Only a subscription never invoiced; an invoiced one is stopped with ``ends_on``."""
    with unscoped(session):
        billed = await session.execute(
            select(InvoiceLine.id).where(InvoiceLine.subscription_id == subscription.id).limit(1)
        )
        if billed.first() is not None:
            raise ConflictError("The subscription was invoiced: set ends_on to stop it")
    await session.delete(subscription)
    await session.flush()
