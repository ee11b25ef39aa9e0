"""Turning a number into the dial string of a trunk (pure: no I/O, no database).

The authorize path builds each granted trunk's dial string with :func:`dial_string`; the AGI
gateway hands them to ``Dial()`` one after the other (docs/telephony.md, "Trunks").
"""

from __future__ import annotations

import re

from app.db.models.telephony import Trunk

NUMBER_PLACEHOLDER = "{number}"

_DIALLABLE = re.compile(r"\+?[0-9*#]+")


def apply_prefixes(number: str, strip_prefix: str, add_prefix: str) -> str:
    """``number`` without ``strip_prefix`` (when it starts with it), then ``add_prefix`` in front.

    Strip comes first, then add (CellHub "Trunk Prefix Manipulation"). A strip that would leave
    nothing is not applied: the number itself is never dialled away.
    """
    if strip_prefix and number.startswith(strip_prefix) and len(number) > len(strip_prefix):
        number = number[len(strip_prefix) :]
    return add_prefix + number


def dial_string(trunk: Trunk, number: str) -> str:
    """The Asterisk dial string that sends ``number`` out through ``trunk``.

    The trunk's strip/add prefixes are applied to ``number``, which then replaces the one
    ``{number}`` of ``trunk.dial_template`` (the trunk service guarantees exactly one, and no
    ``,``, ``&``, ``|`` or control character). ``number`` must be digits, optionally with a
    leading ``+`` and ``*``/``#``: anything else could change what ``Dial()`` does, so it
    raises ``ValueError``.
    """
    if not _DIALLABLE.fullmatch(number):
        raise ValueError(f"not a diallable number: {number!r}")
    digits = apply_prefixes(number, trunk.strip_prefix or "", trunk.add_prefix or "")
    return trunk.dial_template.replace(NUMBER_PLACEHOLDER, digits, 1)
