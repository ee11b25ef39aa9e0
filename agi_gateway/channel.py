"""What a call's AGI environment and channel variables say, in the backend's terms. Pure.

Asterisk names channels ``<tech>/<resource>-<sequence>`` where the sequence is at least eight
hex digits (``PJSIP/alice-0000001a``, ``SIP/alice-00000003``); for SIP technologies the
resource is the endpoint (peer) the call came from, which is the Tollgate SIP user.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, datetime, timedelta

from agi_gateway.protocol import AgiEnvironment

_SIP_CHANNEL = re.compile(r"(?P<tech>PJSIP|SIP)/(?P<peer>.+)-[0-9A-Fa-f]{8,}", re.IGNORECASE)
#: The dialplan function each SIP technology offers for the signalling peer's address.
_SOURCE_ADDRESS_VARIABLE = {"PJSIP": "CHANNEL(pjsip,remote_addr)", "SIP": "CHANNEL(peerip)"}
_UNKNOWN_CALLER = {"", "unknown"}
_INTEGER = re.compile(r"-?[0-9]+")
_SECONDS = re.compile(r"[0-9]+(?:\.[0-9]*)?")


def sip_user_of(channel: str) -> str | None:
    """``PJSIP/alice-0000001a`` -> ``alice``; ``None`` for other technologies (Local, DAHDI)."""
    match = _SIP_CHANNEL.fullmatch(channel)
    return match.group("peer") if match else None


def source_address_variable(channel: str) -> str | None:
    """The variable to GET for the caller's signalling address, or ``None`` if there is none."""
    match = _SIP_CHANNEL.fullmatch(channel)
    return _SOURCE_ADDRESS_VARIABLE[match.group("tech").upper()] if match else None


def host_of(address: str | None) -> str | None:
    """``192.0.2.7:5060`` -> ``192.0.2.7``; ``[2001:db8::1]:5061`` -> ``2001:db8::1``.

    Anything that is not an IP address (empty, a hostname, garbage) is ``None``.
    """
    text = (address or "").strip()
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:
        text = text.partition(":")[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def caller_number_of(environment: AgiEnvironment) -> str | None:
    """The caller id number; Asterisk writes ``unknown`` when there is none."""
    number = environment.callerid.strip()
    return None if number.lower() in _UNKNOWN_CALLER else number


def dialled_number_of(environment: AgiEnvironment) -> str:
    """The number given as ``AGI(...,${EXTEN})`` argument, else the extension being run."""
    if environment.args and environment.args[0].strip():
        return environment.args[0].strip()
    return environment.extension.strip()


def account_code_of(environment: AgiEnvironment) -> str | None:
    return environment.accountcode.strip() or None


def parse_seconds(value: str | None) -> int | None:
    """ANSWEREDTIME / CDR(billsec) text -> whole seconds (fractions dropped, as Asterisk does).

    ``None`` when unset, empty or not a non-negative number.
    """
    text = (value or "").strip()
    if not _SECONDS.fullmatch(text):
        return None
    return int(text.partition(".")[0])


def parse_cause(value: str | None) -> int | None:
    """HANGUPCAUSE text (a Q.850 cause number) -> int, ``None`` when unset or not a number."""
    text = (value or "").strip()
    return int(text) if _INTEGER.fullmatch(text) else None


def utc_timestamp(moment: datetime) -> str:
    """ISO-8601 in UTC with millisecond precision, e.g. ``2024-05-01T12:00:00.250+00:00``."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def answered_at(ended_at: datetime, billable_seconds: int) -> datetime | None:
    """When the call was answered: ``billable_seconds`` before its end, ``None`` if unanswered."""
    if billable_seconds <= 0:
        return None
    return ended_at - timedelta(seconds=billable_seconds)
