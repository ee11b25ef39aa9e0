"""Change notices for the caller cache: ``LISTEN tollgate_call_config`` (migration 0017).

A committed change of any table the caller cache reads (SIP users, clients, plans, decks,
client rates, blocks, restricted prefixes, trunks) makes PostgreSQL notify every listening
connection; the API process listens on one connection of its own and drops its whole cache at
each notice. While it is subscribed the cache keeps entries for
``TOLLGATE_CALL_CACHE_HEARD_SECONDS``; whenever it is not (starting, connection lost, database
restarting) entries live ``TOLLGATE_CALL_CACHE_SECONDS`` again, and every (re)subscription
starts from an empty cache, since a notice may have been missed meanwhile.

A notice costs nothing on the call path: dropping the cache is a few dict clears, and each
caller reloads once on its next call (single-flight, app.calls.cache).
"""

from __future__ import annotations

import asyncio
import contextlib

import asyncpg
import structlog

from app.calls.cache import CallerCache
from app.lib.db import plain_database_url

log = structlog.get_logger("tollgate.calls")

CHANNEL = "tollgate_call_config"
RETRY_SECONDS = 1.0
PING_SECONDS = 10.0
"""How often the idle connection is checked; a silently dropped one is noticed within this."""
PING_TIMEOUT = 5.0


class ChangeListener:
    """Keeps one connection subscribed to :data:`CHANNEL` and tells ``cache`` what it hears."""

    def __init__(self, database_url: str, cache: CallerCache) -> None:
        self._url = plain_database_url(database_url)
        self._cache = cache
        self._task: asyncio.Task[None] | None = None
        self.notices = 0
        self.last_table = ""
        self.changed = asyncio.Event()
        """Set at every notice (for whoever waits for one: tests, diagnostics)."""
        self.subscribed = asyncio.Event()

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name="call-config-listener"
            )

    async def close(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._cache.hearing(False)

    def _notice(self, _conn: object, _pid: int, _channel: str, payload: str) -> None:
        self.notices += 1
        self.last_table = payload
        self._cache.clear()
        self.changed.set()
        log.debug("call configuration changed", table=payload)

    async def _run(self) -> None:
        while True:
            try:
                await self._listen_once()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as exc:
                log.warning("call configuration listener failed", error=repr(exc))
            finally:
                self.subscribed.clear()
                self._cache.hearing(False)
            await asyncio.sleep(RETRY_SECONDS)

    async def _listen_once(self) -> None:
        connection = await asyncpg.connect(self._url, timeout=PING_TIMEOUT)
        lost = asyncio.Event()
        connection.add_termination_listener(lambda _conn: lost.set())
        try:
            await connection.add_listener(CHANNEL, self._notice)
            self._cache.hearing(True)
            self.subscribed.set()
            while not lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(lost.wait(), PING_SECONDS)
                if not lost.is_set():
                    await connection.fetchval("SELECT 1", timeout=PING_TIMEOUT)
        finally:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(connection.close(), PING_TIMEOUT)
