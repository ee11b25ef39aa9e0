"""Voucher batches and redemption (CellHub "Vouchers").

Issuing: staff generate a batch of random codes worth a value each; the batch belongs to a
tenant (``reseller_id``: a reseller's clients, or NULL for the platform's direct clients).
Redeeming: a client turns a code into one ``voucher`` ledger credit. The voucher's row lock
(``SELECT … FOR UPDATE``) serializes concurrent redemptions of one code, and the ledger key
``voucher:<id>`` makes the credit unique even so: a code credits once, ever.
"""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.service import get_user
from app.audit.service import Actor, record_change, snapshot
from app.billing.ledger import account_for, append_entry
from app.db.models.billing import EntryKind
from app.db.models.user import User
from app.db.models.voucher import Voucher, VoucherBatch
from app.lib.access import Principal, Role
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.lib.scoping import unscoped
from app.payments.service import positive_amount
from app.vouchers import codes
from app.vouchers.errors import (
    VoucherCurrencyError,
    VoucherExpiredError,
    VoucherForeignError,
    VoucherUnknownError,
    VoucherUsedError,
)
from app.vouchers.schemas import BatchRead, BatchWrite, RedemptionRead, VoucherRead


def _status(voucher: Voucher, batch: VoucherBatch, now: datetime.datetime) -> str:
    if voucher.redeemed_at is not None:
        return "redeemed"
    if batch.expires_at is not None and batch.expires_at <= now:
        return "expired"
    return "active"


def batch_read(
    batch: VoucherBatch,
    redeemed: int,
    vouchers: Sequence[Voucher] | None,
    now: datetime.datetime,
) -> BatchRead:
    return BatchRead(
        id=batch.id,
        prefix=batch.prefix,
        count=batch.count,
        value=batch.value,
        currency=batch.currency,
        expires_at=batch.expires_at,
        note=batch.note,
        issued_by=batch.owner_id,
        reseller_id=batch.reseller_id,
        created_at=batch.created_at,
        redeemed=redeemed,
        vouchers=None
        if vouchers is None
        else [
            VoucherRead(
                code=codes.display(v.code, batch.prefix),
                status=_status(v, batch, now),  # type: ignore[arg-type]
                redeemed_at=v.redeemed_at,
                redeemed_by=v.redeemed_by,
            )
            for v in vouchers
        ],
    )


async def _tenant_for(
    session: AsyncSession, principal: Principal, data: BatchWrite
) -> uuid.UUID | None:
    if principal.role is Role.RESELLER:
        if data.reseller_id not in (None, principal.user_id):
            message = "only admins issue vouchers for another tenant"
            raise InvalidInputError(message, errors=[FieldError(message, field="reseller_id")])
        return principal.user_id
    if data.reseller_id is None:
        return None
    reseller = await get_user(session, data.reseller_id)
    if reseller.role is not Role.RESELLER:
        message = "not a reseller"
        raise InvalidInputError(message, errors=[FieldError(message, field="reseller_id")])
    return reseller.id


async def create_batch(
    session: AsyncSession, actor: Actor, data: BatchWrite, now: datetime.datetime
) -> tuple[VoucherBatch, list[Voucher]]:
    principal = actor.principal
    assert principal is not None
    value = positive_amount(data.value, "value")
    if data.expires_at is not None and data.expires_at <= now:
        message = "must be in the future"
        raise InvalidInputError(message, errors=[FieldError(message, field="expires_at")])
    tenant = await _tenant_for(session, principal, data)
    batch = VoucherBatch(
        owner_id=principal.user_id,
        reseller_id=tenant,
        prefix=data.prefix,
        count=data.count,
        value=value,
        currency=data.currency,
        expires_at=data.expires_at,
        note=data.note,
    )
    session.add(batch)
    await session.flush()
    vouchers = [
        Voucher(
            batch_id=batch.id,
            code=codes.new_code(data.prefix),
            owner_id=batch.owner_id,
            reseller_id=batch.reseller_id,
        )
        for _ in range(data.count)
    ]
    session.add_all(vouchers)
    await session.flush()
    await record_change(
        session,
        actor,
        action="voucher_batch.create",
        object_type="voucher_batch",
        object_id=batch.id,
        owner_id=batch.owner_id,
        reseller_id=batch.reseller_id,
        after=snapshot(batch),  # never the codes: they are bearer credit
    )
    return batch, vouchers


