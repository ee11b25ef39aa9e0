"""Offer use (CellHub "Offer Use"): per offer, its days and the calls it covered.

A call an offer covered has ``cdr.coverage = {"kind": "offer", "offer_id": …}`` (written by
finalize and the import through ``apply_allowances``) and cost 0. The count reads the offer
client's CDRs inside the offer's window (by ``(owner_id, started_at)``, the CDR table's index),
widened by a day before the start for calls answered after a long ring.
"""

from __future__ import annotations

import datetime
import math
import uuid

from sqlalchemy import ColumnElement, String, and_, cast, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.bundles.schemas import OfferUse
from app.db.models.cdr import Cdr
from app.db.models.client_rates import Offer
from app.lib.errors import NotFoundError

_RING_MARGIN: ColumnElement[datetime.timedelta] = literal_column("interval '1 day'")
_DAY = 86_400


def _days(offer: Offer, now: datetime.datetime) -> tuple[int, int]:
    total = math.ceil((offer.expires_at - offer.starts_at).total_seconds() / _DAY)
    left = (offer.expires_at - max(now, offer.starts_at)).total_seconds()
    return total, max(0, min(total, math.ceil(left / _DAY)))


async def offer_use(
    session: AsyncSession,
    now: datetime.datetime,
    *,
    client_id: uuid.UUID | None = None,
    offer_id: uuid.UUID | None = None,
    active_only: bool = False,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[OfferUse], int]:
    """Offers within the session's reach (newest first) with their calls and seconds."""
    query = select(Offer)
    if client_id is not None:
        query = query.where(Offer.owner_id == client_id)
    if offer_id is not None:
        query = query.where(Offer.id == offer_id)
    if active_only:
        query = query.where(Offer.starts_at <= now, Offer.expires_at > now)
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    offers = list(
        (
            await session.execute(
                query.order_by(Offer.starts_at.desc(), Offer.id).limit(limit).offset(offset)
            )
        ).scalars()
    )
    counts = await _counts(session, [o.id for o in offers])
    found = []
    for offer in offers:
        calls, seconds = counts.get(offer.id, (0, 0))
        days_total, days_left = _days(offer, now)
        found.append(
            OfferUse(
                offer_id=offer.id,
                client_id=offer.owner_id,
                prefix=offer.prefix,
                destination=offer.destination,
                starts_at=offer.starts_at,
                expires_at=offer.expires_at,
                active=offer.starts_at <= now < offer.expires_at,
                days_total=days_total,
                days_remaining=days_left,
                calls=calls,
                seconds=seconds,
            )
        )
    return found, total


async def _counts(
    session: AsyncSession, offer_ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int]]:
    if not offer_ids:
        return {}
    rows = await session.execute(
        select(Offer.id, func.count(Cdr.id), func.coalesce(func.sum(Cdr.billable_seconds), 0))
        .join(
            Cdr,
            and_(
                Cdr.owner_id == Offer.owner_id,
                Cdr.started_at >= Offer.starts_at - _RING_MARGIN,
                Cdr.started_at < Offer.expires_at,
                Cdr.coverage["kind"].astext == "offer",
                Cdr.coverage["offer_id"].astext == cast(Offer.id, String),
            ),
        )
        .where(Offer.id.in_(offer_ids))
        .group_by(Offer.id)
    )
    return {offer_id: (int(calls), int(seconds)) for offer_id, calls, seconds in rows}


async def one_offer_use(
    session: AsyncSession, offer_id: uuid.UUID, now: datetime.datetime
) -> OfferUse:
    found, _ = await offer_use(session, now, offer_id=offer_id, limit=1)
    if not found:
        raise NotFoundError(f"No offer {offer_id}")
    return found[0]
