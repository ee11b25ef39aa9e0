"""Playing Asterisk against the real gateway: one FastAGI script run, one dialled call."""

from __future__ import annotations

import uuid

from agi_gateway.gateway import Gateway
from tests.support.calls import CallWorld
from tests.support.fake_asterisk import FakeAsterisk


def channel_env(world: CallWorld, call_id: str, **extra: str) -> dict[str, str]:
    return {
        "agi_channel": f"PJSIP/{world.sip_user}-0000001a",
        "agi_uniqueid": call_id,
        "agi_callerid": extra.pop("caller", "441632960001"),
        "agi_accountcode": "",
        **extra,
    }


async def agi(
    gateway: Gateway, script: str, env: dict[str, str], args: list[str], variables: dict[str, str]
) -> FakeAsterisk:
    async with FakeAsterisk(
        "127.0.0.1", gateway.port, script=script, env=env, args=args, variables=variables
    ) as fake:
        await fake.run_until_closed()
    assert fake.violations == []
    return fake


async def dial(
    gateway: Gateway, world: CallWorld, number: str, source_ip: str = "192.0.2.10", **env: str
) -> tuple[str, dict[str, str]]:
    call_id = f"{uuid.uuid4().int % 10**10}.{uuid.uuid4().int % 1000}"
    fake = await agi(
        gateway,
        "tollgate/authorize",
        channel_env(world, call_id, **env),
        [number],
        {"CHANNEL(pjsip,remote_addr)": f"{source_ip}:5060"},
    )
    return call_id, fake.variables
