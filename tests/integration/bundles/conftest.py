"""Shared fixtures of the bundle tests: a system session maker and a client on a plan with
UK landline and UK mobile allowances."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.db.models.bundle import PlanAllowance
from app.db.models.destination import DestinationGroup, DestinationGroupPrefix
from app.db.models.plan import Plan
from app.db.models.user import User
from app.lib.access import Role
from app.lib.db import async_database_url
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from app.rating import NumberingPlan, PricingContext, Rate, RateDeck, build_index
from tests.support.identity import Account, create_account

Sessions = async_sessionmaker[AsyncSession]


@pytest.fixture
async def sessions(settings: Settings) -> AsyncIterator[Sessions]:
    engine = create_async_engine(async_database_url(settings.require_database_url()))
    try:
        yield async_sessionmaker(engine, expire_on_commit=False)
    finally:
        await engine.dispose()


@dataclass
class Bundled:
    """A client whose plan includes 240 min of UK landline and 30 min of UK mobile a month."""

    staff: Account
    client_id: uuid.UUID
    plan_id: uuid.UUID
    landline: uuid.UUID
    mobile: uuid.UUID
    landline_group: uuid.UUID
    mobile_group: uuid.UUID


async def make_bundled(
    settings: Settings, sessions: Sessions, timezone: str = "Europe/London", period: str = "monthly"
) -> Bundled:
    staff = await create_account(settings, Role.ADMIN)
    async with sessions() as session, session.begin():
        bind_system(session)
        plan = Plan(name="Call plan 1", currency="GBP", country_code="44", owner_id=staff.id)
        landline = DestinationGroup(name=f"UK landline {uuid.uuid4().hex[:6]}", owner_id=staff.id)
        mobile = DestinationGroup(name=f"UK mobile {uuid.uuid4().hex[:6]}", owner_id=staff.id)
        session.add_all([plan, landline, mobile])
        await session.flush()
        session.add_all(
            [
                DestinationGroupPrefix(group_id=landline.id, prefix="441"),
                DestinationGroupPrefix(group_id=landline.id, prefix="442"),
                DestinationGroupPrefix(group_id=mobile.id, prefix="447"),
            ]
        )
        allowances = [
            PlanAllowance(
                plan_id=plan.id, group_id=g.id, seconds=s, period=period, owner_id=staff.id
            )
            for g, s in ((landline, 240 * 60), (mobile, 30 * 60))
        ]
        client = User(
            email=f"bundled-{uuid.uuid4().hex[:10]}@example.com",
            password_hash="x",
            role=Role.CLIENT,
            name="Bundled client",
            timezone=timezone,
            currency="GBP",
            plan_id=plan.id,
        )
        session.add_all([*allowances, client])
        await session.flush()
        return Bundled(
            staff,
            client.id,
            plan.id,
            allowances[0].id,
            allowances[1].id,
            landline.id,
            mobile.id,
        )


@pytest.fixture
async def bundled(settings: Settings, sessions: Sessions) -> Bundled:
    return await make_bundled(settings, sessions)


# Landline 0.02/min + 0.05 connect, per minute; mobile 0.10/min, 30 s then 6 s.
UK_DECK = build_index(
    RateDeck(
        "uk",
        1,
        "GBP",
        [
            Rate("landline", "44", "UK landline", Decimal("0.02"), Decimal("0.05"), 60, 60),
            Rate("mobile", "447", "UK mobile", Decimal("0.10"), Decimal(0), 30, 6),
        ],
    )
)
UK_CONTEXT = PricingContext(
    currency="GBP",
    numbering=NumberingPlan("44"),
    timezone=ZoneInfo("Europe/London"),
    plan_decks=[UK_DECK],
)
