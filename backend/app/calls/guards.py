"""Authorize's pure checks: source address, dialled prefixes, caller ID."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable


def ip_allowed(source_ip: str | None, cidrs: Iterable[str]) -> bool:
    """True when no ranges are set, or the source address is inside one of them."""
    networks = [ipaddress.ip_network(cidr, strict=False) for cidr in cidrs]
    if not networks:
        return True
    if not source_ip:
        return False
    try:
        address = ipaddress.ip_address(source_ip.strip("[]"))
    except ValueError:
        return False
    return any(address.version == net.version and address in net for net in networks)


def blocked_by(number: str, prefixes: Iterable[str]) -> str | None:
    """The longest of ``prefixes`` the normalized number starts with, if any."""
    hits = [p for p in prefixes if p and number.startswith(p)]
    return max(hits, key=len) if hits else None


def caller_allowed(caller: str | None, allow: Iterable[str], deny: Iterable[str]) -> bool:
    """Caller-ID lists: a denied prefix refuses; a non-empty allow list must match."""
    digits = (caller or "").lstrip("+")
    if any(digits.startswith(p.lstrip("+")) for p in deny if p):
        return False
    allowed = [p.lstrip("+") for p in allow if p]
    return not allowed or any(digits.startswith(p) for p in allowed)
