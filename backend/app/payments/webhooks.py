"""Payment-provider webhooks: a signed event that reports money received credits the client.

Event shape (Stripe's): ``{"id": "evt_…", "type": "payment_intent.succeeded", "data":
{"object": {"id": "pi_…", "amount_received": 2500, "currency": "eur", "metadata":
{"client_id": "<Tollgate user id>"}}}}`` — amounts in the currency's minor units. Only
``payment_intent.succeeded`` credits (Stripe also sends ``charge.succeeded`` and
``checkout.session.completed`` for the same money; crediting those too would count it twice);
every other type is acknowledged and ignored.

Idempotent on the provider's event id: the payment row is unique on ``(provider, event id)``
and its ledger entry's key is ``webhook:<provider>:<event id>``, so a redelivered event —
even two deliveries racing — credits once and is answered ``duplicate``.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import uuid
from decimal import Decimal
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, record_change, snapshot
from app.billing.ledger import account_for
from app.db.models.payment import Payment, PaymentMethod, PaymentStatus
from app.db.models.user import User
from app.lib.access import Role
from app.lib.errors import FieldError
from app.payments.errors import (
    WebhookEventError,
    WebhookSignatureError,
    WebhookUnknownClientError,
)
from app.payments.providers import find_provider
from app.payments.schemas import WebhookAnswer
from app.payments.service import check_currency, credit_payment, positive_amount
from app.payments.signature import verify_signature

CREDITING_TYPES: Final = frozenset({"payment_intent.succeeded"})
CLIENT_KEY: Final = "client_id"
# ISO 4217 currencies whose minor unit is not 1/100 (as payment providers count them).
_ZERO_DECIMAL: Final = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
_THREE_DECIMAL: Final = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])


def from_minor_units(amount: int, currency: str) -> Decimal:
    places = 0 if currency in _ZERO_DECIMAL else 3 if currency in _THREE_DECIMAL else 2
    return Decimal(amount).scaleb(-places)


def _bad(message: str, field: str) -> WebhookEventError:
    return WebhookEventError(message, errors=[FieldError(message, field=field)])


def _parse_event(payload: bytes) -> dict[str, Any]:
    try:
        event = json.loads(payload)
    except ValueError as exc:
        raise _bad("The event is not JSON", "body") from exc
    if not isinstance(event, dict) or not isinstance(event.get("id"), str) or not event["id"]:
        raise _bad("The event has no id", "id")
    if not isinstance(event.get("type"), str):
        raise _bad("The event has no type", "type")
    return event


def _payment_object(event: dict[str, Any]) -> dict[str, Any]:
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not isinstance(obj, dict):
        raise _bad("The event has no data.object", "data.object")
    return obj


def _amount(obj: dict[str, Any]) -> tuple[Decimal, str]:
    minor = obj.get("amount_received", obj.get("amount"))
    currency = obj.get("currency")
    if not isinstance(minor, int) or isinstance(minor, bool) or minor <= 0:
        raise _bad("data.object.amount_received must be a positive integer", "data.object.amount")
    if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
        raise _bad("data.object.currency must be a currency code", "data.object.currency")
    currency = currency.upper()
    return positive_amount(from_minor_units(minor, currency), "data.object.amount"), currency


async def _client(session: AsyncSession, obj: dict[str, Any]) -> User:
    metadata = obj.get("metadata")
    raw = metadata.get(CLIENT_KEY) if isinstance(metadata, dict) else None
    try:
        client_id = uuid.UUID(str(raw))
    except ValueError:
        client_id = None
    client = await session.get(User, client_id) if client_id else None
    if client is None or client.role is not Role.CLIENT:
        raise WebhookUnknownClientError(
            f"data.object.metadata.{CLIENT_KEY} names no client: {raw!r}",
            errors=[FieldError("no such client", field=f"data.object.metadata.{CLIENT_KEY}")],
        )
    return client


def _ledger_key(provider: str, event_id: str) -> str:
    key = f"webhook:{provider}:{event_id}"
    if len(key) <= 200:
        return key
    return f"webhook:{provider}:sha256:{hashlib.sha256(event_id.encode()).hexdigest()}"


async def _earlier(session: AsyncSession, provider: str, event_id: str) -> Payment | None:
    query = select(Payment).where(
        Payment.provider == provider, Payment.provider_event_id == event_id
    )
    payment: Payment | None = (await session.execute(query)).scalar_one_or_none()
    return payment


async def receive_event(
    session: AsyncSession,
    provider_name: str,
    payload: bytes,
    signature: str | None,
    now: datetime.datetime,
) -> WebhookAnswer:
    """Verify and apply one delivery, in the caller's (system) session and transaction."""
    provider = await find_provider(session, provider_name)
    if provider is None or not provider.enabled:
        # Unauthenticated callers learn nothing about which provider names exist.
        raise WebhookSignatureError(f"No payment provider {provider_name!r} takes webhooks here")
    verify_signature(
        payload,
        signature,
        provider.signing_secret,
        tolerance=provider.tolerance_seconds,
        now=now.timestamp(),
    )
    event = _parse_event(payload)
    event_id: str = event["id"][:255]
    if event["type"] not in CREDITING_TYPES:
        return WebhookAnswer(status="ignored", event_id=event_id)
    earlier = await _earlier(session, provider.name, event_id)
    if earlier is not None:
        return WebhookAnswer(status="duplicate", event_id=event_id, payment_id=earlier.id)
    obj = _payment_object(event)
    amount, currency = _amount(obj)
    client = await _client(session, obj)
    account = await account_for(session, client.id, lock=True)
    check_currency(account, currency, "data.object.currency")
    object_id = obj.get("id")
    payment = Payment(
        amount=amount,
        currency=account.currency,
        method=PaymentMethod.ONLINE,
        reference=str(object_id)[:200] if object_id else None,
        note=f"{provider.name} {event['type']}",
        received_at=now,
        status=PaymentStatus.COMPLETED,
        provider=provider.name,
        provider_event_id=event_id,
        provider_payment_id=str(object_id)[:255] if object_id else None,
    )
    payment, new = await credit_payment(
        session,
        account,
        payment,
        idempotency_key=_ledger_key(provider.name, event_id),
        now=now,
        created_by=None,
    )
    if not new:
        return WebhookAnswer(status="duplicate", event_id=event_id, payment_id=payment.id)
    await record_change(
        session,
        Actor.system(),
        action="payment.create",
        object_type="payment",
        object_id=payment.id,
        owner_id=payment.owner_id,
        reseller_id=payment.reseller_id,
        after=snapshot(payment),
    )
    return WebhookAnswer(status="credited", event_id=event_id, payment_id=payment.id)
