"""The ordered dial list of a call: SIP user group → SIP user trunk → least cost → default.

Each trunk's number manipulation is applied by ``app.telephony.routing.dial_string``. The loss
guard drops a trunk whose buy cost for a one-minute reference call, plus the configured
minimum margin, is above the call's sell price for the same minute.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.schemas import TrunkChoice
from app.db.models.rate_deck import RateDeck
from app.db.models.telephony import SipUser, Trunk, TrunkGroupMember
from app.ratedecks.snapshot import load_index
from app.rating import CarrierTrunk, PricingContext, RateIndex, least_cost_trunks
from app.telephony.routing import dial_string

REFERENCE_SECONDS = 60


@dataclass(frozen=True, slots=True)
class DialPlan:
    trunks: list[TrunkChoice]
    dropped_for_loss: int
    """How many trunks the loss guard removed (so "no route" can say why)."""


@dataclass(frozen=True, slots=True)
class Carriers:
    """The active trunks, the failover order of every trunk group, and each trunk's buy deck."""

    trunks: dict[uuid.UUID, Trunk]
    groups: dict[uuid.UUID, list[uuid.UUID]]
    buy_decks: list[tuple[uuid.UUID, RateIndex]]


async def load_carriers(session: AsyncSession) -> Carriers:
    rows = (await session.execute(select(Trunk).where(Trunk.status == "active"))).scalars()
    trunks = {t.id: t for t in rows}
    groups: dict[uuid.UUID, list[uuid.UUID]] = {}
    members = await session.execute(
        select(TrunkGroupMember.group_id, TrunkGroupMember.trunk_id).order_by(
            TrunkGroupMember.group_id, TrunkGroupMember.position
        )
    )
    for group_id, trunk_id in members:
        groups.setdefault(group_id, []).append(trunk_id)
    buy_decks = []
    for trunk in trunks.values():
        deck = None if trunk.buy_deck_id is None else await session.get(RateDeck, trunk.buy_deck_id)
        if deck is not None and deck.current_version > 0:
            buy_decks.append((trunk.id, await load_index(session, deck, deck.current_version)))
    return Carriers(trunks, groups, buy_decks)


def _buy_costs(
    carriers: Carriers, context: PricingContext, number: str, at: datetime.datetime
) -> dict[uuid.UUID, Fraction | None]:
    """Trunk id → buy cost of the reference call, cheapest first (trunks covering the number)."""
    candidates = [
        CarrierTrunk(str(trunk_id), index)
        for trunk_id, index in carriers.buy_decks
        if index.currency == context.currency
    ]
    quotes = least_cost_trunks(
        candidates, number, at, reference_seconds=REFERENCE_SECONDS, timezone=context.timezone
    )
    return {uuid.UUID(str(q.trunk_id)): q.reference_cost for q in quotes}


def _at_a_loss(sell: Fraction | None, buy: Fraction | None, margin_percent: int) -> bool:
    return sell is not None and buy is not None and sell < buy * (100 + margin_percent) / 100


def dial_plan(
    carriers: Carriers,
    sip_user: SipUser,
    context: PricingContext,
    number: str,
    at: datetime.datetime,
    sell_per_minute: Fraction | None,
    margin_percent: int,
) -> DialPlan:
    """The dial list in failover order, after the loss guard."""
    costs = _buy_costs(carriers, context, number, at)
    order: list[uuid.UUID] = []
    if sip_user.trunk_group_id is not None:
        order += carriers.groups.get(sip_user.trunk_group_id, [])
    if sip_user.trunk_id is not None:
        order.append(sip_user.trunk_id)
    order += list(costs)
    order += [t.id for t in carriers.trunks.values() if t.is_default]
    choices: list[TrunkChoice] = []
    dropped = 0
    for trunk_id in dict.fromkeys(order):
        trunk = carriers.trunks.get(trunk_id)
        if trunk is None:
            continue
        if _at_a_loss(sell_per_minute, costs.get(trunk_id), margin_percent):
            dropped += 1
            continue
        choices.append(TrunkChoice(str(trunk.id), trunk.name, dial_string(trunk, number)))
    return DialPlan(choices, dropped)
