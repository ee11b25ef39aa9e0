"""Asterisk's side played by a protocol-exact FastAGI client, through the real gateway, to the
real backend (api + worker processes) and its database: every refusal code, a grant, a
finalize and its charge."""

from __future__ import annotations

from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from agi_gateway.config import GatewayConfig
from agi_gateway.gateway import Gateway
from app.db.models.billing import BillingAccount
from app.db.models.telephony import RestrictedPrefix
from app.db.models.user import User
from app.lib.settings import Settings
from tests.support.agi import agi, channel_env, dial
from tests.support.calls import CallWorld, R, call_world
from tests.support.identity import system_session


@pytest.fixture
async def gateway(live_server_url: str, tmp_path: Path) -> AsyncIterator[Gateway]:
    config = GatewayConfig(
        host="127.0.0.1",
        port=0,
        backend_url=live_server_url,
        service_token="test-service-token",
        timeout_ms=5000,
        spool_dir=tmp_path / "spool",
        replay_seconds=3600,
    )
    async with Gateway(config) as running:
        yield running


async def _suspend_client(settings: Settings, world: CallWorld) -> None:
    session, close = await system_session(settings)
    try:
        user = await session.get(User, world.client.id)
        assert user is not None
        user.status = "suspended"
        await session.commit()
    finally:
        await close()


async def _restrict(settings: Settings, world: CallWorld) -> None:
    session, close = await system_session(settings)
    try:
        session.add(RestrictedPrefix(prefix="44800"))
        await session.commit()
    finally:
        await close()


# code → (world options, number dialled, extra AGI environment, source address)
REFUSALS: dict[str, tuple[dict[str, Any], str, dict[str, str], str]] = {
    "blocked": ({}, "09001234", {}, "192.0.2.10"),
    "no_rate": ({}, "0033123456", {}, "192.0.2.10"),
    "no_credit": ({"credit": "0.05"}, "02079460000", {}, "192.0.2.10"),
    "limit_reached": (
        {"account": {"monthly_spend_cap": Decimal(0)}},
        "02079460000",
        {},
        "192.0.2.10",
    ),
    "concurrency": ({"sip": {"max_concurrent_calls": 0}}, "02079460000", {}, "192.0.2.10"),
    "ip_not_allowed": (
        {"sip": {"allowed_cidrs": ["203.0.113.0/24"]}},
        "02079460000",
        {},
        "198.51.100.7",
    ),
    "suspended": ({"sip": {"status": "suspended"}}, "02079460000", {}, "192.0.2.10"),
    "price_cap": (
        {"account": {"max_price_per_minute": Decimal("0.01")}},
        "02079460000",
        {},
        "192.0.2.10",
    ),
    "no_route": ({"buy": (R("33", "0.01"),)}, "02079460000", {}, "192.0.2.10"),
}


@pytest.mark.parametrize("code", sorted(REFUSALS))
async def test_every_refusal_code_reaches_the_dialplan(
    code: str, gateway: Gateway, settings: Settings
) -> None:
    options, number, env, source_ip = REFUSALS[code]
    world = await call_world(settings, **options)
    _, variables = await dial(gateway, world, number, source_ip, **env)
    assert variables["TOLLGATE_RESULT"] == code, variables.get("TOLLGATE_REASON")
    assert variables["TOLLGATE_TRUNK_COUNT"] == "0"


async def test_a_suspended_account_and_a_restricted_prefix_refuse_too(
    gateway: Gateway, settings: Settings
) -> None:
    world = await call_world(settings)
    await _restrict(settings, world)
    assert (await dial(gateway, world, "0800123456"))[1]["TOLLGATE_RESULT"] == "blocked"
    await _suspend_client(settings, world)
    assert (await dial(gateway, world, "02079460000"))[1]["TOLLGATE_RESULT"] == "suspended"


async def test_a_call_through_the_socket_is_granted_finalized_and_charged_once(
    gateway: Gateway, settings: Settings
) -> None:
    world = await call_world(settings, credit="10")
    call_id, granted = await dial(gateway, world, "020 7946 0000")
    assert granted["TOLLGATE_RESULT"] == "ok"
    assert granted["TOLLGATE_TRUNK_1"] == "PJSIP/442079460000@carrier"
    assert granted["TOLLGATE_TRUNK_ID_1"] == str(world.trunk_id)
    assert granted["TOLLGATE_TIMEOUT"] == "9960"  # 166 blocks of 60 s at 0.06 = 9.96 <= 10
    hangup = {
        "ANSWEREDTIME": "61",
        "DIALSTATUS": "ANSWER",
        "HANGUPCAUSE": "16",
        "TOLLGATE_TRUNK_USED": str(world.trunk_id),
        "TOLLGATE_RESULT": "ok",
    }
    for _ in range(2):  # a duplicate hangup charges nothing more
        await agi(gateway, "tollgate/finalize", channel_env(world, call_id), [], hangup)
    session, close = await system_session(settings)
    try:
        account = await session.get(BillingAccount, world.account_id)
        assert account is not None
        assert (account.balance, account.reserved) == (Decimal("9.88"), 0)
    finally:
        await close()
