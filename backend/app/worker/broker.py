"""The Dramatiq broker (Redis), shared by the API (to enqueue) and the worker (to consume)."""

from __future__ import annotations

from typing import Any

import dramatiq
from dramatiq.brokers.redis import RedisBroker
from dramatiq.middleware import AsyncIO, default_middleware

from app.lib.settings import Settings
from app.worker.registry import declare_actors


def build_broker(settings: Settings) -> RedisBroker:
    """A Redis broker whose keys live under the deployment's prefix, with every actor declared."""
    middleware = [m() for m in default_middleware] + [AsyncIO()]
    broker = RedisBroker(  # type: ignore[no-untyped-call]
        url=settings.require_redis_url(),
        namespace=f"{settings.redis_prefix}:dramatiq",
        middleware=middleware,
    )
    declare_actors(broker)
    return broker


def enqueue(broker: dramatiq.Broker, actor_name: str, *args: Any, **kwargs: Any) -> str:
    """Send a message to ``actor_name`` and return its message id. Call it after commit."""
    message = broker.get_actor(actor_name).send(*args, **kwargs)
    return str(message.message_id)


def broker_ping(broker: RedisBroker) -> bool:
    """True when the broker's Redis answers (blocking: run it in a thread from async code)."""
    return bool(broker.client.ping())
