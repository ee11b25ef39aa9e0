"""PostgreSQL access: URL normalisation and the advanced-alchemy configuration."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    EngineConfig,
    SQLAlchemyAsyncConfig,
)

from app.lib.settings import Settings

_ASYNC_SCHEME = "postgresql+asyncpg"


def async_database_url(url: str) -> str:
    """Return ``url`` with the asyncpg driver, whatever PostgreSQL scheme it was given."""
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "postgresql+asyncpg"}:
        raise ValueError(f"DATABASE_URL must be a PostgreSQL URL, got scheme {parts.scheme!r}")
    return urlunsplit(parts._replace(scheme=_ASYNC_SCHEME))


def plain_database_url(url: str) -> str:
    """Return ``url`` in libpq form (for asyncpg.connect and psql), without a driver suffix."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme="postgresql"))


def alchemy_config(settings: Settings) -> SQLAlchemyAsyncConfig:
    """The one SQLAlchemy configuration the app, workers and migrations share."""
    return SQLAlchemyAsyncConfig(
        connection_string=async_database_url(settings.require_database_url()),
        engine_config=EngineConfig(
            pool_size=settings.db_pool_size,
            max_overflow=settings.db_pool_size,
            pool_pre_ping=True,
            echo=settings.sql_echo,
        ),
        session_config=AsyncSessionConfig(expire_on_commit=False),
        before_send_handler="autocommit",
        create_all=False,
        # Database errors are mapped in app.server.exceptions, not by advanced-alchemy (whose
        # handler answers 409 for any repository error).
        set_default_exception_handler=False,
    )
