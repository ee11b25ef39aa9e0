"""Rate decks and their versions: create, read, rename, delete; list and search rates.

Scoping applies as everywhere: a deck belongs to the admin or reseller who made it, and is
invisible to everyone else (clients are priced through their plan, not shown raw decks).
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import (
    Actor,
    delete_audited,
    record_change,
    snapshot,
    update_audited,
)
from app.db.models.rate_deck import Rate, RateDeck, RateDeckVersion
from app.lib.access import Principal
from app.lib.errors import NotFoundError
from app.ratedecks.schemas import DeckCreate, DeckUpdate


class DeckRepository(SQLAlchemyAsyncRepository[RateDeck]):
    model_type = RateDeck


async def get_deck(session: AsyncSession, deck_id: uuid.UUID) -> RateDeck:
    deck = await session.get(RateDeck, deck_id)
    if deck is None:
        raise NotFoundError(f"No rate deck {deck_id}")
    return deck


async def list_decks(
    session: AsyncSession, *, limit: int, offset: int, kind: str | None, search: str | None
) -> tuple[list[RateDeck], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("name", "asc")]
    if kind:
        filters.append(RateDeck.kind == kind)
    if search:
        filters.append(RateDeck.name.ilike(f"%{search}%"))
    decks, total = await DeckRepository(session=session).list_and_count(*filters)
    return list(decks), total


async def create_deck(
    session: AsyncSession, actor: Actor, principal: Principal, data: DeckCreate
) -> RateDeck:
    deck = RateDeck(
        **msgspec.structs.asdict(data),
        current_version=0,
        owner_id=principal.user_id,
        reseller_id=principal.reseller_scope,
    )
    session.add(deck)
    await session.flush()
    await record_change(
        session,
        actor,
        action="rate_deck.create",
        object_type="rate_deck",
        object_id=deck.id,
        owner_id=deck.owner_id,
        reseller_id=deck.reseller_id,
        after=snapshot(deck),
    )
    return deck


async def update_deck(
    session: AsyncSession, actor: Actor, deck_id: uuid.UUID, patch: DeckUpdate
) -> RateDeck:
    deck = await get_deck(session, deck_id)
    changes = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not msgspec.UNSET}
    await update_audited(session, actor, deck, changes, "rate_deck.update")
    return deck


async def delete_deck(session: AsyncSession, actor: Actor, deck_id: uuid.UUID) -> None:
    """A deck still used by a plan cannot be deleted (409 from the foreign key)."""
    await delete_audited(session, actor, await get_deck(session, deck_id), object_type="rate_deck")


async def list_versions(session: AsyncSession, deck_id: uuid.UUID) -> list[RateDeckVersion]:
    await get_deck(session, deck_id)
    rows = await session.execute(
        select(RateDeckVersion)
        .where(RateDeckVersion.deck_id == deck_id)
        .order_by(RateDeckVersion.version.desc())
    )
    return list(rows.scalars())


async def list_rates(
    session: AsyncSession,
    deck_id: uuid.UUID,
    *,
    version: int | None,
    search: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Rate], int]:
    """Rates of a deck version (default: current), by prefix; ``search`` matches a prefix start
    or a destination name."""
    deck = await get_deck(session, deck_id)
    wanted = deck.current_version if version is None else version
    version_id = (
        await session.execute(
            select(RateDeckVersion.id).where(
                RateDeckVersion.deck_id == deck.id, RateDeckVersion.version == wanted
            )
        )
    ).scalar_one_or_none()
    if version_id is None:
        if version is None:
            return [], 0
        raise NotFoundError(f"Rate deck {deck_id} has no version {version}")
    query = select(Rate).where(Rate.version_id == version_id)
    if search:
        query = query.where(
            or_(Rate.prefix.startswith(search), Rate.destination.ilike(f"%{search}%"))
        )
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar_one()
    rows = await session.execute(query.order_by(Rate.prefix).limit(limit).offset(offset))
    return list(rows.scalars()), total
