"""Stripe-compatible webhook signatures: ``Stripe-Signature: t=<unix time>,v1=<hex HMAC>``.

The provider signs ``f"{t}.{raw body}"`` with HMAC-SHA256 under the endpoint's shared secret
and sends the timestamp and the hex digest. A header may carry several ``v1`` digests (while a
secret is rotated); one matching is enough. Verification compares in constant time and refuses
a timestamp further than ``tolerance`` seconds from now, either way, so a captured delivery
cannot be replayed later. Pure: no I/O, the clock is an argument.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Final

from app.payments.errors import WebhookSignatureError

HEADER: Final = "Stripe-Signature"
SCHEME: Final = "v1"
DEFAULT_TOLERANCE: Final = 300


def compute_signature(secret: str, timestamp: int, payload: bytes) -> str:
    signed = str(timestamp).encode() + b"." + payload
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, payload: bytes) -> str:
    """What a provider sends (used by tests' fake provider and by operators to try a setup)."""
    return f"t={timestamp},{SCHEME}={compute_signature(secret, timestamp, payload)}"


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        key, sep, value = item.strip().partition("=")
        if not sep:
            continue
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError as exc:
                message = "The signature header's timestamp is not a number"
                raise WebhookSignatureError(message) from exc
        elif key == SCHEME:
            signatures.append(value)
    if timestamp is None:
        raise WebhookSignatureError("The signature header has no timestamp (t=…)")
    if not signatures:
        raise WebhookSignatureError(f"The signature header has no {SCHEME} signature")
    return timestamp, signatures


def verify_signature(
    payload: bytes, header: str | None, secret: str, *, tolerance: int, now: float
) -> int:
    """Return the signed timestamp, or raise :class:`WebhookSignatureError`."""
    if not header:
        raise WebhookSignatureError(f"The {HEADER} header is missing")
    timestamp, signatures = _parse(header)
    expected = compute_signature(secret, timestamp, payload)
    # Every candidate is compared (no early exit) so timing says nothing about which matched.
    matched = False
    for candidate in signatures:
        matched |= hmac.compare_digest(expected.encode(), candidate.encode())
    if not matched:
        raise WebhookSignatureError("No signature matches the payload and the shared secret")
    if abs(now - timestamp) > tolerance:
        raise WebhookSignatureError(
            f"The signature's timestamp is more than {tolerance} s from now: resend the event"
        )
    return timestamp
