"""Pricing a stored record again through the one rating engine, as the import and finalize do.

The caller's engine context (its plan's decks at their *current* versions, or its SIP user's
deck override, custom rates, offers, reseller margins) comes from ``app.calls.pricing`` and
is built once per SIP user per job. A record is rated at its answer time (its start when
unanswered) for its billable seconds — exactly as ``app.cdrs.store`` rates an import.

(For the lead: ``engine_status`` and the rate call duplicate ``store._status`` / ``store._rating``;
the two can become one helper once both branches are merged.)
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.pricing import Caller, Pricing, caller_pricing
from app.db.models.cdr import RatingStatus
from app.db.models.telephony import SipUser
from app.db.models.user import User
from app.ratedecks.quote import stored_breakdown
from app.rating import CallRating, InvalidNumberError
from app.rating import RatingStatus as EngineStatus


def engine_status(rating: CallRating | None) -> str:
    """The record's rating status for an engine result (None: nothing could price it)."""
    if rating is None or rating.status in (EngineStatus.UNRATED, EngineStatus.BLOCKED):
        return RatingStatus.UNRATED
    if rating.status == EngineStatus.PENDING_PRICE:
        return RatingStatus.PENDING_PRICE
    return RatingStatus.RATED


@dataclass(frozen=True, slots=True)
class StoredRating:
    """What a record holds about its price (before or after re-rating)."""

    rating_status: str
    cost: Decimal | None
    currency: str | None
    matched_prefix: str | None


@dataclass(frozen=True, slots=True)
class Repriced:
    """A record's new rating, as the columns it updates."""

    normalized_number: str | None
    matched_prefix: str | None
    destination: str | None
    rate_id: str | None
    deck_id: uuid.UUID | None
    deck_version: int | None
    cost: Decimal | None
    currency: str | None
    breakdown: dict[str, Any]
    rating_status: str

    def stored(self) -> StoredRating:
        return StoredRating(self.rating_status, self.cost, self.currency, self.matched_prefix)


def _uuid_or_none(value: object) -> uuid.UUID | None:
    try:
        return None if value is None else uuid.UUID(str(value))
    except ValueError:
        return None


def repriced(rating: CallRating) -> Repriced:
    return Repriced(
        normalized_number=rating.number,
        matched_prefix=rating.matched_prefix,
        destination=rating.destination,
        rate_id=None if rating.rate_id is None else str(rating.rate_id),
        deck_id=_uuid_or_none(rating.deck_id),
        deck_version=rating.deck_version,
        cost=rating.total,
        currency=rating.currency,
        breakdown=stored_breakdown(rating),
        rating_status=engine_status(rating),
    )


class CallerPricing:
    """Each SIP user's engine context at current deck versions, built once per job."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._pricing: dict[uuid.UUID, Pricing | None] = {}

    async def pricing(self, sip_user_id: uuid.UUID) -> Pricing | None:
        if sip_user_id not in self._pricing:
            self._pricing[sip_user_id] = await self._build(sip_user_id)
        return self._pricing[sip_user_id]

    async def _build(self, sip_user_id: uuid.UUID) -> Pricing | None:
        sip_user = await self._session.get(SipUser, sip_user_id)
        client = None if sip_user is None else await self._session.get(User, sip_user.owner_id)
        if sip_user is None or client is None:
            return None
        return await caller_pricing(self._session, Caller(sip_user, client))

    async def rate(
        self,
        sip_user_id: uuid.UUID,
        dialled: str,
        at: datetime.datetime,
        billable_seconds: int,
    ) -> CallRating | None:
        """The engine's rating of a call, or None when its caller has no plan now or its
        number cannot be read."""
        pricing = await self.pricing(sip_user_id)
        if pricing is None:
            return None
        try:
            return pricing.context.rate(dialled, at, billable_seconds)
        except InvalidNumberError:
            return None


def should_apply(old: StoredRating, new: Repriced) -> bool:
    """Whether a re-rating changes the record. Only a price is applied: a call the rates no
    longer price (no plan, no match, blocked) keeps its earlier rating, so re-rating never
    silently refunds calls; an unrated call may become pending (its rate is late-billed).
    A record in another currency than its new price is kept (amounts are never mixed)."""
    if new.rating_status == RatingStatus.RATED:
        if old.cost is not None and old.currency not in (None, new.currency):
            return False
        return new.stored() != old
    return new.rating_status == RatingStatus.PENDING_PRICE and (
        old.rating_status == RatingStatus.UNRATED
    )
