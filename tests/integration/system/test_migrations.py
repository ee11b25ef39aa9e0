from __future__ import annotations

import asyncio

import asyncpg

from app.lib.db import plain_database_url
from app.lib.migrations import downgrade, upgrade
from tests.support import services


async def _schema(url: str) -> tuple[set[str], set[str], str | None]:
    connection = await asyncpg.connect(plain_database_url(url))
    try:
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        )
        extensions = await connection.fetch("SELECT extname FROM pg_extension")
        version = None
        if any(row["tablename"] == "alembic_version" for row in tables):
            version = await connection.fetchval("SELECT version_num FROM alembic_version")
        return (
            {row["tablename"] for row in tables},
            {row["extname"] for row in extensions},
            version,
        )
    finally:
        await connection.close()


def test_upgrade_downgrade_upgrade_round_trips_on_an_empty_database(
    postgres_admin_url: str,
) -> None:
    url = services.create_database(postgres_admin_url, prefix="tollgate_migrations")
    try:
        upgrade(url)
        tables_at_head, extensions_at_head, version = asyncio.run(_schema(url))
        assert version is not None

        downgrade(url, "base")
        tables_at_base, extensions_at_base, version_at_base = asyncio.run(_schema(url))
        assert tables_at_base <= {"alembic_version"}
        assert version_at_base is None
        assert "citext" not in extensions_at_base

        upgrade(url)
        assert asyncio.run(_schema(url)) == (tables_at_head, extensions_at_head, version)
        assert "citext" in extensions_at_head
    finally:
        services.drop_database(postgres_admin_url, url)


async def test_the_models_match_the_migrations(database_url: str) -> None:
    """A model change without its migration (or the reverse) fails here: make makemigration."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy.ext.asyncio import create_async_engine

    from app.db.models import metadata
    from app.db.models.cdr import not_a_partition
    from app.lib.db import async_database_url

    engine = create_async_engine(async_database_url(database_url))
    try:
        async with engine.connect() as connection:
            diff = await connection.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(
                        sync, opts={"compare_type": True, "include_object": not_a_partition}
                    ),
                    metadata,
                )
            )
    finally:
        await engine.dispose()
    assert diff == [], f"models and migrations differ: {diff}"
