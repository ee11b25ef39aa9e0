"""A new current deck version is announced over Redis pub/sub and every process drops that
deck's older cached indexes — tested on the real Redis: the listener thread itself, and end to
end through an import (the worker publishes, the API lifespan's listener drops)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.settings import Settings
from app.ratedecks import snapshot
from app.ratedecks.announcements import (
    deck_versions_channel,
    publish_deck_version,
    start_listener_thread,
)
from tests.integration.ratedecks.test_rate_imports import CELLHUB, _deck, _import
from tests.support.identity import Account


@pytest.fixture
def cached() -> Iterator[Callable[[uuid.UUID, int], None]]:
    """Put a placeholder index in the process cache; the test's entries go away afterwards."""
    keys: list[tuple[uuid.UUID, int]] = []

    def put(deck_id: uuid.UUID, version: int) -> None:
        with snapshot._lock:
            snapshot._cache[(deck_id, version)] = object()  # type: ignore[assignment]
        keys.append((deck_id, version))

    yield put
    with snapshot._lock:
        for key in keys:
            snapshot._cache.pop(key, None)


async def _until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the announcement was not applied in time"
        await asyncio.sleep(0.02)


async def test_the_listener_drops_older_versions_of_the_announced_deck_only(
    settings: Settings, cached: Callable[[uuid.UUID, int], None]
) -> None:
    deck, other = uuid.uuid4(), uuid.uuid4()
    for key in ((deck, 1), (deck, 2), (deck, 3), (other, 1)):
        cached(*key)
    stop, ready = threading.Event(), threading.Event()
    thread = start_listener_thread(settings, stop, ready)
    publisher = redis.Redis.from_url(settings.require_redis_url())
    try:
        assert ready.wait(10), "the listener did not subscribe"
        assert publish_deck_version(publisher, settings, deck, 3) >= 1
        await _until(lambda: snapshot.cached_versions(deck) == [3])
        assert snapshot.cached_versions(other) == [1]
        # Something that is not an announcement is logged and ignored.
        publisher.publish(deck_versions_channel(settings), "not json")
        assert publish_deck_version(publisher, settings, other, 2) >= 1
        await _until(lambda: snapshot.cached_versions(other) == [])
    finally:
        stop.set()
        publisher.close()
        thread.join(timeout=5)
    assert not thread.is_alive()


async def test_an_import_makes_every_process_forget_the_previous_version(
    deck_client: AsyncTestClient[Litestar], admin: Account
) -> None:
    deck = await _deck(deck_client, admin)
    await _import(deck_client, admin, deck, CELLHUB)
    quoted = await deck_client.post(
        "/api/v1/rating/quote",
        headers=admin.headers,
        json={"deck_id": deck, "number": "+905551234567", "duration": 61},
    )
    assert quoted.status_code == 200
    assert snapshot.cached_versions(uuid.UUID(deck)) == [1]
    second = await _import(deck_client, admin, deck, CELLHUB.replace("0.12,1,1", "0.10,1,1"))
    assert second["status"] == "succeeded"
    # The worker announced version 2; this API process's lifespan listener dropped version 1.
    await _until(lambda: snapshot.cached_versions(uuid.UUID(deck)) == [])
