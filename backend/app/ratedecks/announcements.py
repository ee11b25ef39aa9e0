"""Deck-version announcements over Redis pub/sub.

Whatever makes a new deck version current (an import today; a copy or an edit later) calls
:func:`publish_deck_version` after its transaction commits. Every API process (started by the
Litestar lifespan) and every worker process runs a listener thread that drops its cached
indexes of that deck's older versions (``snapshot.drop_older_versions``).

A missed announcement (Redis restarting, a process starting late) costs memory, never a wrong
price: indexes are cached by (deck, version) and versions never change, so a stale entry is
only never used again and falls out of the LRU.
"""

from __future__ import annotations

import json
import threading
import uuid

import redis
import redis.asyncio
import structlog

from app.lib.redis import redis_key
from app.lib.settings import Settings
from app.ratedecks.snapshot import drop_older_versions

log = structlog.get_logger(__name__)
RETRY_SECONDS = 1.0
POLL_SECONDS = 1.0


def deck_versions_channel(settings: Settings) -> str:
    return redis_key(settings, "ratedecks", "deck-versions")


def _message(deck_id: uuid.UUID, version: int) -> str:
    return json.dumps({"deck_id": str(deck_id), "version": version})


def publish_deck_version(
    client: redis.Redis, settings: Settings, deck_id: uuid.UUID, version: int
) -> int:
    """Announce that ``version`` is now current for ``deck_id`` (call it after commit); the
    number of processes that heard it."""
    heard: int = client.publish(deck_versions_channel(settings), _message(deck_id, version))
    return heard


async def apublish_deck_version(
    client: redis.asyncio.Redis, settings: Settings, deck_id: uuid.UUID, version: int
) -> int:
    """:func:`publish_deck_version` for asyncio code (API handlers)."""
    heard: int = await client.publish(deck_versions_channel(settings), _message(deck_id, version))
    return heard


def apply_announcement(data: str | bytes) -> int:
    """Drop what an announcement makes stale; how many cached indexes went."""
    try:
        body = json.loads(data)
        deck_id, version = uuid.UUID(body["deck_id"]), int(body["version"])
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("deck_version_announcement_unreadable", error=str(exc))
        return 0
    return drop_older_versions(deck_id, version)


def listen_blocking(
    settings: Settings, stop: threading.Event, ready: threading.Event | None = None
) -> None:
    """Apply every announcement until ``stop`` is set (checked at least every
    :data:`POLL_SECONDS`); resubscribe after a Redis failure. ``ready`` is set once subscribed.

    A thread, not an asyncio task, in the API too: cancelling redis-py's asyncio client while it
    connects can hang forever, and this listener would be cancelled at every shutdown."""
    channel = deck_versions_channel(settings)
    url = settings.require_redis_url()
    # TCP keepalive notices a silently dropped connection; a Unix socket (the embedded Redis)
    # has no such option and redis-py refuses it there.
    keepalive = {} if url.startswith("unix:") else {"socket_keepalive": True}
    client = redis.Redis.from_url(url, socket_connect_timeout=5, **keepalive)
    try:
        while not stop.is_set():
            _listen_once(client, channel, stop, ready)
    finally:
        client.close()


def _listen_once(
    client: redis.Redis, channel: str, stop: threading.Event, ready: threading.Event | None
) -> None:
    pubsub = client.pubsub(ignore_subscribe_messages=True)  # type: ignore[no-untyped-call]
    try:
        pubsub.subscribe(channel)
        if ready is not None:
            ready.set()
        while not stop.is_set():
            message = pubsub.get_message(timeout=POLL_SECONDS)
            if message is not None and message.get("type") == "message":
                apply_announcement(message["data"])
    except redis.RedisError as exc:
        log.warning("deck_version_listener_failed", error=str(exc))
        stop.wait(RETRY_SECONDS)
    finally:
        pubsub.close()


def start_listener_thread(
    settings: Settings, stop: threading.Event, ready: threading.Event | None = None
) -> threading.Thread:
    """Listen in a daemon thread (API lifespan, worker process) until ``stop`` is set."""
    thread = threading.Thread(
        target=listen_blocking,
        args=(settings, stop, ready),
        name="deck-version-listener",
        daemon=True,
    )
    thread.start()
    return thread