async def get_batch(
    session: AsyncSession, batch_id: uuid.UUID
) -> tuple[VoucherBatch, list[Voucher]]:
    batch = await session.get(VoucherBatch, batch_id)
    if batch is None:
        raise NotFoundError(f"No voucher batch {batch_id}")
    rows = await session.execute(
        select(Voucher).where(Voucher.batch_id == batch.id).order_by(Voucher.id)
    )
    return batch, list(rows.scalars())


async def list_batches(
    session: AsyncSession, *, limit: int, offset: int
) -> tuple[list[tuple[VoucherBatch, int]], int]:
    total = (await session.execute(select(func.count()).select_from(VoucherBatch))).scalar_one()
    redeemed = (
        select(func.count())
        .where(Voucher.batch_id == VoucherBatch.id, Voucher.redeemed_at.is_not(None))
        .correlate(VoucherBatch)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(VoucherBatch, redeemed)
        .order_by(VoucherBatch.created_at.desc(), VoucherBatch.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [(batch, int(count)) for batch, count in rows.tuples()], int(total)


def batch_csv(batch: VoucherBatch, vouchers: Sequence[Voucher], now: datetime.datetime) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["code", "value", "currency", "expires_at", "status", "redeemed_at"])
    for v in vouchers:
        writer.writerow(
            [
                codes.display(v.code, batch.prefix),
                str(batch.value),
                batch.currency,
                batch.expires_at.isoformat() if batch.expires_at else "",
                _status(v, batch, now),
                v.redeemed_at.isoformat() if v.redeemed_at else "",
            ]
        )
    return out.getvalue()


async def _locked_voucher(session: AsyncSession, code: str) -> tuple[Voucher, VoucherBatch]:
    query = (
        select(Voucher, VoucherBatch)
        .join(VoucherBatch, VoucherBatch.id == Voucher.batch_id)
        .where(Voucher.code == code)
        .with_for_update(of=Voucher)
        .execution_options(populate_existing=True)
    )
    # The client cannot see the issuer's rows; the lookup by an unguessable code reveals
    # nothing but whether the code is the caller's to redeem.
    with unscoped(session):
        row = (await session.execute(query)).tuples().one_or_none()
    if row is None:
        raise VoucherUnknownError()
    return row


async def redeem(
    session: AsyncSession, actor: Actor, client: User, code_text: str, now: datetime.datetime
) -> RedemptionRead:
    """Credit ``client`` with the voucher ``code_text``, once. Refused: an unknown code, one of
    another tenant, an expired or already redeemed one, one in another currency."""
    voucher, batch = await _locked_voucher(session, codes.canonical(code_text))
    if batch.reseller_id != client.parent_id:
        raise VoucherForeignError()
    if voucher.redeemed_at is not None:
        raise VoucherUsedError(voucher.redeemed_at.isoformat())
    if batch.expires_at is not None and batch.expires_at <= now:
        raise VoucherExpiredError(batch.expires_at.isoformat())
    account = await account_for(session, client.id, lock=True)
    if account.currency != batch.currency:
        raise VoucherCurrencyError(f"{batch.value} {batch.currency}", account.currency)
    entry, _ = await append_entry(
        session,
        account,
        kind=EntryKind.VOUCHER,
        amount=batch.value,
        idempotency_key=f"voucher:{voucher.id}",
        at=now,
        note=f"voucher {codes.display(voucher.code, batch.prefix)}",
        reference={"voucher_id": str(voucher.id), "batch_id": str(batch.id)},
        created_by=actor.principal.user_id if actor.principal else None,
    )
    with unscoped(session):
        voucher.redeemed_at = now
        voucher.redeemed_by = client.id
        voucher.ledger_entry_id = entry.id
        await session.flush()
    await record_change(
        session,
        actor,
        action="voucher.redeem",
        object_type="voucher",
        object_id=voucher.id,
        owner_id=client.id,
        reseller_id=client.parent_id,
        after={"batch_id": str(batch.id), "value": str(batch.value), "entry": str(entry.id)},
    )
    return RedemptionRead(
        code=codes.display(voucher.code, batch.prefix),
        value=batch.value,
        currency=batch.currency,
        ledger_entry_id=entry.id,
        balance_after=entry.balance_after,
        redeemed_at=now,
    )
