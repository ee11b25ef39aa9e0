"""The fast lane (app.server.fast_lane) answers the gateway's requests as the routes do."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.settings import Settings
from app.server import fast_lane
from tests.support.calls import SERVICE, call_world

Client = AsyncTestClient[Litestar]
HANGUP = {"billable_seconds": 61, "disposition": "ANSWER", "ended_at": "2026-11-23T10:01:02Z"}


@pytest.fixture
def lane_answers(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The payloads the lane sent itself (the rest went down the ordinary stack)."""
    sent: list[bytes] = []
    original = fast_lane._send_json

    async def counting(send: Any, payload: bytes, request_id: bytes) -> None:
        sent.append(payload)
        await original(send, payload, request_id)

    monkeypatch.setattr(fast_lane, "_send_json", counting)
    return sent


async def test_the_lane_answers_what_the_route_answers(
    client: Client, settings: Settings, lane_answers: list[bytes]
) -> None:
    world = await call_world(settings, credit="100")
    call_id = uuid.uuid4().hex
    body = {"call_id": call_id, "sip_user": world.sip_user, "dialled_number": "02079460000"}
    granted = await client.post("/internal/v1/calls/authorize", json=body, headers=SERVICE)
    assert granted.status_code == 200 and granted.json()["result"] == "ok"
    assert granted.headers["x-request-id"] and granted.headers["content-type"] == (
        "application/json"
    )
    again = await client.post("/internal/v1/calls/authorize?route=1", json=body, headers=SERVICE)
    assert again.json() == {**granted.json(), "detail": "already authorized"}

    path = f"/internal/v1/calls/{call_id}/finalize"
    charged = await client.post(path, json=HANGUP, headers=SERVICE)
    replayed = await client.post(f"{path}?route=1", json=HANGUP, headers=SERVICE)
    assert charged.status_code == replayed.status_code == 200
    assert charged.content == replayed.content  # byte for byte: the stored answer, same encoding
    assert lane_answers == [granted.content, charged.content]


async def test_what_the_lane_declines_gets_the_routes_problems(
    client: Client, settings: Settings, lane_answers: list[bytes]
) -> None:
    world = await call_world(settings)
    body = {"call_id": "x1", "sip_user": world.sip_user, "dialled_number": "02079460000"}
    wrong_type = await client.post(
        "/internal/v1/calls/authorize", json={**body, "sip_user": 7}, headers=SERVICE
    )
    unknown_field = await client.post(
        "/internal/v1/calls/authorize", json={**body, "extra": 1}, headers=SERVICE
    )
    no_token = await client.post("/internal/v1/calls/authorize", json=body)
    user_token = await client.post(
        "/internal/v1/calls/authorize", json=body, headers=world.client.headers
    )
    unknown_call = await client.post(
        "/internal/v1/calls/never-authorized/finalize", json=HANGUP, headers=SERVICE
    )
    bad_call_id = await client.post(
        "/internal/v1/calls/bad%20id/finalize", json=HANGUP, headers=SERVICE
    )
    statuses = [
        r.status_code
        for r in (wrong_type, unknown_field, no_token, user_token, unknown_call, bad_call_id)
    ]
    assert statuses == [400, 400, 401, 401, 404, 404]  # the route refuses the id with a 404
    for response in (wrong_type, unknown_field, no_token, unknown_call, bad_call_id):
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.headers["x-request-id"]
    assert lane_answers == []
