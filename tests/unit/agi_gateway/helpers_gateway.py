"""Running the real gateway against FakeAsterisk and the fake backend."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from agi_gateway.config import GatewayConfig
from agi_gateway.gateway import Gateway
from tests.support.fake_asterisk import FakeAsterisk
from tests.unit.agi_gateway.fake_backend import HOST, TOKEN

AUTHORIZE = "tollgate/authorize"
FINALIZE = "tollgate/finalize"


def config_for(backend_url: str, spool_dir: Path, **changes: Any) -> GatewayConfig:
    """A gateway on an ephemeral localhost port, talking to ``backend_url``."""
    base = GatewayConfig(
        host=HOST,
        port=0,
        backend_url=backend_url,
        service_token=TOKEN,
        timeout_ms=2000,  # generous: a loaded CI box must not turn a grant into a timeout
        spool_dir=spool_dir,
        replay_seconds=3600,  # tests replay explicitly unless they say otherwise
    )
    return replace(base, **changes)


async def run_call(gateway: Gateway, script: str, **options: Any) -> FakeAsterisk:
    """One FastAGI call through the gateway's socket, played to the end."""
    async with FakeAsterisk(HOST, gateway.port, script=script, **options) as fake:
        await fake.run_until_closed()
    assert fake.violations == []
    return fake


def spooled_records(spool_dir: Path) -> dict[str, dict[str, Any]]:
    """Spool file name -> record (pending records only)."""
    return {path.name: json.loads(path.read_text()) for path in sorted(spool_dir.glob("*.json"))}


def failed_records(spool_dir: Path) -> dict[str, dict[str, Any]]:
    return spooled_records(spool_dir / "failed")


def leftover_temp_files(spool_dir: Path) -> list[Path]:
    return [*spool_dir.glob("*.tmp"), *spool_dir.glob("failed/*.tmp")]


async def wait_until(predicate: Any, within: float = 3.0) -> None:
    """Poll ``predicate`` (a look at the file system: there is no event to wait for)."""
    async with asyncio.timeout(within):
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
