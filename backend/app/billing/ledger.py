"""The ledger: every change of money is an append-only entry; the balance is their cached sum.

Invariants (docs/ledger.md):

- ``account.balance`` equals the sum of the account's entries, because :func:`post_entry` moves
  it in the same transaction as it appends the entry, under the account's row lock;
- an entry is never changed or deleted (a database trigger refuses it); a correction is a new
  entry;
- ``(account, idempotency_key)`` is unique: posting a key twice has one effect;
- amounts are exact ``Decimal`` with at most 6 decimal places (``NUMERIC(18,6)``): more places
  are refused, never rounded; an entry's currency is its account's.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.billing import BillingAccount, EntryKind, LedgerEntry
from app.db.models.user import User
from app.lib.errors import FieldError, InvalidInputError, NotFoundError

PLACES: Final = 6
_QUANTUM: Final = Decimal(1).scaleb(-PLACES)
MAX_AMOUNT: Final = Decimal("999999999999.999999")  # NUMERIC(18,6)
MAX_KEY_LENGTH: Final = 200


def exact_amount(value: Decimal, *, field: str = "amount") -> Decimal:
    """``value`` as stored (6 places), or a 422 naming ``field`` when it would need rounding."""
    if not isinstance(value, Decimal) or not value.is_finite():
        problem = "must be a finite decimal number"
    elif abs(value) > MAX_AMOUNT:
        problem = f"must be at most {MAX_AMOUNT} in magnitude"
    elif value.quantize(_QUANTUM) != value:  # within 18 digits: quantize cannot overflow
        problem = f"at most {PLACES} decimal places"
    else:
        return value.quantize(_QUANTUM)
    raise InvalidInputError(f"{field}: {problem}", errors=[FieldError(problem, field=field)])


def available(account: BillingAccount) -> Decimal:
    """What the account may still spend: ``balance - reserved + credit_limit``."""
    return account.balance - account.reserved + account.credit_limit


def _account_query(client_id: uuid.UUID, lock: bool) -> Any:
    query = select(BillingAccount).where(BillingAccount.owner_id == client_id)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    return query


async def account_for(
    session: AsyncSession, client_id: uuid.UUID, *, lock: bool = False
) -> BillingAccount:
    """The billing account of ``client_id``, created (prepaid, in the client's currency) on
    first use. ``lock=True`` holds the row lock (``SELECT … FOR UPDATE``) until the caller's
    transaction ends — required before :func:`post_entry`. Concurrent first uses create one
    account (``INSERT … ON CONFLICT DO NOTHING`` on the unique owner, then select)."""
    query = _account_query(client_id, lock)
    account: BillingAccount | None = (await session.execute(query)).scalar_one_or_none()
    if account is not None:
        return account
    client = await session.get(User, client_id)
    if client is None:
        raise NotFoundError(f"No user {client_id}")
    await session.execute(
        insert(BillingAccount)
        .values(owner_id=client.id, reseller_id=client.parent_id, currency=client.currency)
        .on_conflict_do_nothing(index_elements=["owner_id"])
    )
    created: BillingAccount = (await session.execute(query)).scalar_one()
    return created


def _check_entry(kind: str, idempotency_key: str, at: datetime.datetime) -> None:
    if kind not in EntryKind.ALL:
        raise InvalidInputError(
            f"Unknown entry kind {kind!r}",
            errors=[FieldError(f"one of {', '.join(EntryKind.ALL)}", field="kind")],
        )
    if not 1 <= len(idempotency_key) <= MAX_KEY_LENGTH:
        raise InvalidInputError(
            "An entry needs an idempotency key of 1-200 characters",
            errors=[FieldError("1-200 characters", field="idempotency_key")],
        )
    if at.tzinfo is None:
        raise InvalidInputError(
            "An entry's time needs a timezone", errors=[FieldError("naive datetime", field="at")]
        )


async def append_entry(
    session: AsyncSession,
    account: BillingAccount,
    *,
    kind: str,
    amount: Decimal,
    idempotency_key: str,
    at: datetime.datetime,
    note: str | None = None,
    reference: dict[str, Any] | None = None,
    created_by: uuid.UUID | None = None,
) -> tuple[LedgerEntry, bool]:
    """:func:`post_entry`, also saying whether the entry is new (False: the key's earlier one)."""
    _check_entry(kind, idempotency_key, at)
    amount = exact_amount(amount)
    existing = await session.execute(
        select(LedgerEntry).where(
            LedgerEntry.account_id == account.id, LedgerEntry.idempotency_key == idempotency_key
        )
    )
    earlier: LedgerEntry | None = existing.scalar_one_or_none()
    if earlier is not None:
        return earlier, False
    balance_after = account.balance + amount
    entry = LedgerEntry(
        account_id=account.id,
        owner_id=account.owner_id,
        reseller_id=account.reseller_id,
        kind=kind,
        amount=amount,
        currency=account.currency,
        balance_after=balance_after,
        idempotency_key=idempotency_key,
        note=note,
        reference=reference or {},
        created_at=at,
        created_by=created_by,
    )
    session.add(entry)
    account.balance = balance_after
    await session.flush()
    return entry, True


async def post_entry(
    session: AsyncSession,
    account: BillingAccount,
    *,
    kind: str,
    amount: Decimal,
    idempotency_key: str,
    at: datetime.datetime,
    note: str | None = None,
    reference: dict[str, Any] | None = None,
    created_by: uuid.UUID | None = None,
) -> LedgerEntry:
    """Append one entry to ``account`` and move its cached balance, in the caller's transaction.

    The caller holds the account's row lock (:func:`account_for` with ``lock=True``): that is
    what makes ``balance_after`` and the cached balance exact under concurrency. ``amount`` is
    signed (credits positive, charges negative). If ``(account, idempotency_key)`` exists, the
    existing entry is returned and nothing changes. No limit is checked here: the rules of who
    may spend what (prepaid floor, credit limit, reservations) belong to the callers.
    """
    entry, _ = await append_entry(
        session,
        account,
        kind=kind,
        amount=amount,
        idempotency_key=idempotency_key,
        at=at,
        note=note,
        reference=reference,
        created_by=created_by,
    )
    return entry
