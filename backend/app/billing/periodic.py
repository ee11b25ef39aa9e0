"""Periodic credit (seed 003: "50 credit units, reset daily").

At each period start — a local midnight, Monday or 1st of the month in the client's timezone —
the account gets a ``periodic_credit`` entry topping its balance back up to the configured
amount (an entry of 0 when it is already there or above). The entry's idempotency key is the
period start, so a job run twice, or two workers, top up once per period. An account whose
resets were missed (the worker was down) gets one top-up, then the next boundary after now.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Final

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import post_entry
from app.billing.periods import next_reset
from app.db.models.billing import BillingAccount, EntryKind
from app.db.models.user import User

log = structlog.get_logger(__name__)

BATCH: Final = 200


def top_up_amount(balance: Decimal, target: Decimal) -> Decimal:
    """What brings ``balance`` back up to ``target`` (never a debit)."""
    return max(target - balance, Decimal(0))


async def _reset_batch(session: AsyncSession, now: datetime.datetime) -> int:
    due = await session.execute(
        select(BillingAccount, User.timezone)
        .join(User, User.id == BillingAccount.owner_id)
        .where(
            BillingAccount.periodic_credit_next_at <= now,
            BillingAccount.periodic_credit_amount.is_not(None),
            BillingAccount.periodic_credit_period.is_not(None),
        )
        .order_by(BillingAccount.periodic_credit_next_at)
        .limit(BATCH)
        .with_for_update(of=BillingAccount, skip_locked=True)
        .execution_options(populate_existing=True)
    )
    count = 0
    for account, timezone in due.tuples():
        period_start = account.periodic_credit_next_at
        target = account.periodic_credit_amount
        period = account.periodic_credit_period
        assert period_start is not None and target is not None and period is not None
        await post_entry(
            session,
            account,
            kind=EntryKind.PERIODIC_CREDIT,
            amount=top_up_amount(account.balance, target),
            idempotency_key=f"periodic_credit:{period_start.isoformat()}",
            at=now,
            reference={"period": period, "period_start": period_start.isoformat()},
        )
        account.periodic_credit_next_at = next_reset(now, timezone, period)  # type: ignore[arg-type]
        count += 1
    await session.commit()
    return count


async def reset_due_accounts(session: AsyncSession, now: datetime.datetime) -> int:
    """Top up every account whose period started at or before ``now`` (a system session);
    commit per batch. Accounts locked by a call in progress are skipped until the next run.
    Returns how many accounts were topped up."""
    total = 0
    while True:
        done = await _reset_batch(session, now)
        total += done
        if done < BATCH:
            break
    if total:
        log.info("periodic_credit_reset", accounts=total)
    return total
