"""Manual payments (CellHub "Payments"): record one, list them, void or refund one.

A payment and its ledger credit are written in one transaction; voiding or refunding posts a
second, reversing ledger entry and moves the payment's status — the money columns never change.
Queries run on the caller's scoped session, so another tenant's payment is not found (404).
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from app.audit.service import Actor, changed_only, record_change, snapshot
from app.billing.ledger import account_for, append_entry, available, exact_amount
from app.db.models.billing import BillingAccount, EntryKind, LedgerEntry
from app.db.models.payment import Payment, PaymentStatus
from app.db.models.user import User
from app.invoicing.settlement import payable_invoice, settle
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.payments.errors import PaymentNotReversibleError
from app.payments.schemas import PaymentRead, PaymentWrite

# A receipt dated a little ahead of the server's clock (another machine's clock) is accepted.
_CLOCK_SKEW = datetime.timedelta(minutes=5)
Reversal = Literal["void", "refund"]


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])


def payment_read(payment: Payment) -> PaymentRead:
    return PaymentRead(
        id=payment.id,
        user_id=payment.owner_id,
        amount=payment.amount,
        currency=payment.currency,
        method=payment.method,  # type: ignore[arg-type]
        reference=payment.reference,
        note=payment.note,
        received_at=payment.received_at,
        invoice_id=payment.invoice_id,
        status=payment.status,  # type: ignore[arg-type]
        provider=payment.provider,
        provider_event_id=payment.provider_event_id,
        provider_payment_id=payment.provider_payment_id,
        ledger_entry_id=payment.ledger_entry_id,
        reversal_entry_id=payment.reversal_entry_id,
        reversed_at=payment.reversed_at,
        reversed_by=payment.reversed_by,
        reversal_reason=payment.reversal_reason,
        created_at=payment.created_at,
        created_by=payment.created_by,
    )


def positive_amount(value: str | Decimal, field: str = "amount") -> Decimal:
    amount = exact_amount(Decimal(value), field=field)
    if amount <= 0:
        raise _invalid(field, "must be more than 0")
    return amount


def check_currency(account: BillingAccount, currency: str, field: str = "currency") -> None:
    if currency.upper() != account.currency:
        raise _invalid(field, f"the client's account is in {account.currency}, not {currency}")


async def credit_payment(
    session: AsyncSession,
    account: BillingAccount,
    payment: Payment,
    *,
    idempotency_key: str,
    now: datetime.datetime,
    created_by: uuid.UUID | None,
) -> tuple[Payment, bool]:
    """Post ``payment``'s ledger credit and store it; with a key seen before, the payment of
    that earlier entry (nothing new). The caller holds the account's row lock."""
    payment.id = uuid7()
    entry, new = await append_entry(
        session,
        account,
        kind=EntryKind.PAYMENT,
        amount=payment.amount,
        idempotency_key=idempotency_key,
        at=now,
        note=payment.note,
        reference={"payment_id": str(payment.id), "method": payment.method},
        created_by=created_by,
    )
    if not new:
        earlier = await session.execute(select(Payment).where(Payment.ledger_entry_id == entry.id))
        return earlier.scalar_one(), False
    payment.ledger_entry_id = entry.id
    payment.account_id = account.id
    payment.owner_id = account.owner_id
    payment.reseller_id = account.reseller_id
    payment.created_by = created_by
    session.add(payment)
    await session.flush()
    return payment, True


async def record_payment(
    session: AsyncSession,
    actor: Actor,
    client: User,
    data: PaymentWrite,
    *,
    idempotency_key: str,
    now: datetime.datetime,
) -> Payment:
    """Record money received from ``client`` and credit its account."""
    amount = positive_amount(data.amount)
    received_at = (data.received_at or now).astimezone(datetime.UTC)
    if received_at > now + _CLOCK_SKEW:
        raise _invalid("received_at", "must not be in the future")
    account = await account_for(session, client.id, lock=True)
    check_currency(account, data.currency)
    invoice = None
    if data.invoice_id is not None:
        invoice = await payable_invoice(session, client.id, data.invoice_id, account.currency)
    payment = Payment(
        amount=amount,
        currency=account.currency,
        method=data.method,
        reference=data.reference,
        note=data.note,
        received_at=received_at,
        invoice_id=data.invoice_id,
        status=PaymentStatus.COMPLETED,
    )
    by = actor.principal.user_id if actor.principal else None
    payment, new = await credit_payment(
        session, account, payment, idempotency_key=idempotency_key, now=now, created_by=by
    )
    if new and invoice is not None:
        await settle(session, invoice, now)
    if new:
        await record_change(
            session,
            actor,
            action="payment.create",
            object_type="payment",
            object_id=payment.id,
            owner_id=payment.owner_id,
            reseller_id=payment.reseller_id,
            after=snapshot(payment),
        )
    return payment


