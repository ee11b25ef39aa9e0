"""A client's billing account as the API shows and changes it: settings, credit, entries.

Every query runs on the caller's scoped session, so a client outside the caller's reach is not
found (404). Changes are audited in the same transaction; money moves only through the ledger.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.service import get_user
from app.audit.service import Actor, record_change, snapshot, update_audited
from app.billing.ledger import account_for, append_entry, available, exact_amount
from app.billing.periods import next_reset
from app.billing.schemas import (
    BillingRead,
    BillingUpdate,
    CreditWrite,
    LedgerEntryRead,
    PeriodicCreditRead,
    PeriodicCreditWrite,
)
from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.user import User
from app.lib.access import Role
from app.lib.errors import FieldError, InvalidInputError, NotFoundError

_LIMITS = (
    "credit_limit",
    "monthly_spend_cap",
    "max_price_per_minute",
    "max_price_per_call",
    "low_credit_threshold",
)


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])


async def billing_client(session: AsyncSession, user_id: uuid.UUID) -> User:
    """The client ``user_id`` within the caller's reach. Only clients have a billing account:
    for anyone else, as for a user out of reach, there is none (404)."""
    user = await get_user(session, user_id)
    if user.role is not Role.CLIENT:
        raise NotFoundError(f"No billing account: {user_id} is a {user.role}, not a client")
    return user


def billing_read(account: BillingAccount) -> BillingRead:
    periodic = None
    if account.periodic_credit_amount is not None and account.periodic_credit_period:
        periodic = PeriodicCreditRead(
            amount=account.periodic_credit_amount,
            period=account.periodic_credit_period,  # type: ignore[arg-type]
            next_reset_at=account.periodic_credit_next_at,
        )
    return BillingRead(
        user_id=account.owner_id,
        kind=account.kind,  # type: ignore[arg-type]
        currency=account.currency,
        balance=account.balance,
        reserved=account.reserved,
        available=available(account),
        credit_limit=account.credit_limit,
        monthly_spend_cap=account.monthly_spend_cap,
        max_price_per_minute=account.max_price_per_minute,
        max_price_per_call=account.max_price_per_call,
        low_credit_threshold=account.low_credit_threshold,
        max_concurrent_calls=account.max_concurrent_calls,
        periodic_credit=periodic,
        updated_at=account.updated_at,
    )


def entry_read(entry: LedgerEntry) -> LedgerEntryRead:
    return LedgerEntryRead(
        id=entry.id,
        user_id=entry.owner_id,
        kind=entry.kind,  # type: ignore[arg-type]
        amount=entry.amount,
        currency=entry.currency,
        balance_after=entry.balance_after,
        note=entry.note,
        reference=entry.reference,
        created_at=entry.created_at,
        created_by=entry.created_by,
    )


def _decimal(value: str | Decimal, field: str) -> Decimal:
    try:
        return exact_amount(Decimal(value), field=field)
    except ArithmeticError as exc:  # decimal.InvalidOperation: not a number
        raise _invalid(field, "must be a decimal number") from exc


def _non_negative(value: str | Decimal, field: str) -> Decimal:
    value = _decimal(value, field)
    if value < 0:
        raise _invalid(field, "must not be negative")
    return value


def _limit_changes(patch: BillingUpdate) -> dict[str, Any]:
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET and name != "periodic_credit"
    }
    for name in _LIMITS:
        if changes.get(name) is not None:
            changes[name] = _non_negative(changes[name], name)
    return changes


def _periodic_changes(
    account: BillingAccount,
    client: User,
    value: PeriodicCreditWrite | msgspec.UnsetType | None,
    now: datetime.datetime,
) -> dict[str, Any]:
    if value is msgspec.UNSET:
        return {}
    if value is None:
        return dict.fromkeys(
            ("periodic_credit_amount", "periodic_credit_period", "periodic_credit_next_at")
        )
    amount = _non_negative(value.amount, "periodic_credit.amount")
    if amount == 0:
        raise _invalid("periodic_credit.amount", "must be more than 0 (send null to remove)")
    next_at = account.periodic_credit_next_at
    if next_at is None or value.period != account.periodic_credit_period:
        next_at = next_reset(now, client.timezone, value.period)
    return {
        "periodic_credit_amount": amount,
        "periodic_credit_period": value.period,
        "periodic_credit_next_at": next_at,
    }


def _check_terms(account: BillingAccount, changes: dict[str, Any]) -> None:
    """A prepaid account has no credit limit; and tighter terms never put the account beyond
    its floor (``available >= 0``): settle the debt first. Looser or unchanged terms always
    pass, so an account already below its floor can still have its other settings changed."""
    kind = changes.get("kind", account.kind)
    credit_limit = changes.get("credit_limit", account.credit_limit)
    if kind == "prepaid" and credit_limit != 0:
        raise _invalid("credit_limit", "a prepaid account has no credit limit: send 0")
    spendable = account.balance - account.reserved
    if credit_limit < account.credit_limit and spendable + credit_limit < 0:
        field = "kind" if kind != account.kind else "credit_limit"
        raise _invalid(field, f"the account is at {spendable} {account.currency}: settle it first")


async def update_billing(
    session: AsyncSession,
    actor: Actor,
    client: User,
    patch: BillingUpdate,
    now: datetime.datetime,
) -> BillingAccount:
    """Change the account's kind, limits and periodic credit (never its balance)."""
    account = await account_for(session, client.id, lock=True)
    changes = _limit_changes(patch)
    changes.update(_periodic_changes(account, client, patch.periodic_credit, now))
    _check_terms(account, changes)
    await update_audited(session, actor, account, changes, "billing_account.update")
    return account


