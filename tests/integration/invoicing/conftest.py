"""Shared fixtures of the invoicing tests: the database engine, sessions, and the tenant cast."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.lib.db import async_database_url
from app.lib.settings import Settings
from tests.support.identity import Tenants, make_tenants


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(async_database_url(settings.require_database_url()))
    yield engine
    await engine.dispose()


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


@pytest.fixture
async def tenants(settings: Settings) -> Tenants:
    return await make_tenants(settings)
