"""Shared fixtures of the rate-deck tests: an admin, and a client app with a running worker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.asgi import create_app
from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.identity import Account, create_account
from tests.support.worker import running_worker


@pytest.fixture
async def admin(settings: Settings) -> Account:
    return await create_account(settings, Role.ADMIN)


@pytest.fixture
async def deck_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    isolated = replace(settings, redis_prefix=settings.redis_prefix + ":decks")
    async with AsyncTestClient(app=create_app(isolated)) as client:
        with running_worker(isolated):
            yield client
