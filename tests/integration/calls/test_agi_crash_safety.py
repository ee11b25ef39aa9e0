"""Crash safety: the backend is killed between authorize and finalize. The gateway spools the
hangup, the backend comes back, the spool is replayed (twice, even) → exactly one charge."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select

from agi_gateway.config import GatewayConfig
from agi_gateway.gateway import Gateway
from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.cdr import Cdr
from app.lib.settings import Settings
from tests.support.agi import agi, channel_env, dial
from tests.support.calls import call_world
from tests.support.identity import system_session
from tests.support.live import free_port, stack_env, wait_until_healthy


@contextmanager
def api_process(settings: Settings, port: int) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, **stack_env(settings), "TOLLGATE_PORT": str(port)}
    env["TOLLGATE_HOST"] = "127.0.0.1"
    process = subprocess.Popen([sys.executable, "-m", "app.cli", "api"], env=env)
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}", process, seconds=60)
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


async def _charges(
    settings: Settings, account_id: object, call_id: str
) -> tuple[int, int, Decimal]:
    session, close = await system_session(settings)
    try:
        entries = (
            await session.execute(
                select(func.count()).where(
                    LedgerEntry.account_id == account_id, LedgerEntry.kind == "call_charge"
                )
            )
        ).scalar_one()
        cdrs = (
            await session.execute(select(func.count()).where(Cdr.external_id == call_id))
        ).scalar_one()
        account = await session.get(BillingAccount, account_id)
        assert account is not None
        return int(entries), int(cdrs), account.balance
    finally:
        await close()


async def test_a_hangup_during_a_backend_crash_is_charged_exactly_once(
    settings: Settings, tmp_path: Path
) -> None:
    world = await call_world(settings, credit="10")
    port = free_port()
    config = GatewayConfig(
        host="127.0.0.1",
        port=0,
        backend_url=f"http://127.0.0.1:{port}",
        service_token="test-service-token",
        timeout_ms=3000,
        spool_dir=tmp_path / "spool",
        replay_seconds=3600,
    )
    hangup = {"ANSWEREDTIME": "61", "DIALSTATUS": "ANSWER", "HANGUPCAUSE": "16"}
    hangup["TOLLGATE_RESULT"] = "ok"
    async with Gateway(config) as gateway:
        with api_process(settings, port) as api:
            call_id, granted = await dial(gateway, world, "02079460000")
            assert granted["TOLLGATE_RESULT"] == "ok"
            os.kill(api.pid, signal.SIGKILL)
            api.wait()
        await agi(gateway, "tollgate/finalize", channel_env(world, call_id), [], hangup)
        assert [p.name for p in (tmp_path / "spool").glob("*.json")], "finalize was not spooled"
        assert await _charges(settings, world.account_id, call_id) == (0, 0, Decimal(10))
        with api_process(settings, port):
            first = await gateway.replayer.replay_once()
            await gateway.replayer.replay_once()
            await agi(gateway, "tollgate/finalize", channel_env(world, call_id), [], hangup)
    assert not list((tmp_path / "spool").glob("*.json")), first
    assert await _charges(settings, world.account_id, call_id) == (1, 1, Decimal("9.88"))
