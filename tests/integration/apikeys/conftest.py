"""Fixtures of the API-key and OAuth tests.

A stand-in call-record read route (``cdrs:read``) exists until the cdrs feature lands.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager

import httpx
import pytest
from litestar import Litestar, get

from app.apikeys.authentication import forget_verifications
from app.asgi import create_app
from app.lib.access import requires
from app.lib.settings import Settings

CLIENT_IP = "192.0.2.10"  # TEST-NET-1
PROBE_READ_CDRS = "/_probe/cdrs"


@get(PROBE_READ_CDRS, opt=requires("cdrs:read"), sync_to_thread=False, include_in_schema=False)
def probe_read_cdrs() -> dict[str, bool]:
    """Stands in for a call-record read route until the cdrs feature exists."""
    return {"ok": True}


@pytest.fixture
def app(settings: Settings) -> Litestar:
    application = create_app(settings)
    application.register(probe_read_cdrs)
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
def fresh_verification_cache() -> Iterator[None]:
    forget_verifications()
    yield
    forget_verifications()
