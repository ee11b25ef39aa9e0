"""tollgate/finalize through the gateway's socket, from a dead channel in the ``h`` extension."""

from __future__ import annotations

import itertools
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from agi_gateway.gateway import Gateway
from tests.support.fake_asterisk import FakeAsterisk
from tests.unit.agi_gateway.fake_backend import FakeBackend, problem
from tests.unit.agi_gateway.helpers_gateway import (
    FINALIZE,
    config_for,
    failed_records,
    run_call,
    spooled_records,
)

ANSWERED_CALL = {
    "TOLLGATE_RESULT": "ok",
    "ANSWEREDTIME": "65",
    "CDR(billsec)": "66",
    "DIALSTATUS": "ANSWER",
    "HANGUPCAUSE": "16",
    "TOLLGATE_TRUNK_USED": "trk-b",
}
_ids = itertools.count(1)


def new_call(backend: FakeBackend, *, authorized: bool = True) -> str:
    call_id = f"1700000500.{next(_ids)}"
    if authorized:
        backend.authorized.add(call_id)
    return call_id


async def finalize(
    backend: FakeBackend,
    spool_dir: Path,
    call_id: str,
    variables: dict[str, str],
    **call: Any,
) -> FakeAsterisk:
    """Run finalize for ``call_id`` on a dead channel (the ``h`` extension)."""
    async with Gateway(config_for(backend.url, spool_dir)) as gateway:
        return await run_call(
            gateway,
            FINALIZE,
            env={"agi_uniqueid": call_id, "agi_extension": "h"},
            variables=variables,
            **{"dead_channel": True, **call},
        )


async def test_finalize_posts_the_call_end_from_channel_variables(
    backend: FakeBackend, spool_dir: Path
) -> None:
    call_id = new_call(backend)
    before = datetime.now(UTC)

    await finalize(backend, spool_dir, call_id, ANSWERED_CALL)

    after = datetime.now(UTC)
    [request] = backend.finalize_requests()
    assert request.path == f"/internal/v1/calls/{call_id}/finalize"
    assert request.headers["authorization"] == "Bearer test-service-token"
    body = dict(request.body)
    ended_at = datetime.fromisoformat(body.pop("ended_at"))
    answered_at = datetime.fromisoformat(body.pop("answered_at"))
    assert body == {
        "billable_seconds": 65,
        "disposition": "ANSWER",
        "hangup_cause": 16,
        "trunk_id": "trk-b",
    }
    assert ended_at.utcoffset() == timedelta(0)
    assert before - timedelta(milliseconds=1) <= ended_at <= after
    assert answered_at == ended_at - timedelta(seconds=65)
    assert backend.charges == {call_id: 1}
    assert spooled_records(spool_dir) == {}


async def test_finalize_uses_only_dead_safe_commands(backend: FakeBackend, spool_dir: Path) -> None:
    fake = await finalize(backend, spool_dir, new_call(backend), ANSWERED_CALL)

    assert all(command.startswith("GET VARIABLE ") for command in fake.commands)
    assert not any(line.text.startswith("511") for line in fake.transcript)


async def test_finalize_still_posts_when_the_caller_hangs_up_during_it(
    backend: FakeBackend, spool_dir: Path
) -> None:
    call_id = new_call(backend)

    fake = await finalize(
        backend, spool_dir, call_id, ANSWERED_CALL, dead_channel=False, hangup_before_command=2
    )

    assert [line.text for line in fake.transcript if line.sender == "asterisk"].count("HANGUP") >= 1
    [request] = backend.finalize_requests(call_id)
    assert request.body["billable_seconds"] == 65


async def test_billsec_is_the_fallback_when_answeredtime_is_missing(
    backend: FakeBackend, spool_dir: Path
) -> None:
    variables = {**ANSWERED_CALL, "CDR(billsec)": "42"}
    del variables["ANSWEREDTIME"]

    await finalize(backend, spool_dir, new_call(backend), variables)

    [request] = backend.finalize_requests()
    assert request.body["billable_seconds"] == 42


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        pytest.param(
            {"TOLLGATE_RESULT": "ok", "ANSWEREDTIME": "0", "DIALSTATUS": "BUSY"},
            {"billable_seconds": 0, "disposition": "BUSY", "answered_at": None},
            id="busy",
        ),
        pytest.param(
            {
                "TOLLGATE_RESULT": "ok",
                "DIALSTATUS": "CHANUNAVAIL",
                "HANGUPCAUSE": "34",
                "TOLLGATE_TRUNK_USED": "trk-c",
            },
            {"billable_seconds": 0, "hangup_cause": 34, "trunk_id": "trk-c"},
            id="all-trunks-failed",
        ),
        pytest.param(
            {"ANSWEREDTIME": "", "CDR(billsec)": ""},
            {"billable_seconds": 0, "disposition": "", "hangup_cause": None, "trunk_id": None},
            id="caller-left-during-authorize",
        ),
    ],
)
async def test_unanswered_calls_report_zero_billable_seconds(
    backend: FakeBackend, spool_dir: Path, variables: dict[str, str], expected: dict[str, Any]
) -> None:
    await finalize(backend, spool_dir, new_call(backend), variables)

    [request] = backend.finalize_requests()
    assert {key: request.body[key] for key in expected} == expected


@pytest.mark.parametrize("result", ["no_credit", "error", "unavailable"])
async def test_calls_never_granted_are_not_finalized(
    backend: FakeBackend, spool_dir: Path, result: str
) -> None:
    await finalize(backend, spool_dir, new_call(backend), {"TOLLGATE_RESULT": result})

    assert backend.finalize_requests() == []
    assert spooled_records(spool_dir) == {}


async def test_finalize_of_a_call_never_authorized_is_logged_not_spooled(
    backend: FakeBackend, spool_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="agi_gateway")
    call_id = new_call(backend, authorized=False)

    await finalize(backend, spool_dir, call_id, ANSWERED_CALL)

    assert len(backend.finalize_requests(call_id)) == 1
    assert spooled_records(spool_dir) == {}
    assert failed_records(spool_dir) == {}
    [record] = [r for r in caplog.records if r.getMessage() == "agi.finalize.rejected"]
    assert record.levelno == logging.ERROR
    assert record.__dict__["status"] == 404


@pytest.mark.parametrize("status", [409, 422])
async def test_conflicting_or_invalid_finalize_is_logged_not_spooled(
    backend: FakeBackend, spool_dir: Path, status: int
) -> None:
    backend.on_finalize = lambda request: problem(status, "no")

    await finalize(backend, spool_dir, new_call(backend), ANSWERED_CALL)

    assert spooled_records(spool_dir) == {}


async def test_fail_open_call_the_backend_never_saw_is_kept_for_reconciliation(
    backend: FakeBackend, spool_dir: Path
) -> None:
    call_id = new_call(backend, authorized=False)
    variables = {**ANSWERED_CALL, "TOLLGATE_FAILOPEN": "yes"}

    await finalize(backend, spool_dir, call_id, variables)

    assert spooled_records(spool_dir) == {}
    [record] = failed_records(spool_dir).values()
    assert record["call_id"] == call_id
    assert record["status"] == 404
    assert record["body"]["billable_seconds"] == 65
    assert record["problem"]["detail"] == f"call {call_id} was never authorized"
