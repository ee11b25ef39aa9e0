"""Shared fixtures of the payments tests: the database engine, sessions, and the tenant cast."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from app.lib.db import async_database_url
from app.lib.settings import Settings
from tests.support.identity import Tenants, make_tenants
from tests.support.live import free_port
from tests.support.payments import Inbox


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


@pytest.fixture
def smtp_inbox() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture
def mailing(settings: Settings, smtp_inbox: tuple[Inbox, int]) -> Settings:
    """The test settings sending to the local SMTP server."""
    return replace(settings, smtp_port=smtp_inbox[1], smtp_sender="Tollgate <alerts@tollgate.test>")
