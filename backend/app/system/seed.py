"""``tollgate seed-demo``: demo data a newcomer can log in with.

Each feature that has demo data contributes a seeder; seeding is idempotent (running it twice
changes nothing) and returns the logins it guarantees exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.lib.db import async_database_url
from app.lib.settings import Settings


@dataclass(frozen=True, slots=True)
class DemoLogin:
    role: str
    email: str
    password: str


Seeder = Callable[[AsyncSession, Settings], Awaitable[list[DemoLogin]]]

# Features append their seeders here, in dependency order.
SEEDERS: list[Seeder] = []


def _register_seeders() -> None:
    # Importing a feature's seed module appends its seeder, in this (dependency) order.
    from app.accounts import seed as accounts_seed

    del accounts_seed


async def seed_demo(settings: Settings) -> list[DemoLogin]:
    _register_seeders()
    engine = create_async_engine(async_database_url(settings.require_database_url()))
    logins: list[DemoLogin] = []
    try:
        sessions = async_sessionmaker(engine, expire_on_commit=False)
        async with sessions() as session, session.begin():
            for seeder in SEEDERS:
                logins.extend(await seeder(session, settings))
    finally:
        await engine.dispose()
    return logins
