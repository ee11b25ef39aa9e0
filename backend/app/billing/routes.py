"""REST surface of a client's money: /api/v1/users/{id}/billing, …/credit, …/ledger."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated

from litestar import Controller, Response, get, patch, post
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ValidationException
from litestar.params import FromPath, JSONBody, QueryParameter

from app.billing import service
from app.billing.ledger import account_for
from app.billing.schemas import (
    BillingRead,
    BillingUpdate,
    CreditWrite,
    EntryKindName,
    LedgerEntryRead,
)
from app.db.models.user import User
from app.lib.access import STAFF, requires
from app.lib.idempotency import REPLAYED_RESPONSE_HEADER, Idempotency
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import CurrentActor, ScopedSession

TargetClient = NamedDependency[User]
IdempotencyDep = NamedDependency[Idempotency]
_RFC3339 = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
CreatedFrom = Annotated[
    str | None,
    QueryParameter(
        pattern=_RFC3339,
        description="entries created at or after this instant (RFC 3339, with offset)",
        schema_extra={"format": "date-time"},
    ),
]
CreatedTo = Annotated[
    str | None,
    QueryParameter(
        pattern=_RFC3339,
        description="entries created before this instant (RFC 3339, with offset)",
        schema_extra={"format": "date-time"},
    ),
]


def _instant(value: str | None, name: str) -> datetime.datetime | None:
    """An RFC 3339 query value (the pattern has checked its shape) as an aware datetime."""
    if value is None:
        return None
    try:
        return datetime.datetime.fromisoformat(value.upper())
    except ValueError as exc:
        raise ValidationException(
            f"Invalid value for {name!r}: not a valid date and time",
            extra=[{"key": name, "message": "not a valid date and time", "source": "query"}],
        ) from exc


async def provide_client(session: ScopedSession, user_id: FromPath[uuid.UUID]) -> User:
    # A dependency, so whether the client is within reach (404) is decided before the body is
    # validated: another tenant's object is a 404 whatever was sent.
    return await service.billing_client(session, user_id)


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class BillingController(Controller):
    path = "/api/v1/users/{user_id:uuid}"
    tags = ("billing",)
    dependencies = {"client": Provide(provide_client)}  # noqa: RUF012 (Litestar layer API)

    @get("/billing", opt=requires("billing:read", resource="user"), operation_id="getBilling")
    async def get_billing(self, session: ScopedSession, client: TargetClient) -> BillingRead:
        """The client's balance, reserved and available credit, limits and periodic credit. A
        client reads its own; its reseller and staff read those within reach."""
        return service.billing_read(await account_for(session, client.id))

    @patch(
        "/billing",
        opt=requires("billing:write", roles=STAFF, resource="user"),
        operation_id="updateBilling",
    )
    async def update_billing(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        client: TargetClient,
        data: JSONBody[BillingUpdate],
    ) -> BillingRead:
        """Change the account's kind, credit limit, spend cap, price caps, low-credit threshold,
        concurrent-call limit or periodic credit (staff and the client's reseller)."""
        account = await service.update_billing(session, actor, client, data, _now())
        return service.billing_read(account)

    @post(
        "/credit",
        opt=requires("billing:write", roles=STAFF, resource="user"),
        operation_id="addCredit",
        response_headers=[REPLAYED_RESPONSE_HEADER],
    )
    async def add_credit(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        client: TargetClient,
        idempotency: IdempotencyDep,
        data: JSONBody[CreditWrite],
    ) -> Response[LedgerEntryRead]:
        """CellHub "Add Credit": a credit, payment, refund (positive) or adjustment (either
        sign) with a note. Takes an optional `Idempotency-Key` (docs/ledger.md)."""

        async def credit() -> LedgerEntryRead:
            entry = await service.add_credit(
                session,
                actor,
                client,
                data,
                idempotency_key=idempotency.derived_key("credit"),
                now=_now(),
            )
            return service.entry_read(entry)

        return await idempotency.respond(credit, status_code=201)

    @get(
        "/ledger",
        opt=requires("billing:read", resource="user"),
        operation_id="listLedgerEntries",
    )
    async def list_ledger(
        self,
        session: ScopedSession,
        client: TargetClient,
        limit: PageLimit = DEFAULT_LIMIT,
        offset: PageOffset = 0,
        kind: Annotated[EntryKindName | None, QueryParameter()] = None,
        created_from: CreatedFrom = None,
        created_to: CreatedTo = None,
    ) -> Page[LedgerEntryRead]:
        """The client's ledger entries, newest first."""
        entries, total = await service.list_entries(
            session,
            client,
            limit=limit,
            offset=offset,
            kind=kind,
            created_from=_instant(created_from, "created_from"),
            created_to=_instant(created_to, "created_to"),
        )
        items = [service.entry_read(e) for e in entries]
        return Page(items, total=total, limit=limit, offset=offset)
