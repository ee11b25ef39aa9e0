"""Expire reservations of calls that never finalized (a lost hangup, a crashed gateway).

A call past its ``expires_at`` (granted duration plus grace) has its reservation released and
is marked expired; it is logged, because a missing finalize usually means a gateway problem. A
finalize arriving later still charges the call once (finalize accepts expired calls).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import structlog
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import account_for
from app.db.models.call import Call, CallStatus

log = structlog.get_logger("tollgate.calls")

BATCH = 200


async def expire_stale(session: AsyncSession, now: datetime.datetime) -> list[str]:
    """Expire up to ``BATCH`` stale calls (SKIP LOCKED: a finalize in progress wins)."""
    query = (
        select(Call)
        .where(Call.status == CallStatus.AUTHORIZED, Call.expires_at <= now)
        .order_by(Call.expires_at)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    )
    calls = (await session.execute(query)).scalars().all()
    for call in calls:
        account = await account_for(session, call.owner_id, lock=True)
        account.reserved -= call.reserved
        log.warning(
            "call reservation expired without finalize",
            call_id=call.call_id,
            account_id=str(account.id),
            released=str(call.reserved),
            authorized_at=call.authorized_at.isoformat(),
        )
        call.status, call.reserved = CallStatus.EXPIRED, Decimal(0)
    await session.flush()
    return [call.call_id for call in calls]
