"""Shared fixtures of the bundle tests: a system session maker and a client on a plan with
UK landline and UK mobile allowances."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.cdrs.imports import parse_file
from app.cdrs.ingest import IngestTarget, ingest
from app.db.models.bundle import PlanAllowance
from app.db.models.destination import DestinationGroup, DestinationGroupPrefix
from app.db.models.plan import Plan
from app.db.models.user import User
from app.lib.access import Role
from app.lib.db import async_database_url
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from app.rating import NumberingPlan, PricingContext, Rate, RateDeck, build_index
from tests.support.calls import CallWorld, R, call_world
from tests.support.identity import Account, create_account, system_session

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


# --- Imported calls against a plan with allowances (a real deck, plan and SIP user) -----------

# Landline 0.02/min + 0.05 connect, per minute; mobile 0.10/min, 30 s then 6 s; France 0.12/min.
UK_IMPORT_RATES = (
    R("44", "0.020000", 60, 60, connect="0.05", destination="UK landline"),
    R("447", "0.100000", 30, 6, destination="UK mobile"),
    R("33", "0.120000", destination="France"),
)


@dataclass
class ImportWorld:
    world: CallWorld
    landline: uuid.UUID | None = None
    mobile: uuid.UUID | None = None
    names: tuple[str, str] = ("", "")
    """The landline and mobile groups' names."""


async def import_world(
    settings: Settings, *, allowances: bool = True, parent: Account | None = None
) -> ImportWorld:
    """A London client on a USD plan over :data:`UK_IMPORT_RATES`; with ``allowances``, the
    plan includes 240 min of UK landline (441, 442) and 30 min of UK mobile (447) a month."""
    world = await call_world(settings, credit="100", rates=UK_IMPORT_RATES, parent=parent)
    if not allowances:
        return ImportWorld(world)
    session, close = await system_session(settings)
    try:
        owner = world.owner.id
        landline = DestinationGroup(name=f"UK landline {uuid.uuid4().hex[:6]}", owner_id=owner)
        mobile = DestinationGroup(name=f"UK mobile {uuid.uuid4().hex[:6]}", owner_id=owner)
        session.add_all([landline, mobile])
        await session.flush()
        session.add_all(
            [
                DestinationGroupPrefix(group_id=landline.id, prefix="441"),
                DestinationGroupPrefix(group_id=landline.id, prefix="442"),
                DestinationGroupPrefix(group_id=mobile.id, prefix="447"),
            ]
        )
        rows = [
            PlanAllowance(
                plan_id=world.plan_id, group_id=g.id, seconds=s, period="monthly", owner_id=owner
            )
            for g, s in ((landline, 240 * 60), (mobile, 30 * 60))
        ]
        session.add_all(rows)
        await session.commit()
        return ImportWorld(world, rows[0].id, rows[1].id, (landline.name, mobile.name))
    finally:
        await close()


CSV_HEADER = "external_id,channel,from,to,start,duration,billsec\n"


def csv_line(external_id: str, sip_user: str, to: str, start: str, billsec: int) -> str:
    """One answered outbound call of ``sip_user`` (start in UTC, ISO)."""
    return f"{external_id},PJSIP/{sip_user}-0001,441632960000,{to},{start},{billsec},{billsec}\n"


async def import_csv(
    settings: Settings, importer: Account, content: str, key: str
) -> dict[str, object]:
    """Parse ``content`` as a generic CSV and ingest it as ``importer`` (source "bundled"), in
    one committed transaction, as the import job does; the ingest result."""
    table = parse_file(
        content.encode(), {"timezone": "UTC", "date_format": "iso", "format": "generic"}, _quiet
    )
    assert not table.errors, table.errors
    session, close = await system_session(settings)
    try:
        user = await session.get(User, importer.id)
        assert user is not None
        target = IngestTarget("bundled", user, key, datetime.datetime.now(datetime.UTC))
        result = await ingest(session, table.records, target)
        await session.commit()
        return result
    finally:
        await close()


def _quiet(done: int) -> None:
    """No progress reports."""
