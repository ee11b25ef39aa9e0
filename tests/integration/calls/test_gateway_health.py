"""AGI gateway health: a real gateway beats to the real backend, /ready lists it with its
figures; a gateway that stopped beating turns stale, and after a day it is forgotten."""

from __future__ import annotations

import asyncio
import datetime
import time
from pathlib import Path
from typing import Any

import httpx
from redis.asyncio import Redis

from agi_gateway.config import GatewayConfig
from agi_gateway.gateway import Gateway
from app.lib.settings import Settings
from app.system.gateways import gateway_statuses, gateways_key, record_beat
from app.system.schemas import GatewayBeat
from tests.support.agi import dial
from tests.support.calls import call_world


async def _listed(url: str, gateway_id: str, seconds: float = 20) -> dict[str, Any]:
    """The gateway's entry on /ready once it shows a call in progress."""
    deadline = time.monotonic() + seconds
    async with httpx.AsyncClient(base_url=url) as client:
        while True:
            body = (await client.get("/ready")).json()
            entry = next((g for g in body.get("gateways", []) if g["id"] == gateway_id), None)
            if entry is not None and entry["calls_in_progress"] == 1:
                return entry
            assert time.monotonic() < deadline, body
            await asyncio.sleep(0.1)


async def test_a_running_gateway_is_listed_on_ready_with_its_calls(
    live_server_url: str, settings: Settings, tmp_path: Path
) -> None:
    world = await call_world(settings, credit="10")
    config = GatewayConfig(
        host="127.0.0.1",
        port=0,
        backend_url=live_server_url,
        service_token="test-service-token",
        timeout_ms=5000,
        spool_dir=tmp_path / "spool",
        replay_seconds=3600,
        heartbeat_seconds=0.2,
        gateway_id="box-1",
    )
    async with Gateway(config) as gateway:
        _, granted = await dial(gateway, world, "02079460000")
        assert granted["TOLLGATE_RESULT"] == "ok"
        entry = await _listed(live_server_url, "box-1")
        address = f"127.0.0.1:{gateway.port}"
    assert entry["status"] == "ok"
    assert entry["address"] == address
    assert entry["version"]
    assert entry["spooled"] == 0
    assert entry["seconds_since"] < 30


async def test_a_silent_gateway_turns_stale_and_is_forgotten_after_a_day(
    settings: Settings,
) -> None:
    redis = Redis.from_url(settings.require_redis_url(), decode_responses=True)
    now = datetime.datetime.now(datetime.UTC)
    beat = GatewayBeat("box-2", "10.0.0.2:4573", "1.0", 3, 4, 2)
    try:
        await redis.delete(gateways_key(settings))
        await record_beat(redis, settings, beat, now)
        [fresh] = await gateway_statuses(redis, settings, now)
        stale_at = now + datetime.timedelta(seconds=settings.gateway_stale_seconds + 1)
        [stale] = await gateway_statuses(redis, settings, stale_at)
        gone_at = now + datetime.timedelta(days=1, seconds=1)
        assert await gateway_statuses(redis, settings, gone_at) == []
        assert await redis.hlen(gateways_key(settings)) == 0
    finally:
        await redis.aclose()
    assert (fresh.status, fresh.calls_in_progress, fresh.sessions, fresh.spooled) == ("ok", 3, 4, 2)
    assert (stale.status, stale.address) == ("stale", "10.0.0.2:4573")
    assert stale.seconds_since == settings.gateway_stale_seconds + 1