async def _payment_of(
    session: AsyncSession, client: User, payment_id: uuid.UUID, *, lock: bool = False
) -> Payment:
    query = select(Payment).where(Payment.id == payment_id, Payment.owner_id == client.id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    payment = (await session.execute(query)).scalar_one_or_none()
    if payment is None:
        raise NotFoundError(f"No payment {payment_id} of user {client.id}")
    return payment


async def get_payment(session: AsyncSession, client: User, payment_id: uuid.UUID) -> Payment:
    return await _payment_of(session, client, payment_id)


async def reverse_payment(
    session: AsyncSession,
    actor: Actor,
    client: User,
    payment_id: uuid.UUID,
    *,
    action: Reversal,
    reason: str,
    now: datetime.datetime,
) -> Payment:
    """Void (recorded in error) or refund (money given back) a payment: one negative ledger
    entry of its amount. Refused when already reversed (409), or when the credit was spent so
    far that the account would fall below its floor (422)."""
    account = await account_for(session, client.id, lock=True)
    payment = await _payment_of(session, client, payment_id, lock=True)
    if payment.status != PaymentStatus.COMPLETED:
        raise PaymentNotReversibleError(f"Payment {payment.id} is already {payment.status}")
    if available(account) - payment.amount < 0:
        raise _invalid(
            "amount",
            f"only {available(account)} {account.currency} is left of the account's credit: "
            "the payment was spent; post an adjustment instead",
        )
    before = snapshot(payment)
    by = actor.principal.user_id if actor.principal else None
    entry = await _post_reversal(session, account, payment, action, reason, now, by)
    payment.status = PaymentStatus.VOIDED if action == "void" else PaymentStatus.REFUNDED
    payment.reversal_entry_id = entry.id
    payment.reversed_at = now
    payment.reversed_by = by
    payment.reversal_reason = reason
    await session.flush()
    old, new = changed_only(before, snapshot(payment))
    await record_change(
        session,
        actor,
        action=f"payment.{action}",
        object_type="payment",
        object_id=payment.id,
        owner_id=payment.owner_id,
        reseller_id=payment.reseller_id,
        before=old,
        after=new,
    )
    return payment


async def _post_reversal(
    session: AsyncSession,
    account: BillingAccount,
    payment: Payment,
    action: Reversal,
    reason: str,
    now: datetime.datetime,
    by: uuid.UUID | None,
) -> LedgerEntry:
    entry, _ = await append_entry(
        session,
        account,
        kind=EntryKind.PAYMENT,
        amount=-payment.amount,
        idempotency_key=f"payment-reversal:{payment.id}",
        at=now,
        note=f"{action} of payment {payment.id}: {reason}"[:1000],
        reference={
            "payment_id": str(payment.id),
            "reverses": str(payment.ledger_entry_id),
            "action": action,
        },
        created_by=by,
    )
    return entry


async def list_payments(
    session: AsyncSession,
    *,
    client_id: uuid.UUID | None,
    limit: int,
    offset: int,
    status: str | None = None,
    method: str | None = None,
) -> tuple[list[Payment], int]:
    """Payments within the session's reach (optionally of one client), newest first."""
    conditions: list[Any] = []
    if client_id is not None:
        conditions.append(Payment.owner_id == client_id)
    if status is not None:
        conditions.append(Payment.status == status)
    if method is not None:
        conditions.append(Payment.method == method)
    total = (
        await session.execute(select(func.count()).select_from(Payment).where(*conditions))
    ).scalar_one()
    rows = await session.execute(
        select(Payment)
        .where(*conditions)
        .order_by(Payment.received_at.desc(), Payment.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows.scalars()), int(total)
