"""REST surface of recurring services: /api/v1/services (the catalogue, staff and resellers)
and /api/v1/subscriptions (a client reads its own; staff and its reseller change them)."""

from __future__ import annotations

import uuid

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from app.invoicing import catalogue
from app.invoicing.schemas import (
    ServicePatch,
    ServiceRead,
    ServiceWrite,
    SubscriptionPatch,
    SubscriptionRead,
    SubscriptionWrite,
)
from app.lib.access import STAFF, requires
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import CurrentPrincipal, ScopedSession


class ServiceController(Controller):
    path = "/api/v1/services"
    tags = ("invoicing",)

    @get("/", opt=requires("billing:read", roles=STAFF), operation_id="listServices")
    async def list_items(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        active: FromQuery[bool | None] = None,
    ) -> Page[ServiceRead]:
        """The catalogue within reach (a reseller: its own services)."""
        rows, total = await catalogue.list_services(
            session, limit=limit, offset=offset, active=active
        )
        items = [catalogue.service_read(s) for s in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=requires("billing:write", roles=STAFF), operation_id="createService")
    async def create_item(
        self, session: ScopedSession, principal: CurrentPrincipal, data: JSONBody[ServiceWrite]
    ) -> ServiceRead:
        """Add a service (price per cycle, currency, tax rate) to the caller's catalogue."""
        return catalogue.service_read(await catalogue.create_service(session, principal, data))

    @get(
        "/{service_id:uuid}",
        opt=requires("billing:read", roles=STAFF, resource="service"),
        operation_id="getService",
    )
    async def get_item(
        self, session: ScopedSession, service_id: FromPath[uuid.UUID]
    ) -> ServiceRead:
        return catalogue.service_read(await catalogue.get_service(session, service_id))

    @patch(
        "/{service_id:uuid}",
        opt=requires("billing:write", roles=STAFF, resource="service"),
        operation_id="updateService",
    )
    async def update_item(
        self,
        session: ScopedSession,
        service_id: FromPath[uuid.UUID],
        data: JSONBody[ServicePatch],
    ) -> ServiceRead:
        """Change name, price, tax rate or availability; later runs bill the new terms."""
        service = await catalogue.get_service(session, service_id)
        return catalogue.service_read(await catalogue.update_service(session, service, data))

    @delete(
        "/{service_id:uuid}",
        opt=requires("billing:write", roles=STAFF, resource="service"),
        operation_id="deleteService",
    )
    async def delete_item(self, session: ScopedSession, service_id: FromPath[uuid.UUID]) -> None:
        """Delete a service nobody subscribes to (409 otherwise: deactivate it)."""
        await catalogue.delete_service(session, await catalogue.get_service(session, service_id))


class SubscriptionController(Controller):
    path = "/api/v1/subscriptions"
    tags = ("invoicing",)

    @get("/", opt=requires("billing:read"), operation_id="listSubscriptions")
    async def list_items(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        client_id: FromQuery[uuid.UUID | None] = None,
    ) -> Page[SubscriptionRead]:
        """Subscriptions within reach (a client: its own)."""
        rows, total = await catalogue.list_subscriptions(
            session, client_id=client_id, limit=limit, offset=offset
        )
        items = await catalogue.subscription_reads(session, rows)
        return Page(items, total=total, limit=limit, offset=offset)

    @post("/", opt=requires("billing:write", roles=STAFF), operation_id="createSubscription")
    async def create_item(
        self, session: ScopedSession, data: JSONBody[SubscriptionWrite]
    ) -> SubscriptionRead:
        """Subscribe a client to a service from ``starts_on`` (prorated by days)."""
        subscription = await catalogue.subscribe(session, data)
        return (await catalogue.subscription_reads(session, [subscription]))[0]

    @get(
        "/{subscription_id:uuid}",
        opt=requires("billing:read", resource="subscription"),
        operation_id="getSubscription",
    )
    async def get_item(
        self, session: ScopedSession, subscription_id: FromPath[uuid.UUID]
    ) -> SubscriptionRead:
        subscription = await catalogue.get_subscription(session, subscription_id)
        return (await catalogue.subscription_reads(session, [subscription]))[0]

    @patch(
        "/{subscription_id:uuid}",
        opt=requires("billing:write", roles=STAFF, resource="subscription"),
        operation_id="updateSubscription",
    )
    async def update_item(
        self,
        session: ScopedSession,
        subscription_id: FromPath[uuid.UUID],
        data: JSONBody[SubscriptionPatch],
    ) -> SubscriptionRead:
        """Change quantity or price, or stop it (``ends_on``, the last day billed)."""
        subscription = await catalogue.get_subscription(session, subscription_id)
        subscription = await catalogue.update_subscription(session, subscription, data)
        return (await catalogue.subscription_reads(session, [subscription]))[0]

    @delete(
        "/{subscription_id:uuid}",
        opt=requires("billing:write", roles=STAFF, resource="subscription"),
        operation_id="deleteSubscription",
    )
    async def delete_item(
        self, session: ScopedSession, subscription_id: FromPath[uuid.UUID]
    ) -> None:
        """Delete a subscription never invoiced (409 otherwise: set ``ends_on``)."""
        subscription = await catalogue.get_subscription(session, subscription_id)
        await catalogue.delete_subscription(session, subscription)
