"""REST surface of payments: a client's payments, all payments within reach, payment providers,
and the providers' webhook endpoint."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, delete, get, post, put
from litestar.di import NamedDependency, Provide
from litestar.params import FromPath, JSONBody, PathParameter, QueryParameter

from app.billing.service import billing_client
from app.db.models.user import User
from app.lib.access import ADMINS, PUBLIC, STAFF, requires
from app.lib.idempotency import REPLAYED_RESPONSE_HEADER, Idempotency
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.lib.scoping import bind_system
from app.payments import providers, service, webhooks
from app.payments.schemas import (
    MethodName,
    PaymentRead,
    PaymentReversalWrite,
    PaymentWrite,
    ProviderRead,
    ProviderWrite,
    StatusName,
    WebhookAnswer,
)
from app.payments.signature import HEADER as SIGNATURE_HEADER
from app.server.dependencies import CurrentActor, ScopedSession, SessionMaker

TargetClient = NamedDependency[User]
IdempotencyDep = NamedDependency[Idempotency]
ProviderPath = Annotated[
    str, PathParameter(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="provider name")
]


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


async def provide_client(session: ScopedSession, user_id: FromPath[uuid.UUID]) -> User:
    return await billing_client(session, user_id)


class ClientPaymentController(Controller):
    path = "/api/v1/users/{user_id:uuid}/payments"
    tags = ("payments",)
    dependencies = {"client": Provide(provide_client)}  # noqa: RUF012 (Litestar layer API)

    @post(
        "/",
        opt=requires("billing:write", roles=STAFF, resource="user"),
        operation_id="recordPayment",
        response_headers=[REPLAYED_RESPONSE_HEADER],
    )
    async def record(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        client: TargetClient,
        idempotency: IdempotencyDep,
        data: JSONBody[PaymentWrite],
    ) -> Response[PaymentRead]:
        """CellHub "Payments": record money received (cash, bank transfer, card, other) and
        credit the client's account. Takes an optional `Idempotency-Key` (docs/ledger.md)."""

        async def run() -> PaymentRead:
            payment = await service.record_payment(
                session,
                actor,
                client,
                data,
                idempotency_key=idempotency.derived_key("payment"),
                now=_now(),
            )
            return service.payment_read(payment)

        return await idempotency.respond(run, status_code=201)

    @get("/", opt=requires("billing:read", resource="user"), operation_id="listClientPayments")
    async def list_for_client(
        self,
        session: ScopedSession,
        client: TargetClient,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        status: Annotated[StatusName | None, QueryParameter()] = None,
    ) -> Page[PaymentRead]:
        """The client's payments, newest first (a client reads its own)."""
        rows, total = await service.list_payments(
            session, client_id=client.id, limit=limit, offset=offset, status=status
        )
        return Page(
            [service.payment_read(p) for p in rows], total=total, limit=limit, offset=offset
        )

    @get(
        "/{payment_id:uuid}",
        opt=requires("billing:read", resource="user"),
        operation_id="getPayment",
    )
    async def get_one(
        self, session: ScopedSession, client: TargetClient, payment_id: FromPath[uuid.UUID]
    ) -> PaymentRead:
        return service.payment_read(await service.get_payment(session, client, payment_id))

    @post(
        "/{payment_id:uuid}/void",
        opt=requires("billing:write", roles=STAFF, resource="user"),
        operation_id="voidPayment",
        status_code=200,
    )
    async def void(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        client: TargetClient,
        payment_id: FromPath[uuid.UUID],
        data: JSONBody[PaymentReversalWrite],
    ) -> PaymentRead:
        """The payment was recorded in error: a reversing ledger entry takes its credit back."""
        payment = await service.reverse_payment(
            session, actor, client, payment_id, action="void", reason=data.reason, now=_now()
        )
        return service.payment_read(payment)

    @post(
        "/{payment_id:uuid}/refund",
        opt=requires("billing:write", roles=STAFF, resource="user"),
        operation_id="refundPayment",
        status_code=200,
    )
    async def refund(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        client: TargetClient,
        payment_id: FromPath[uuid.UUID],
        data: JSONBody[PaymentReversalWrite],
    ) -> PaymentRead:
        """The money was given back: a reversing ledger entry takes its credit back."""
        payment = await service.reverse_payment(
            session, actor, client, payment_id, action="refund", reason=data.reason, now=_now()
        )
        return service.payment_read(payment)


class PaymentController(Controller):
    path = "/api/v1/payments"
    tags = ("payments",)

    @get("/", opt=requires("billing:read"), operation_id="listPayments")
    async def list_all(
        self,
        session: ScopedSession,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        user_id: Annotated[uuid.UUID | None, QueryParameter()] = None,
        status: Annotated[StatusName | None, QueryParameter()] = None,
        method: Annotated[MethodName | None, QueryParameter()] = None,
    ) -> Page[PaymentRead]:
        """Every payment within reach (a client: its own), newest first."""
        rows, total = await service.list_payments(
            session, client_id=user_id, limit=limit, offset=offset, status=status, method=method
        )
        return Page(
            [service.payment_read(p) for p in rows], total=total, limit=limit, offset=offset
        )


class PaymentProviderController(Controller):
    path = "/api/v1/payment-providers"
    tags = ("payments",)

    @get("/", opt=requires("billing:read", roles=ADMINS), operation_id="listPaymentProviders")
    async def list_providers(self, session: ScopedSession) -> list[ProviderRead]:
        """Providers whose signed webhooks are accepted (secrets are never listed)."""
        return [providers.provider_read(p) for p in await providers.list_providers(session)]

    @put(
        "/{name:str}",
        opt=requires("billing:write", roles=ADMINS),
        operation_id="putPaymentProvider",
    )
    async def put_provider(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        name: ProviderPath,
        data: JSONBody[ProviderWrite],
    ) -> ProviderRead:
        """Create or change a provider. The answer shows the signing secret only when this
        request set it (a new provider without one gets a generated `whsec_…`)."""
        provider, secret = await providers.put_provider(session, actor, name, data)
        return providers.provider_read(provider, secret=secret)

    @delete(
        "/{name:str}",
        opt=requires("billing:write", roles=ADMINS),
        operation_id="deletePaymentProvider",
    )
    async def delete_provider(
        self, session: ScopedSession, actor: CurrentActor, name: ProviderPath
    ) -> None:
        await providers.delete_provider(session, actor, name)


class PaymentWebhookController(Controller):
    path = "/api/v1/webhooks/payments"
    tags = ("payments",)
    opt = {"access": PUBLIC}  # noqa: RUF012 - the provider authenticates by its signature

    @post(
        "/{provider:str}",
        operation_id="receivePaymentWebhook",
        status_code=200,
    )
    async def receive(
        self,
        request: Request[Any, Any, Any],
        session_maker: SessionMaker,
        provider: FromPath[str],
    ) -> WebhookAnswer:
        """A payment provider's signed event (Stripe-compatible `Stripe-Signature: t=…,v1=…`,
        docs/payments.md). `payment_intent.succeeded` credits the client named by
        `data.object.metadata.client_id`; a redelivered event id is answered `duplicate` and
        credits nothing; other event types are `ignored`. A bad or stale signature, or an
        unknown provider, is a 401."""
        payload = await request.body()
        async with session_maker() as session:
            bind_system(session)
            answer = await webhooks.receive_event(
                session, provider, payload, request.headers.get(SIGNATURE_HEADER), _now()
            )
            await session.commit()
        return answer
