"""Session-wide real services and per-test application clients."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.asgi import create_app
from app.lib.migrations import upgrade
from app.lib.settings import Settings
from tests.support import services


@pytest.fixture(scope="session")
def scratch_dir() -> Iterator[Path]:
    # Not pytest's tmp_path: another pytest process may prune those while this one runs.
    path = Path(tempfile.mkdtemp(prefix="tollgate-test-"))
    path.chmod(0o755)  # the embedded PostgreSQL runs as an unprivileged user
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_admin_url(scratch_dir: Path) -> Iterator[str]:
    with services.postgres_server(scratch_dir) as url:
        yield url


@pytest.fixture(scope="session")
def redis_url(scratch_dir: Path) -> Iterator[str]:
    with services.redis_server(scratch_dir) as url:
        yield url


@pytest.fixture(scope="session")
def database_url(postgres_admin_url: str) -> Iterator[str]:
    """A fresh database for this test session, migrated to head."""
    url = services.create_database(postgres_admin_url)
    try:
        upgrade(url)
        yield url
    finally:
        services.drop_database(postgres_admin_url, url)


@pytest.fixture(scope="session")
def settings(database_url: str, redis_url: str) -> Iterator[Settings]:
    prefix = services.unique_redis_prefix()
    yield Settings(
        environment="test",
        database_url=database_url,
        redis_url=redis_url,
        redis_prefix=prefix,
        secret_key="test-secret-key-not-for-production-0123456789",
        service_token="test-service-token",
        log_json=True,
        log_level="WARNING",
        heartbeat_seconds=1,
        heartbeat_stale_seconds=30,
        call_cache_seconds=0,  # tests change SIP users between calls; test_call_cache covers it
        spa_dir=Path(
            "/nonexistent/tollgate-spa"
        ),  # tests/integration/system/test_spa.py builds its own
    )
    services.delete_redis_prefix(redis_url, prefix)


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def live_server_url(settings: Settings) -> Iterator[str]:
    """The API (a real uvicorn process) and a worker process on the session's database and
    Redis, with /ready ok."""
    from tests.support.live import live_stack, stack_env

    env = stack_env(settings)
    with live_stack(env) as url:
        yield url
