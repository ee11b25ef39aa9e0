"""Fixed-window counters in Redis (sign-in attempts per account and per address)."""

from __future__ import annotations

from redis.asyncio import Redis


async def attempts(client: Redis, key: str) -> tuple[int, int]:
    """The count in the current window and the seconds until it resets."""
    async with client.pipeline(transaction=False) as pipe:
        pipe.get(key)
        pipe.ttl(key)
        raw, ttl = await pipe.execute()
    return int(raw or 0), max(int(ttl), 1)


async def record_attempt(client: Redis, key: str, window_seconds: int) -> int:
    # SET NX EX starts the window once; works on Redis 6.2 (the embedded one) where EXPIRE NX
    # does not exist.
    async with client.pipeline(transaction=True) as pipe:
        pipe.set(key, 0, ex=window_seconds, nx=True)
        pipe.incr(key)
        _, count = await pipe.execute()
    return int(count)


async def clear(client: Redis, key: str) -> None:
    await client.delete(key)
