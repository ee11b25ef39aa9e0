"""tollgate/authorize through the gateway's socket, against a fake backend on a real port."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from agi_gateway.config import parse_fallback_trunks
from agi_gateway.gateway import Gateway
from tests.unit.agi_gateway.fake_backend import (
    Answer,
    FakeBackend,
    Request,
    grant,
    problem,
    refusal,
)
from tests.unit.agi_gateway.helpers_gateway import AUTHORIZE, config_for, run_call

REFUSAL_CODES = [
    "blocked",
    "no_rate",
    "no_credit",
    "limit_reached",
    "concurrency",
    "ip_not_allowed",
    "suspended",
    "price_cap",
    "no_route",
]
ALICE = {
    "env": {
        "agi_channel": "PJSIP/alice-0000001a",
        "agi_callerid": "+15550001111",
        "agi_accountcode": "acct-7",
        "agi_extension": "s",
    },
    "args": ["15551234567"],
    "variables": {"CHANNEL(pjsip,remote_addr)": "192.0.2.10:5060"},
}


def answer_with(body: Any) -> Any:
    return lambda request: Answer(200, body(request.body["call_id"]))


async def authorize(
    backend: FakeBackend, spool_dir: Path, call: dict[str, Any] | None = None, **config: Any
) -> Any:
    async with Gateway(config_for(backend.url, spool_dir, **config)) as gateway:
        return await run_call(gateway, AUTHORIZE, **(call or ALICE))


async def test_grant_sets_every_dialplan_variable_result_last(
    backend: FakeBackend, spool_dir: Path
) -> None:
    trunks = [
        ("trk-a", "PJSIP/15551234567@carrier-a"),
        ("trk-b", "PJSIP/0015551234567@carrier-b"),
        ("trk-c", "SIP/carrier-c/15551234567"),
    ]
    backend.on_authorize = answer_with(lambda call_id: grant(call_id, trunks, 1800))

    fake = await authorize(backend, spool_dir)

    assert {k: v for k, v in fake.variables.items() if k.startswith("TOLLGATE_")} == {
        "TOLLGATE_RESULT": "ok",
        "TOLLGATE_REASON": "granted",
        "TOLLGATE_TRUNKS": "PJSIP/15551234567@carrier-a|PJSIP/0015551234567@carrier-b|"
        "SIP/carrier-c/15551234567",
        "TOLLGATE_TRUNK_COUNT": "3",
        "TOLLGATE_TRUNK_1": "PJSIP/15551234567@carrier-a",
        "TOLLGATE_TRUNK_ID_1": "trk-a",
        "TOLLGATE_TRUNK_2": "PJSIP/0015551234567@carrier-b",
        "TOLLGATE_TRUNK_ID_2": "trk-b",
        "TOLLGATE_TRUNK_3": "SIP/carrier-c/15551234567",
        "TOLLGATE_TRUNK_ID_3": "trk-c",
        "TOLLGATE_TIMEOUT": "1800",
    }
    assert fake.commands[0] == "GET VARIABLE CHANNEL(pjsip,remote_addr)"
    assert fake.commands[-1] == 'SET VARIABLE TOLLGATE_RESULT "ok"'
    assert fake.closed_by == "gateway"


async def test_authorize_posts_the_call_as_the_contract_describes(
    backend: FakeBackend, spool_dir: Path
) -> None:
    fake = await authorize(backend, spool_dir)

    [request] = backend.authorize_requests()
    assert request.method == "POST"
    assert request.headers["authorization"] == "Bearer test-service-token"
    assert request.body == {
        "call_id": f"1700000000.{fake.number}",
        "sip_user": "alice",
        "account_code": "acct-7",
        "caller_number": "+15550001111",
        "dialled_number": "15551234567",
        "channel": "PJSIP/alice-0000001a",
        "source_ip": "192.0.2.10",
    }


@pytest.mark.parametrize(
    ("call", "expected", "commands"),
    [
        pytest.param(
            {
                "env": {
                    "agi_channel": "SIP/bob-smith-00000003",
                    "agi_callerid": "unknown",
                    "agi_accountcode": "",
                    "agi_extension": "4420794600",
                },
                "variables": {"CHANNEL(peerip)": "198.51.100.4"},
            },
            {
                "sip_user": "bob-smith",
                "account_code": None,
                "caller_number": None,
                "dialled_number": "4420794600",
                "source_ip": "198.51.100.4",
            },
            ["GET VARIABLE CHANNEL(peerip)"],
            id="chan_sip-extension-unknown-caller",
        ),
        pytest.param(
            {
                "env": {"agi_channel": "PJSIP/carol-000000ff", "agi_callerid": ""},
                "variables": {"CHANNEL(pjsip,remote_addr)": "[2001:db8::7]:5061"},
            },
            {"sip_user": "carol", "caller_number": None, "source_ip": "2001:db8::7"},
            ["GET VARIABLE CHANNEL(pjsip,remote_addr)"],
            id="ipv6-remote-address",
        ),
        pytest.param(
            {"env": {"agi_channel": "PJSIP/dave-00000001"}},
            {"sip_user": "dave", "source_ip": None},
            ["GET VARIABLE CHANNEL(pjsip,remote_addr)"],
            id="remote-address-unavailable",
        ),
        pytest.param(
            {"env": {"agi_channel": "Local/100@from-internal-00000002;2"}},
            {"sip_user": None, "source_ip": None},
            [],
            id="local-channel",
        ),
    ],
)
async def test_authorize_fields_come_from_environment_and_channel(
    backend: FakeBackend,
    spool_dir: Path,
    call: dict[str, Any],
    expected: dict[str, Any],
    commands: list[str],
) -> None:
    fake = await authorize(backend, spool_dir, call)

    [request] = backend.authorize_requests()
    assert {key: request.body[key] for key in expected} == expected
    assert [c for c in fake.commands if c.startswith("GET")] == commands


@pytest.mark.parametrize("code", REFUSAL_CODES)
async def test_each_refusal_code_reaches_the_dialplan(
    backend: FakeBackend, spool_dir: Path, code: str
) -> None:
    backend.on_authorize = answer_with(lambda call_id: refusal(call_id, code, f"why: {code}"))

    fake = await authorize(backend, spool_dir)

    assert fake.variables["TOLLGATE_RESULT"] == code
    assert fake.variables["TOLLGATE_REASON"] == f"why: {code}"
    assert fake.variables["TOLLGATE_TRUNK_COUNT"] == "0"
    assert fake.variables["TOLLGATE_TRUNKS"] == ""
    assert fake.variables["TOLLGATE_TIMEOUT"] == ""
    assert "TOLLGATE_TRUNK_1" not in fake.variables


@pytest.mark.parametrize(
    ("status", "detail"),
    [(404, "unknown SIP user 'alice'"), (422, "dialled_number: must not be empty")],
)
async def test_problem_answer_sets_error_with_its_detail(
    backend: FakeBackend, spool_dir: Path, status: int, detail: str
) -> None:
    backend.on_authorize = lambda request: problem(status, detail)

    fake = await authorize(backend, spool_dir)

    assert fake.variables["TOLLGATE_RESULT"] == "error"
    assert fake.variables["TOLLGATE_REASON"] == detail
    assert fake.variables["TOLLGATE_TRUNK_COUNT"] == "0"


async def test_wrong_service_token_is_an_error_even_when_failing_open(
    backend: FakeBackend, spool_dir: Path
) -> None:
    fake = await authorize(
        backend,
        spool_dir,
        service_token="stale-token",
        fail_policy="open",
        failopen_trunks=parse_fallback_trunks("PJSIP/{number}@carrier-a"),
    )

    assert fake.variables["TOLLGATE_RESULT"] == "error"
    assert "TOLLGATE_FAILOPEN" not in fake.variables


async def test_unreachable_backend_fails_closed(backend: FakeBackend, spool_dir: Path) -> None:
    await backend.stop()

    fake = await authorize(backend, spool_dir)

    assert fake.variables["TOLLGATE_RESULT"] == "unavailable"
    assert fake.variables["TOLLGATE_REASON"] == "billing backend unavailable"
    assert fake.variables["TOLLGATE_TRUNK_COUNT"] == "0"


async def test_server_error_fails_closed(backend: FakeBackend, spool_dir: Path) -> None:
    backend.unavailable = True

    fake = await authorize(backend, spool_dir)

    assert fake.variables["TOLLGATE_RESULT"] == "unavailable"


async def test_slow_backend_fails_closed_within_the_timeout(
    backend: FakeBackend, spool_dir: Path
) -> None:
    backend.delay = 3.0
    loop = asyncio.get_running_loop()

    async with Gateway(config_for(backend.url, spool_dir, timeout_ms=300)) as gateway:
        began = loop.time()
        fake = await run_call(gateway, AUTHORIZE, **ALICE)
        elapsed = loop.time() - began

    assert fake.variables["TOLLGATE_RESULT"] == "unavailable"
    assert 0.3 <= elapsed < 1.5  # bounded by the timeout, not by the 3 s backend


async def test_fail_open_grants_the_fallback_trunks_within_the_timeout(
    backend: FakeBackend, spool_dir: Path
) -> None:
    backend.delay = 3.0
    fallback = parse_fallback_trunks("carrier-a=PJSIP/{number}@carrier-a|SIP/carrier-b/{number}")
    config = config_for(
        backend.url,
        spool_dir,
        timeout_ms=300,
        fail_policy="open",
        failopen_trunks=fallback,
        failopen_max_duration=120,
    )
    loop = asyncio.get_running_loop()

    async with Gateway(config) as gateway:
        began = loop.time()
        fake = await run_call(gateway, AUTHORIZE, **ALICE)
        elapsed = loop.time() - began

    assert elapsed < 1.5
    assert fake.variables["TOLLGATE_RESULT"] == "ok"
    assert fake.variables["TOLLGATE_FAILOPEN"] == "yes"
    assert fake.variables["TOLLGATE_TRUNKS"] == (
        "PJSIP/15551234567@carrier-a|SIP/carrier-b/15551234567"
    )
    assert fake.variables["TOLLGATE_TRUNK_COUNT"] == "2"
    assert fake.variables["TOLLGATE_TRUNK_ID_1"] == "carrier-a"
    assert fake.variables["TOLLGATE_TRUNK_ID_2"] == "failopen-2"
    assert fake.variables["TOLLGATE_TIMEOUT"] == "120"


async def test_grant_without_limit_leaves_timeout_empty(
    backend: FakeBackend, spool_dir: Path
) -> None:
    backend.on_authorize = answer_with(lambda call_id: grant(call_id, max_duration=None))

    fake = await authorize(backend, spool_dir)

    assert fake.variables["TOLLGATE_RESULT"] == "ok"
    assert fake.variables["TOLLGATE_TIMEOUT"] == ""


async def test_dial_strings_that_would_break_dial_are_dropped(
    backend: FakeBackend, spool_dir: Path
) -> None:
    trunks = [
        ("parallel", "PJSIP/1@a&PJSIP/1@b"),
        ("good", "PJSIP/15551234567@carrier-a"),
        ("comma", "PJSIP/1@a,30"),
    ]
    backend.on_authorize = answer_with(lambda call_id: grant(call_id, trunks))

    fake = await authorize(backend, spool_dir)

    assert fake.variables["TOLLGATE_RESULT"] == "ok"
    assert fake.variables["TOLLGATE_TRUNK_COUNT"] == "1"
    assert fake.variables["TOLLGATE_TRUNK_ID_1"] == "good"


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(lambda call_id: grant(call_id, trunks=[]), id="grant-without-trunks"),
        pytest.param(lambda call_id: grant(call_id, [("x", "A,B")]), id="only-unsafe-trunks"),
        pytest.param(lambda call_id: grant(call_id, max_duration=0), id="zero-duration"),
        pytest.param(lambda call_id: grant("someone-else"), id="another-call"),
        pytest.param(lambda call_id: {"call_id": call_id, "result": 7}, id="bad-shape"),
        pytest.param(lambda call_id: ["not", "an", "object"], id="not-an-object"),
    ],
)
async def test_unusable_answer_is_an_error_never_a_grant(
    backend: FakeBackend, spool_dir: Path, body: Any
) -> None:
    backend.on_authorize = answer_with(body)

    fake = await authorize(backend, spool_dir)

    assert fake.variables["TOLLGATE_RESULT"] == "error"
    assert fake.variables["TOLLGATE_TRUNK_COUNT"] == "0"


async def test_calls_share_one_kept_alive_backend_connection(
    backend: FakeBackend, spool_dir: Path
) -> None:
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        fakes = [await run_call(gateway, AUTHORIZE, **ALICE) for _ in range(5)]

    assert [fake.variables["TOLLGATE_RESULT"] for fake in fakes] == ["ok"] * 5
    assert backend.connections_opened == 1


async def test_fifty_concurrent_authorizes_each_get_their_own_grant(
    backend: FakeBackend, spool_dir: Path
) -> None:
    def per_call(request: Request) -> Answer:
        call_id = request.body["call_id"]
        return Answer(200, grant(call_id, [(f"trk-{call_id}", "PJSIP/1@a")]))

    backend.on_authorize = per_call

    async with Gateway(config_for(backend.url, spool_dir, timeout_ms=5000)) as gateway:
        fakes = await asyncio.gather(*(run_call(gateway, AUTHORIZE, **ALICE) for _ in range(50)))

    for fake in fakes:
        assert fake.variables["TOLLGATE_TRUNK_ID_1"] == f"trk-1700000000.{fake.number}"
