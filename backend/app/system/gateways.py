"""AGI gateway health: each gateway beats every few seconds; the backend keeps the last beat.

Beats live in one Redis hash (``<prefix>:agi:gateways``, gateway id → JSON), written by
``POST /internal/v1/gateways/heartbeat`` and listed on ``/ready``: a gateway is ``stale`` when
its last beat is older than ``TOLLGATE_GATEWAY_STALE_SECONDS``. A gateway silent for a day is
dropped from the list (it was retired, or renamed).
"""

from __future__ import annotations

import datetime
import json

from redis.asyncio import Redis

from app.lib.redis import redis_key
from app.lib.settings import Settings
from app.system.schemas import GatewayBeat, GatewayStatus

FORGET_AFTER = datetime.timedelta(days=1)


def gateways_key(settings: Settings) -> str:
    return redis_key(settings, "agi", "gateways")


async def record_beat(
    redis: Redis, settings: Settings, beat: GatewayBeat, now: datetime.datetime
) -> GatewayStatus:
    entry = {
        "id": beat.id,
        "address": beat.address,
        "version": beat.version,
        "calls_in_progress": beat.calls_in_progress,
        "sessions": beat.sessions,
        "spooled": beat.spooled,
        "last_seen": now.isoformat(),
    }
    await redis.hset(gateways_key(settings), beat.id, json.dumps(entry))
    return _status(entry, settings, now)


def _status(entry: dict[str, object], settings: Settings, now: datetime.datetime) -> GatewayStatus:
    seen = datetime.datetime.fromisoformat(str(entry["last_seen"]))
    age = (now - seen).total_seconds()
    return GatewayStatus(
        id=str(entry["id"]),
        address=str(entry["address"]),
        version=str(entry["version"]),
        calls_in_progress=int(str(entry["calls_in_progress"])),
        sessions=int(str(entry["sessions"])),
        spooled=int(str(entry["spooled"])),
        last_seen=seen,
        seconds_since=round(max(0.0, age), 1),
        status="ok" if age <= settings.gateway_stale_seconds else "stale",
    )


async def gateway_statuses(
    redis: Redis, settings: Settings, now: datetime.datetime
) -> list[GatewayStatus]:
    """Every gateway heard from within a day, by id; beats older than that are removed."""
    key = gateways_key(settings)
    statuses, forgotten = [], []
    for gateway_id, raw in (await redis.hgetall(key)).items():
        status = _status(json.loads(raw), settings, now)
        if now - status.last_seen > FORGET_AFTER:
            forgotten.append(gateway_id)
        else:
            statuses.append(status)
    if forgotten:
        await redis.hdel(key, *forgotten)
    return sorted(statuses, key=lambda s: s.id)
