"""A fake payment provider: it signs Stripe-style events with the shared secret and delivers
them over real HTTP to a running Tollgate API, as Stripe's webhook sender would; and an
aiosmtpd handler that keeps the e-mails a local SMTP server received."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import httpx

from app.payments.signature import HEADER, signature_header


@dataclass
class FakeProvider:
    base_url: str
    name: str
    secret: str

    def event(
        self,
        client_id: uuid.UUID | str,
        amount_minor: int,
        currency: str = "usd",
        *,
        event_type: str = "payment_intent.succeeded",
        event_id: str | None = None,
    ) -> dict[str, Any]:
        return {
            "id": event_id or f"evt_{uuid.uuid4().hex}",
            "object": "event",
            "type": event_type,
            "created": int(time.time()),
            "data": {
                "object": {
                    "id": f"pi_{uuid.uuid4().hex[:24]}",
                    "object": "payment_intent",
                    "amount": amount_minor,
                    "amount_received": amount_minor,
                    "currency": currency,
                    "metadata": {"client_id": str(client_id)},
                }
            },
        }

    async def deliver(
        self,
        event: dict[str, Any],
        *,
        secret: str | None = None,
        timestamp: int | None = None,
        tamper: bool = False,
    ) -> httpx.Response:
        """POST ``event`` signed now (or at ``timestamp``) with the shared secret (or
        ``secret``); ``tamper`` changes the body after signing."""
        body = json.dumps(event, separators=(",", ":")).encode()
        header = signature_header(secret or self.secret, timestamp or int(time.time()), body)
        if tamper:
            body = body.replace(b'"amount_received":', b'"amount_received":9')
        async with httpx.AsyncClient(base_url=self.base_url, timeout=30) as http:
            return await http.post(
                f"/api/v1/webhooks/payments/{self.name}",
                content=body,
                headers={HEADER: header, "Content-Type": "application/json"},
            )


class Inbox:
    """What a real local SMTP server (aiosmtpd) received."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        mail = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        self.messages.append(mail)
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]
