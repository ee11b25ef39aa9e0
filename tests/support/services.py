"""Real PostgreSQL and Redis for the tests.

TEST_DATABASE_URL / TEST_REDIS_URL (CI points them at the machine's servers) are used when set;
otherwise an embedded PostgreSQL and Redis are started for the session. Either way each test
session works in a database of its own and under a Redis key prefix of its own, so runs never
see each other's rows or keys.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import redis

from app.lib.db import plain_database_url
from app.lib.embedded import EmbeddedPostgres, EmbeddedRedis


@contextmanager
def postgres_server(scratch: Path) -> Iterator[str]:
    """Yield the admin URL of a PostgreSQL server the session may create databases on."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        yield configured
        return
    server = EmbeddedPostgres(scratch / "postgres", cleanup_mode="delete")
    server.start()
    try:
        yield server.admin_url()
    finally:
        server.stop()


@contextmanager
def redis_server(scratch: Path) -> Iterator[str]:
    configured = os.environ.get("TEST_REDIS_URL")
    if configured:
        yield configured
        return
    server = EmbeddedRedis(scratch / "redis")
    url = server.start()
    try:
        yield url
    finally:
        server.stop()


def database_url_for(admin_url: str, name: str) -> str:
    parts = urlsplit(plain_database_url(admin_url))
    return urlunsplit(parts._replace(path=f"/{name}"))


async def _admin(admin_url: str, statement: str) -> None:
    connection = await asyncpg.connect(plain_database_url(admin_url))
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


def create_database(admin_url: str, prefix: str = "tollgate_test") -> str:
    """Create an empty database with a unique name and return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    return database_url_for(admin_url, name)


def drop_database(admin_url: str, database_url: str) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def unique_redis_prefix() -> str:
    return f"tgtest:{uuid.uuid4().hex[:12]}"


def delete_redis_prefix(redis_url: str, prefix: str) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for start in range(0, len(keys), 500):
            client.delete(*keys[start : start + 500])
    finally:
        client.close()
