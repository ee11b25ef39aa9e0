"""Finalizes the backend could not take: spooled durably, replayed once, never lost or doubled."""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from agi_gateway.gateway import Gateway
from tests.unit.agi_gateway.fake_backend import FakeBackend, problem
from tests.unit.agi_gateway.helpers_gateway import (
    FINALIZE,
    config_for,
    failed_records,
    leftover_temp_files,
    run_call,
    spooled_records,
    wait_until,
)

ANSWERED_CALL = {
    "TOLLGATE_RESULT": "ok",
    "ANSWEREDTIME": "30",
    "DIALSTATUS": "ANSWER",
    "HANGUPCAUSE": "16",
    "TOLLGATE_TRUNK_USED": "trk-a",
}
_ids = itertools.count(1)


def new_call(backend: FakeBackend) -> str:
    call_id = f"1700000900.{next(_ids)}"
    backend.authorized.add(call_id)
    return call_id


async def hang_up(gateway: Gateway, call_id: str, **variables: str) -> None:
    await run_call(
        gateway,
        FINALIZE,
        env={"agi_uniqueid": call_id},
        variables={**ANSWERED_CALL, **variables},
        dead_channel=True,
    )


async def unreachable(backend: FakeBackend) -> None:
    await backend.stop()


async def answers_503(backend: FakeBackend) -> None:
    backend.unavailable = True


async def too_slow(backend: FakeBackend) -> None:
    backend.delay = 5.0  # the gateway's timeout in these tests is 2 s


async def restore(backend: FakeBackend) -> None:
    backend.unavailable = False
    backend.delay = 0.0
    if backend._server is None:
        await backend.start()  # same port: the gateway's URL is unchanged


Outage = Callable[[FakeBackend], Awaitable[None]]
OUTAGES = [
    pytest.param(unreachable, id="unreachable"),
    pytest.param(answers_503, id="503"),
    pytest.param(too_slow, id="timeout"),
]


@pytest.mark.parametrize("outage", OUTAGES)
async def test_undeliverable_finalize_is_spooled_then_replayed_exactly_once(
    backend: FakeBackend, spool_dir: Path, outage: Outage
) -> None:
    call_id = new_call(backend)
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        await outage(backend)
        await hang_up(gateway, call_id)

        [record] = spooled_records(spool_dir).values()
        assert record["call_id"] == call_id
        assert record["body"]["billable_seconds"] == 30
        assert record["body"]["trunk_id"] == "trk-a"

        await restore(backend)
        first = await gateway.replayer.replay_once()
        again = await gateway.replayer.replay_once()

    assert (first.delivered, first.failed, first.remaining) == (1, 0, 0)
    assert (again.delivered, again.failed, again.remaining) == (0, 0, 0)
    assert spooled_records(spool_dir) == {}
    assert backend.charges == {call_id: 1}
    # What was replayed is exactly what was spooled, ended_at included.
    assert backend.finalize_requests(call_id)[-1].body == record["body"]
    assert leftover_temp_files(spool_dir) == []


async def test_replay_with_the_backend_still_down_keeps_every_record(
    backend: FakeBackend, spool_dir: Path
) -> None:
    calls = [new_call(backend) for _ in range(3)]
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        backend.unavailable = True
        for call_id in calls:
            await hang_up(gateway, call_id)

        still_down = await gateway.replayer.replay_once()

    assert (still_down.delivered, still_down.remaining) == (0, 3)
    assert len(spooled_records(spool_dir)) == 3
    assert backend.charges == {}


async def test_records_left_by_an_earlier_run_are_replayed_at_start(
    backend: FakeBackend, spool_dir: Path
) -> None:
    call_id = new_call(backend)
    await backend.stop()
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        await hang_up(gateway, call_id)
    assert len(spooled_records(spool_dir)) == 1

    await backend.start()
    async with Gateway(config_for(backend.url, spool_dir)):
        await wait_until(lambda: not spooled_records(spool_dir))

    assert backend.charges == {call_id: 1}


async def test_periodic_replay_delivers_without_being_asked(
    backend: FakeBackend, spool_dir: Path
) -> None:
    call_id = new_call(backend)
    async with Gateway(config_for(backend.url, spool_dir, replay_seconds=1)) as gateway:
        backend.unavailable = True
        await hang_up(gateway, call_id)
        backend.unavailable = False
        await wait_until(lambda: not spooled_records(spool_dir), within=3)

    assert backend.charges == {call_id: 1}


async def test_a_delivered_finalize_wakes_the_replayer(
    backend: FakeBackend, spool_dir: Path
) -> None:
    spooled, live = new_call(backend), new_call(backend)
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        backend.unavailable = True
        await hang_up(gateway, spooled)
        backend.unavailable = False
        await hang_up(gateway, live)
        await wait_until(lambda: not spooled_records(spool_dir))

    assert backend.charges == {spooled: 1, live: 1}


async def test_rejected_at_replay_moves_to_failed_with_the_problem(
    backend: FakeBackend, spool_dir: Path
) -> None:
    call_id = new_call(backend)
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        backend.unavailable = True
        await hang_up(gateway, call_id)
        backend.unavailable = False
        backend.authorized.discard(call_id)  # e.g. the backend's database was restored

        outcome = await gateway.replayer.replay_once()

    assert (outcome.delivered, outcome.failed) == (0, 1)
    assert spooled_records(spool_dir) == {}
    [record] = failed_records(spool_dir).values()
    assert record["call_id"] == call_id
    assert record["status"] == 404
    assert record["problem"]["title"] == "Not Found"
    assert record["problem"]["detail"] == f"call {call_id} was never authorized"
    assert record["body"]["billable_seconds"] == 30


@pytest.mark.parametrize("status", [401, 403])
async def test_refused_credentials_keep_records_spooled(
    backend: FakeBackend, spool_dir: Path, status: int
) -> None:
    call_id = new_call(backend)
    backend.on_finalize = lambda request: problem(status, "bad service token")
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        await hang_up(gateway, call_id)
        assert len(spooled_records(spool_dir)) == 1

        outcome = await gateway.replayer.replay_once()
        assert (outcome.failed, outcome.remaining) == (0, 1)

        backend.on_finalize = None  # the operator fixed the token
        await gateway.replayer.replay_once()

    assert spooled_records(spool_dir) == {}
    assert failed_records(spool_dir) == {}
    assert backend.charges == {call_id: 1}


async def test_a_call_spooled_twice_keeps_its_first_body(
    backend: FakeBackend, spool_dir: Path
) -> None:
    call_id = new_call(backend)
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        backend.unavailable = True
        await hang_up(gateway, call_id, ANSWEREDTIME="30")
        await hang_up(gateway, call_id, ANSWEREDTIME="31")
        [record] = spooled_records(spool_dir).values()
        backend.unavailable = False
        await gateway.replayer.replay_once()

    assert record["body"]["billable_seconds"] == 30
    assert backend.finalize_requests(call_id)[-1].body == record["body"]
    assert backend.charges == {call_id: 1}


async def test_corrupt_spool_file_is_moved_aside_and_others_still_replay(
    backend: FakeBackend, spool_dir: Path
) -> None:
    call_id = new_call(backend)
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        backend.unavailable = True
        await hang_up(gateway, call_id)
        (spool_dir / "garbage.json").write_text("{not json")
        backend.unavailable = False

        outcome = await gateway.replayer.replay_once()

    assert (outcome.delivered, outcome.failed) == (1, 1)
    failed: dict[str, Any] = failed_records(spool_dir)
    assert failed["garbage.json"]["unreadable"] == "{not json"
    assert backend.charges == {call_id: 1}
