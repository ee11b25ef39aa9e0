"""Call records written straight to the database, for listing, export and summary tests."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from app.cdrs.partitions import ensure_partitions, month_of
from app.db.models.cdr import Cdr
from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.identity import Account, system_session


async def add_cdr(
    settings: Settings,
    owner: Account | None,
    started_at: datetime.datetime,
    dialled: str,
    *,
    cost: str | None = "0.100000",
    **fields: Any,
) -> uuid.UUID:
    """One record of ``owner`` (None: unassigned), rated at ``cost`` unless told otherwise."""
    session, close = await system_session(settings)
    try:
        await ensure_partitions(session, [month_of(started_at)])
        reseller = None
        if owner is not None:
            reseller = owner.id if owner.role is Role.RESELLER else owner.parent_id
        values: dict[str, Any] = {
            "source": "test",
            "external_id": uuid.uuid4().hex,
            "dialled_number": dialled,
            "normalized_number": dialled.lstrip("+"),
            "duration": 60,
            "billable_seconds": 60,
            "disposition": "ANSWERED",
            "rating_status": "rated" if cost is not None else "unrated",
            "cost": None if cost is None else Decimal(cost),
            "currency": None if cost is None else "USD",
            "created_at": datetime.datetime.now(datetime.UTC),
            **fields,
        }
        cdr = Cdr(
            started_at=started_at,
            owner_id=None if owner is None else owner.id,
            reseller_id=reseller,
            **values,
        )
        session.add(cdr)
        await session.commit()
        return cdr.id
    finally:
        await close()


async def count_cdrs(settings: Settings, source: str) -> int:
    session, close = await system_session(settings)
    try:
        query = select(func.count()).select_from(Cdr).where(Cdr.source == source)
        return int((await session.execute(query)).scalar_one())
    finally:
        await close()
