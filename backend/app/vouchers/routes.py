"""REST surface of vouchers: batches (staff) and redemption (clients)."""

from __future__ import annotations

import datetime
import uuid

from litestar import Controller, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from app.accounts.service import get_user
from app.lib.access import STAFF, Role, requires
from app.lib.idempotency import REPLAYED_RESPONSE_HEADER, Idempotency
from app.lib.pagination import DEFAULT_LIMIT, Page, PageLimit, PageOffset
from app.server.dependencies import CurrentActor, CurrentPrincipal, ScopedSession
from app.vouchers import service
from app.vouchers.schemas import BatchRead, BatchWrite, RedeemWrite, RedemptionRead

IdempotencyDep = NamedDependency[Idempotency]
CLIENTS = frozenset({Role.CLIENT})


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


class VoucherBatchController(Controller):
    path = "/api/v1/voucher-batches"
    tags = ("vouchers",)

    @post(
        "/",
        opt=requires("billing:write", roles=STAFF),
        operation_id="createVoucherBatch",
        response_headers=[REPLAYED_RESPONSE_HEADER],
    )
    async def create(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        idempotency: IdempotencyDep,
        data: JSONBody[BatchWrite],
    ) -> Response[BatchRead]:
        """Generate `count` random codes worth `value` each; the answer lists them (also
        exportable as CSV). Takes an optional `Idempotency-Key`."""

        async def run() -> BatchRead:
            now = _now()
            batch, vouchers = await service.create_batch(session, actor, data, now)
            return service.batch_read(batch, 0, vouchers, now)

        return await idempotency.respond(run, status_code=201)

    @get("/", opt=requires("billing:read", roles=STAFF), operation_id="listVoucherBatches")
    async def list_batches(
        self, session: ScopedSession, limit: PageLimit = DEFAULT_LIMIT, offset: PageOffset = 0
    ) -> Page[BatchRead]:
        """Batches within reach, newest first, with how many codes were redeemed."""
        rows, total = await service.list_batches(session, limit=limit, offset=offset)
        now = _now()
        items = [service.batch_read(batch, redeemed, None, now) for batch, redeemed in rows]
        return Page(items, total=total, limit=limit, offset=offset)

    @get(
        "/{batch_id:uuid}",
        opt=requires("billing:read", roles=STAFF, resource="voucher_batch"),
        operation_id="getVoucherBatch",
    )
    async def get_batch(self, session: ScopedSession, batch_id: FromPath[uuid.UUID]) -> BatchRead:
        """One batch with every code and its status (active, redeemed, expired)."""
        batch, vouchers = await service.get_batch(session, batch_id)
        redeemed = sum(1 for v in vouchers if v.redeemed_at is not None)
        return service.batch_read(batch, redeemed, vouchers, _now())

    @get(
        "/{batch_id:uuid}/vouchers.csv",
        opt=requires("billing:read", roles=STAFF, resource="voucher_batch"),
        operation_id="exportVoucherBatch",
        media_type="text/csv",
    )
    async def export_csv(
        self, session: ScopedSession, batch_id: FromPath[uuid.UUID]
    ) -> Response[str]:
        """The batch's codes as CSV: code, value, currency, expires_at, status, redeemed_at."""
        batch, vouchers = await service.get_batch(session, batch_id)
        return Response(
            service.batch_csv(batch, vouchers, _now()),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="vouchers-{batch.id}.csv"'},
        )


class VoucherController(Controller):
    path = "/api/v1/vouchers"
    tags = ("vouchers",)

    @post(
        "/redeem",
        opt=requires("billing:read", roles=CLIENTS),
        operation_id="redeemVoucher",
        status_code=200,
        response_headers=[REPLAYED_RESPONSE_HEADER],
    )
    async def redeem(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        idempotency: IdempotencyDep,
        data: JSONBody[RedeemWrite],
    ) -> Response[RedemptionRead]:
        """A client redeems a code: one `voucher` credit on its own account. Refused with a
        problem naming `code`: unknown, another provider's, expired (422), already redeemed
        (409). Takes an optional `Idempotency-Key`."""

        async def run() -> RedemptionRead:
            client = await get_user(session, principal.user_id)
            return await service.redeem(session, actor, client, data.code, _now())

        return await idempotency.respond(run, status_code=200)
