"""The spool's files: atomic, one per call id, never overwritten, crash leftovers removed."""

from __future__ import annotations

import json
from pathlib import Path

from agi_gateway.backend import FinalizeRequest
from agi_gateway.spool import FinalizeSpool, record_name


def request(call_id: str, seconds: int = 30) -> FinalizeRequest:
    return FinalizeRequest(
        call_id=call_id,
        billable_seconds=seconds,
        disposition="ANSWER",
        hangup_cause=16,
        trunk_id="trk-a",
        answered_at="2024-05-01T12:00:00.000+00:00",
        ended_at="2024-05-01T12:00:30.000+00:00",
    )


def test_store_writes_one_complete_record_and_no_temp_file(spool_dir: Path) -> None:
    spool = FinalizeSpool(spool_dir)
    spool.prepare()

    assert spool.store(request("1700000000.1"), "backend down")

    assert [p.name for p in spool_dir.iterdir() if p.is_file()] == ["1700000000.1.json"]
    record = json.loads((spool_dir / "1700000000.1.json").read_text())
    assert record["call_id"] == "1700000000.1"
    assert record["reason"] == "backend down"
    assert record["body"] == {
        "billable_seconds": 30,
        "disposition": "ANSWER",
        "hangup_cause": 16,
        "trunk_id": "trk-a",
        "answered_at": "2024-05-01T12:00:00.000+00:00",
        "ended_at": "2024-05-01T12:00:30.000+00:00",
    }


def test_an_existing_record_is_never_overwritten(spool_dir: Path) -> None:
    spool = FinalizeSpool(spool_dir)
    spool.prepare()

    assert spool.store(request("c1", 30), "first")
    assert not spool.store(request("c1", 99), "second")

    [path] = spool.pending()
    assert spool.load(path).body["billable_seconds"] == 30
    assert not list(spool_dir.glob("*.tmp")) and not list(spool_dir.glob(".*"))


def test_call_ids_cannot_escape_the_spool_directory(spool_dir: Path) -> None:
    spool = FinalizeSpool(spool_dir)
    spool.prepare()

    spool.store(request("../../etc/passwd"), "x")
    spool.store(request("x" * 500), "x")

    names = sorted(path.name for path in spool.pending())
    assert names[0] == "..%2F..%2Fetc%2Fpasswd.json"
    assert names[1].startswith("sha256-")
    assert record_name("host-1.2") == "host-1.2.json"
    assert {spool.load(path).call_id for path in spool.pending()} == {"../../etc/passwd", "x" * 500}


def test_prepare_removes_half_written_temp_files(spool_dir: Path) -> None:
    (spool_dir / ".abc.tmp").write_text('{"call_id": "half')
    spool = FinalizeSpool(spool_dir)

    spool.prepare()

    assert not (spool_dir / ".abc.tmp").exists()
    assert (spool_dir / "failed").is_dir()
    assert spool.pending() == []
