"""Pure mapping of channel names, addresses and durations to the backend's fields."""

from __future__ import annotations

import pytest

from agi_gateway.channel import host_of, parse_cause, parse_seconds, sip_user_of


@pytest.mark.parametrize(
    ("channel", "user"),
    [
        ("PJSIP/alice-0000001a", "alice"),
        ("SIP/alice-00000003", "alice"),
        ("PJSIP/trunk-a-00000001", "trunk-a"),
        ("pjsip/Bob-0000ABCD", "Bob"),
        ("PJSIP/alice-123456789", "alice"),
        ("PJSIP/alice", None),
        ("Local/100@ctx-00000002;2", None),
        ("DAHDI/1-1", None),
        ("", None),
    ],
)
def test_sip_user_is_the_endpoint_of_the_channel(channel: str, user: str | None) -> None:
    assert sip_user_of(channel) == user


@pytest.mark.parametrize(
    ("address", "host"),
    [
        ("192.0.2.7:5060", "192.0.2.7"),
        ("192.0.2.7", "192.0.2.7"),
        ("[2001:db8::1]:5061", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("", None),
        (None, None),
        ("sip.example.com:5060", None),
    ],
)
def test_source_ip_loses_its_port(address: str | None, host: str | None) -> None:
    assert host_of(address) == host


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("65", 65), ("0", 0), (" 12 ", 12), ("12.9", 12), ("", None), (None, None), ("-3", None)],
)
def test_answered_time_in_whole_seconds(text: str | None, seconds: int | None) -> None:
    assert parse_seconds(text) == seconds


@pytest.mark.parametrize(("text", "cause"), [("16", 16), ("", None), ("x", None), (None, None)])
def test_hangup_cause_is_a_number_or_null(text: str | None, cause: int | None) -> None:
    assert parse_cause(text) == cause