def _credit_amount(data: CreditWrite) -> Decimal:
    amount = _decimal(data.amount, "amount")
    if amount == 0:
        raise _invalid("amount", "must not be zero")
    if amount < 0 and data.kind != "adjustment":
        raise _invalid("amount", f"a {data.kind} is positive; use an adjustment to take credit")
    return amount


async def add_credit(
    session: AsyncSession,
    actor: Actor,
    client: User,
    data: CreditWrite,
    *,
    idempotency_key: str,
    now: datetime.datetime,
) -> LedgerEntry:
    """CellHub "Add Credit": one entry of ``data.kind``. A negative adjustment may not take the
    account below its floor (0 for prepaid, ``-credit_limit`` for postpaid), reservations of
    calls in progress included."""
    amount = _credit_amount(data)
    account = await account_for(session, client.id, lock=True)
    if amount < 0 and available(account) + amount < 0:
        raise _invalid("amount", f"only {available(account)} {account.currency} can be taken")
    entry, new = await append_entry(
        session,
        account,
        kind=data.kind,
        amount=amount,
        idempotency_key=idempotency_key,
        at=now,
        note=data.note,
        created_by=actor.principal.user_id if actor.principal else None,
    )
    if new:
        await record_change(
            session,
            actor,
            action="ledger_entry.create",
            object_type="ledger_entry",
            object_id=entry.id,
            owner_id=entry.owner_id,
            reseller_id=entry.reseller_id,
            after=snapshot(entry),
        )
    return entry


async def list_entries(
    session: AsyncSession,
    client: User,
    *,
    limit: int,
    offset: int,
    kind: str | None = None,
    created_from: datetime.datetime | None = None,
    created_to: datetime.datetime | None = None,
) -> tuple[list[LedgerEntry], int]:
    """The client's entries, newest first; ``created_from`` inclusive, ``created_to`` not
    (aware datetimes)."""
    conditions: list[Any] = [LedgerEntry.owner_id == client.id]
    if kind is not None:
        conditions.append(LedgerEntry.kind == kind)
    if created_from is not None:
        conditions.append(LedgerEntry.created_at >= created_from)
    if created_to is not None:
        conditions.append(LedgerEntry.created_at < created_to)
    total = (
        await session.execute(select(func.count()).select_from(LedgerEntry).where(*conditions))
    ).scalar_one()
    rows = await session.execute(
        select(LedgerEntry)
        .where(*conditions)
        .order_by(LedgerEntry.created_at.desc(), LedgerEntry.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return list(rows.scalars()), int(total)
