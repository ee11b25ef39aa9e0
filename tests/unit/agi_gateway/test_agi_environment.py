"""Parsing the agi_* environment block Asterisk sends first on every FastAGI connection."""

from __future__ import annotations

import pytest

from agi_gateway import AgiProtocolError
from agi_gateway.protocol import (
    MAX_ENVIRONMENT_LINES,
    parse_environment,
    parse_environment_line,
)

# Verbatim shape of Asterisk 20's launch_netscript + setup_env output (blank line excluded).
ASTERISK_20_BLOCK = """\
agi_network: yes
agi_network_script: tollgate/authorize?tenant=acme&mode=prepaid
agi_request: agi://127.0.0.1:4573/tollgate/authorize?tenant=acme&mode=prepaid
agi_channel: PJSIP/1001-0000002a
agi_language: en
agi_type: PJSIP
agi_uniqueid: 1700000000.42
agi_version: 20.5.2
agi_callerid: 1001
agi_calleridname: Alice: Sales
agi_callingpres: 0
agi_callingani2: 0
agi_callington: 0
agi_callingtns: 0
agi_dnid: 15551234567
agi_rdnis: unknown
agi_context: billing
agi_extension: 15551234567
agi_priority: 3
agi_enhanced: 0.0
agi_accountcode: \n\
agi_threadid: 140536656537344
agi_arg_1: 15551234567
agi_arg_2: with spaces and "quotes"
agi_arg_3: \n\
""".splitlines()


def block(**overrides: str | None) -> list[str]:
    values = dict(parse_environment_line(line) for line in ASTERISK_20_BLOCK)
    for key, value in overrides.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value
    return [f"{key}: {value}" for key, value in values.items()]


def test_asterisk_20_block_becomes_typed_fields() -> None:
    env = parse_environment(ASTERISK_20_BLOCK)

    assert env.channel == "PJSIP/1001-0000002a"
    assert env.uniqueid == "1700000000.42"
    assert env.type == "PJSIP"
    assert env.version == "20.5.2"
    assert (env.callerid, env.calleridname) == ("1001", "Alice: Sales")
    assert (env.callingpres, env.callingani2, env.callington, env.callingtns) == (0, 0, 0, 0)
    assert (env.context, env.extension, env.priority) == ("billing", "15551234567", 3)
    assert env.rdnis == "unknown"
    assert env.accountcode == ""
    assert env.threadid == 140536656537344
    assert env.enhanced is False
    assert env.network is True


def test_script_name_and_query_come_from_agi_network_script() -> None:
    env = parse_environment(ASTERISK_20_BLOCK)

    assert env.script == "tollgate/authorize"
    assert dict(env.query) == {"tenant": "acme", "mode": "prepaid"}


@pytest.mark.parametrize(
    ("request_url", "script", "query"),
    [
        ("agi://127.0.0.1:4573/tollgate/finalize", "tollgate/finalize", {}),
        (
            "agi://agi.example.net/tollgate/finalize/?a=1&b=",
            "tollgate/finalize",
            {"a": "1", "b": ""},
        ),
        ("hagi://agi.example.net/tollgate/authorize?x=%20y", "tollgate/authorize", {"x": " y"}),
        ("agi://[::1]:4573/tollgate/authorize", "tollgate/authorize", {}),
        ("agi://127.0.0.1", "", {}),
        ("/var/lib/asterisk/agi-bin/local.php", "", {}),
    ],
)
def test_script_falls_back_to_agi_request_without_network_script(
    request_url: str, script: str, query: dict[str, str]
) -> None:
    env = parse_environment(block(agi_network_script=None, agi_request=request_url))

    assert env.script == script
    assert dict(env.query) == query


def test_arguments_keep_order_spaces_quotes_and_empty_values() -> None:
    env = parse_environment(ASTERISK_20_BLOCK)

    assert env.args == ("15551234567", 'with spaces and "quotes"', "")


def test_exactly_one_separator_space_is_removed_from_values() -> None:
    assert parse_environment_line("agi_calleridname:  Bob") == ("agi_calleridname", " Bob")
    assert parse_environment_line("agi_accountcode: ") == ("agi_accountcode", "")
    assert parse_environment_line("agi_accountcode:") == ("agi_accountcode", "")
    assert parse_environment_line("agi_rdnis: sip:a@b:5060") == ("agi_rdnis", "sip:a@b:5060")


def test_unicode_and_unknown_keys_are_kept_verbatim() -> None:
    env = parse_environment(block(agi_calleridname="Zoë Ωmega 東京", agi_custom_thing="x: y"))

    assert env.calleridname == "Zoë Ωmega 東京"
    assert env.raw["agi_custom_thing"] == "x: y"


def test_non_integer_numeric_field_is_none_but_raw_keeps_text() -> None:
    env = parse_environment(block(agi_priority="label", agi_callingpres=None))

    assert env.priority is None
    assert env.callingpres is None
    assert env.raw["agi_priority"] == "label"


def test_enhanced_agi_flag_is_read() -> None:
    assert parse_environment(block(agi_enhanced="1.0")).enhanced is True


@pytest.mark.parametrize(
    "bad_line",
    ["agi_channel PJSIP/1001", "", ": value", "agi channel: x", "HANGUP", "agi_ä: x"],
)
def test_malformed_environment_line_is_a_protocol_error(bad_line: str) -> None:
    with pytest.raises(AgiProtocolError):
        parse_environment([*ASTERISK_20_BLOCK, bad_line])


@pytest.mark.parametrize("missing", ["agi_request", "agi_channel", "agi_uniqueid"])
def test_environment_without_identifying_keys_is_rejected(missing: str) -> None:
    with pytest.raises(AgiProtocolError, match=missing):
        parse_environment(block(**{missing: None}))


def test_repeated_key_is_rejected() -> None:
    with pytest.raises(AgiProtocolError, match="repeated"):
        parse_environment([*ASTERISK_20_BLOCK, "agi_uniqueid: 1700000000.43"])


def test_argument_numbers_with_a_gap_are_rejected() -> None:
    with pytest.raises(AgiProtocolError, match="agi_arg_N"):
        parse_environment(block(agi_arg_2=None))


def test_oversized_block_is_rejected() -> None:
    filler = [f"agi_extra_{index}: x" for index in range(MAX_ENVIRONMENT_LINES)]

    with pytest.raises(AgiProtocolError, match="exceeds"):
        parse_environment([*ASTERISK_20_BLOCK, *filler])


def test_environment_is_immutable() -> None:
    env = parse_environment(ASTERISK_20_BLOCK)

    with pytest.raises(AttributeError):
        env.uniqueid = "other"  # type: ignore[misc]
    with pytest.raises(TypeError):
        env.raw["agi_uniqueid"] = "other"  # type: ignore[index]
