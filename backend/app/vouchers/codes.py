"""Voucher codes: random, unguessable, easy to type.

A code is the batch's prefix followed by 16 characters drawn with :mod:`secrets` from a
31-symbol alphabet without look-alikes (no 0/O, 1/I/L): 16 x log2(31) ≈ 79 bits, so guessing a
live code is hopeless at any request rate. Stored canonical (upper case, no separators); shown
grouped (``PFX-ABCD-EFGH-JKMN-PQRS``); input is canonicalized the same way, so case, spaces and
dashes do not matter.
"""

from __future__ import annotations

import secrets
from typing import Final

ALPHABET: Final = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BODY_LENGTH: Final = 16
GROUP: Final = 4


def new_code(prefix: str) -> str:
    return prefix + "".join(secrets.choice(ALPHABET) for _ in range(BODY_LENGTH))


def canonical(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch not in "- \t\r\n")


def display(code: str, prefix: str) -> str:
    body = code[len(prefix) :]
    groups = [body[i : i + GROUP] for i in range(0, len(body), GROUP)]
    return "-".join(([prefix] if prefix else []) + groups)
