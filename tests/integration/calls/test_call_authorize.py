"""Authorize over HTTP: every grant field and every refusal code, from the real database."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.db.models.telephony import RestrictedPrefix
from app.lib.settings import Settings
from tests.support.calls import SERVICE, R, call_world
from tests.support.identity import system_session

Client = AsyncTestClient[Litestar]


async def _authorize(client: Client, sip_user: str, number: str, **extra: Any) -> dict[str, Any]:
    body = {
        "call_id": extra.pop("call_id", uuid.uuid4().hex),
        "sip_user": sip_user,
        "dialled_number": number,
        "channel": f"PJSIP/{sip_user}-00000001",
        **extra,
    }
    response = await client.post("/internal/v1/calls/authorize", json=body, headers=SERVICE)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def test_a_grant_carries_duration_trunks_rate_and_number(
    client: Client, settings: Settings
) -> None:
    world = await call_world(settings, credit="1.20")
    answer = await _authorize(client, world.sip_user, "020 7946 0000")
    assert answer["result"] == "ok"
    assert answer["normalized_number"] == "442079460000"
    # London: 0.06/min in 60 s blocks; 1.20 pays for exactly 20 minutes.
    assert answer["max_duration"] == 1200
    assert [t["dial_string"] for t in answer["trunks"]] == ["PJSIP/442079460000@carrier"]
    assert answer["rate_id"]


async def test_the_grant_is_reserved_and_the_same_call_id_gets_the_same_grant(
    client: Client, settings: Settings
) -> None:
    world = await call_world(settings, credit="1.20")
    first = await _authorize(client, world.sip_user, "02079460000", call_id="same-call")
    again = await _authorize(client, world.sip_user, "02079460000", call_id="same-call")
    assert again["max_duration"] == first["max_duration"]
    second_call = await _authorize(client, world.sip_user, "02079460000")
    assert second_call["result"] == "no_credit"  # the first call holds all the credit


async def test_an_unknown_sip_user_is_a_404_problem(client: Client) -> None:
    response = await client.post(
        "/internal/v1/calls/authorize",
        json={"call_id": "x1", "sip_user": "nobody", "dialled_number": "123"},
        headers=SERVICE,
    )
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_user_tokens_cannot_authorize(client: Client, settings: Settings) -> None:
    world = await call_world(settings)
    response = await client.post(
        "/internal/v1/calls/authorize",
        json={"call_id": "x2", "sip_user": world.sip_user, "dialled_number": "123"},
        headers=world.client.headers,
    )
    assert response.status_code in (401, 403)


async def test_refusal_suspended_client(client: Client, settings: Settings) -> None:
    world = await call_world(settings)
    session, close = await system_session(settings)
    try:
        from app.db.models.user import User

        user = await session.get(User, world.client.id)
        assert user is not None
        user.status = "suspended"
        await session.commit()
    finally:
        await close()
    assert (await _authorize(client, world.sip_user, "02079460000"))["result"] == "suspended"


async def test_refusal_suspended_sip_user(client: Client, settings: Settings) -> None:
    world = await call_world(settings, sip={"status": "suspended"})
    assert (await _authorize(client, world.sip_user, "02079460000"))["result"] == "suspended"


async def test_refusal_source_address(client: Client, settings: Settings) -> None:
    world = await call_world(settings, sip={"allowed_cidrs": ["203.0.113.0/24"]})
    inside = await _authorize(client, world.sip_user, "02079460000", source_ip="203.0.113.9")
    outside = await _authorize(client, world.sip_user, "02079460000", source_ip="198.51.100.1")
    assert (inside["result"], outside["result"]) == ("ok", "ip_not_allowed")


async def test_refusal_restricted_prefixes(client: Client, settings: Settings) -> None:
    world = await call_world(settings, sip={"restricted_prefixes": ["447"]})
    assert (await _authorize(client, world.sip_user, "07700900000"))["result"] == "blocked"
    session, close = await system_session(settings)
    try:
        session.add(RestrictedPrefix(prefix="441098"))  # global: no other test dials it
        await session.commit()
    finally:
        await close()
    assert (await _authorize(client, world.sip_user, "01098765432"))["result"] == "blocked"


async def test_refusal_caller_id_lists(client: Client, settings: Settings) -> None:
    world = await call_world(settings, sip={"caller_id_deny": ["4490"]})
    denied = await _authorize(client, world.sip_user, "02079460000", caller_number="449012")
    allowed = await _authorize(client, world.sip_user, "02079460000", caller_number="441234")
    assert (denied["result"], allowed["result"]) == ("blocked", "ok")


async def test_refusal_blocked_rate_and_no_rate(client: Client, settings: Settings) -> None:
    world = await call_world(settings)
    assert (await _authorize(client, world.sip_user, "09001234"))["result"] == "blocked"
    assert (await _authorize(client, world.sip_user, "0033123456"))["result"] == "no_rate"
    assert (await _authorize(client, world.sip_user, "call me"))["result"] == "no_rate"


async def test_refusal_no_credit(client: Client, settings: Settings) -> None:
    world = await call_world(settings, credit="0.05")  # London's first block costs 0.06
    assert (await _authorize(client, world.sip_user, "02079460000"))["result"] == "no_credit"


async def test_refusal_concurrency(client: Client, settings: Settings) -> None:
    world = await call_world(settings, sip={"max_concurrent_calls": 1})
    assert (await _authorize(client, world.sip_user, "02079460000"))["result"] == "ok"
    assert (await _authorize(client, world.sip_user, "02079460000"))["result"] == "concurrency"
    account = await call_world(settings, account={"max_concurrent_calls": 0})
    assert (await _authorize(client, account.sip_user, "02079460000"))["result"] == "concurrency"


async def test_refusal_spend_cap(client: Client, settings: Settings) -> None:
    world = await call_world(settings, account={"monthly_spend_cap": Decimal("0.06")})
    first = await _authorize(client, world.sip_user, "02079460000")
    assert (first["result"], first["max_duration"]) == ("ok", 60)  # the cap pays one block
    assert (await _authorize(client, world.sip_user, "02079460000"))["result"] == "limit_reached"


async def test_refusal_price_caps(client: Client, settings: Settings) -> None:
    world = await call_world(settings, account={"max_price_per_minute": Decimal("0.10")})
    assert (await _authorize(client, world.sip_user, "07700900000"))["result"] == "price_cap"
    assert (await _authorize(client, world.sip_user, "02079460000"))["result"] == "ok"
    per_call = await call_world(settings, account={"max_price_per_call": Decimal("0.01")})
    assert (await _authorize(client, per_call.sip_user, "02079460000"))["result"] == "price_cap"


async def test_refusal_no_route_and_the_loss_guard(client: Client, settings: Settings) -> None:
    # The carrier sells UK mobiles at 0.50/min: above our 0.30 sell price.
    world = await call_world(settings, buy=(R("44", "0.01"), R("447", "0.50")))
    answer = await _authorize(client, world.sip_user, "07700900000")
    assert answer["result"] == "no_route"
    assert "loss guard" in answer["detail"]
    assert (await _authorize(client, world.sip_user, "02079460000"))["result"] == "ok"
