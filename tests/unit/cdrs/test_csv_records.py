"""Reading CDR files: Master.csv's fixed columns, generic mappings, times, ids, bad lines."""

from __future__ import annotations

import datetime
import io
import zoneinfo

from app.cdrs.csv_records import (
    ASTERISK_DATE_FORMAT,
    GenericMapping,
    channel_user,
    parse_generic,
    parse_master,
    row_hash,
    time_reader,
)

UTC = datetime.UTC
LONDON = zoneinfo.ZoneInfo("Europe/London")
MASTER = (
    '"acc1","1001","00442071234567","from-internal","""Alice"" <1001>","PJSIP/alice-0000002a",'
    '"PJSIP/trunk-0000002b","Dial","PJSIP/00442071234567@trunk","2026-07-01 10:00:00",'
    '"2026-07-01 10:00:05","2026-07-01 10:01:05",65,60,"ANSWERED","DOCUMENTATION",'
    '"1782900000.42",""\n'
    '"","1002","0033123456","from-internal","","SIP/bob-00000001","","Dial","",'
    '"2026-07-01 11:00:00","","2026-07-01 11:00:20",20,0,"NO ANSWER","DOCUMENTATION",'
    '"1782900000.43",""\n'
)


def _master(text: str, zone: datetime.tzinfo = LONDON):  # type: ignore[no-untyped-def]
    return parse_master(io.StringIO(text), time_reader(ASTERISK_DATE_FORMAT, zone))


def test_master_csv_columns_become_a_record_in_utc() -> None:
    table = _master(MASTER)
    assert table.errors == []
    first, second = table.records
    assert first.line == 1 and second.line == 2
    assert first.account_code == "acc1" and first.caller_number == "1001"
    assert first.dialled_number == "00442071234567"
    assert first.sip_user == "alice" and second.sip_user == "bob"
    # London is UTC+1 in July
    assert first.started_at == datetime.datetime(2026, 7, 1, 9, 0, tzinfo=UTC)
    assert first.answered_at == datetime.datetime(2026, 7, 1, 9, 0, 5, tzinfo=UTC)
    assert (first.duration, first.billable_seconds) == (65, 60)
    assert first.external_id == "1782900000.42"
    assert second.answered_at is None and second.billable_seconds == 0
    assert second.disposition == "NO ANSWER" and second.account_code is None


def test_master_csv_errors_name_the_files_own_line_and_column() -> None:
    bad = MASTER.replace("2026-07-01 11:00:00", "yesterday").replace(",20,0,", ",20,x,")
    table = _master(bad)
    assert [r.line for r in table.records] == [1]
    assert {(e.line, e.field) for e in table.errors} == {(2, "start"), (2, "billsec")}


def test_a_row_of_the_wrong_width_is_reported_at_its_line() -> None:
    table = _master(MASTER + '"x","1"\n')
    assert [(e.line, e.field) for e in table.errors] == [(3, None)]


GENERIC_HEADER = "caller,callee,when,secs,id\n"


def _generic(text: str, **columns: str):  # type: ignore[no-untyped-def]
    mapping = GenericMapping(
        caller="caller", dialled="callee", start="when", duration="secs", **columns
    )
    return parse_generic(io.StringIO(text), mapping, time_reader("iso", UTC))


def test_generic_rows_with_three_bad_lines_report_exactly_those_lines() -> None:
    rows = [f"100{i},4420700{i:05d},2026-07-01T10:{i % 60:02d}:00Z,{i},e{i}" for i in range(20)]
    rows[4] = "1004,,2026-07-01T10:04:00Z,4,e4"  # no dialled number
    rows[9] = "1009,44207,not a date,9,e9"
    rows[15] = "1015,44207,2026-07-01T10:15:00Z,-3,e15"
    table = _generic(GENERIC_HEADER + "\n".join(rows) + "\n", external_id="id")
    assert sorted({e.line for e in table.errors}) == [6, 11, 17]
    assert len(table.records) == 17
    record = table.records[0]
    assert record.external_id == "e0" and record.billable_seconds == 0
    assert record.ended_at == record.started_at


def test_generic_billsec_sets_the_answer_time_and_may_not_exceed_the_duration() -> None:
    text = "caller,callee,when,secs,talk\n1,442070,2026-07-01T10:00:00+02:00,90,60\n"
    text += "1,442070,2026-07-01T10:00:00Z,10,60\n"
    table = _generic(text, billsec="talk")
    (record,) = table.records
    assert record.started_at == datetime.datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert record.answered_at == datetime.datetime(2026, 7, 1, 8, 0, 30, tzinfo=UTC)
    assert [(e.line, e.field) for e in table.errors] == [(3, "talk")]


def test_without_an_id_column_the_external_id_is_a_stable_hash_of_the_row() -> None:
    text = "caller,callee,when,secs\n1,442070,2026-07-01T10:00:00Z,60\n"
    first = _generic(text).records[0]
    again = _generic(text).records[0]
    assert (
        first.external_id
        == again.external_id
        == row_hash(["1", "442070", "2026-07-01T10:00:00Z", "60"])
    )


def test_a_missing_mapped_column_rejects_the_file() -> None:
    table = _generic("caller,callee,secs\n1,2,3\n")
    assert table.file_rejected
    assert [(e.line, e.field) for e in table.errors] == [(1, "when")]


def test_channel_user_takes_the_device_name() -> None:
    assert channel_user("PJSIP/alice-0000002a") == "alice"
    assert channel_user("SIP/my-phone-00000001") == "my-phone"
    assert channel_user("PJSIP/alice") == "alice"
    assert channel_user("") is None
