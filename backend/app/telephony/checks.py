"""Rules on telephony input that need no database: dial templates and address lists.

Each failed rule raises :class:`InvalidInputError` naming the offending field (a 422 problem).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from app.lib.errors import FieldError, InvalidInputError
from app.telephony.routing import NUMBER_PLACEHOLDER

# ``,`` splits Dial()'s arguments after substitution, ``&`` rings devices in parallel, ``|``
# separates TOLLGATE_TRUNKS, and control characters cannot travel over AGI.
_UNSAFE_IN_DIAL = re.compile(r"[,&|\x00-\x1f\x7f]")


def invalid(field: str, message: str, detail: str | None = None) -> InvalidInputError:
    return InvalidInputError(detail or f"{field}: {message}", errors=[FieldError(message, field)])


def check_dial_template(template: str, field: str = "dial_template") -> None:
    """Exactly one ``{number}``, no other brace, nothing that would break ``Dial()``."""
    if template.count(NUMBER_PLACEHOLDER) != 1:
        raise invalid(field, "must contain {number} exactly once")
    rest = template.replace(NUMBER_PLACEHOLDER, "")
    if "{" in rest or "}" in rest:
        raise invalid(field, "no braces other than the one {number}")
    if _UNSAFE_IN_DIAL.search(template):
        raise invalid(field, "no ',', '&', '|', newline or control character")
    if template != template.strip():
        raise invalid(field, "no leading or trailing spaces")


def normalized_cidrs(values: Iterable[str], field: str = "allowed_cidrs") -> list[str]:
    """Each entry parsed as an IPv4/IPv6 network (host bits dropped), duplicates removed."""
    networks: list[str] = []
    for position, value in enumerate(values):
        try:
            network = str(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError:
            raise invalid(
                f"{field}[{position}]",
                "not an IP address or network (e.g. 203.0.113.0/24)",
                f"{value!r} is not an IP address or network",
            ) from None
        if network not in networks:
            networks.append(network)
    return networks


def without_duplicates(values: Iterable[str]) -> list[str]:
    """The values in their first order, each once (a repeated prefix changes nothing)."""
    return list(dict.fromkeys(values))
