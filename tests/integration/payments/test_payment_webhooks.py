"""The payment-provider webhook against a fake provider that signs Stripe-style events with the
shared secret and POSTs them over HTTP to a real API process (uvicorn): a good event credits
once however often it is delivered; a bad or stale signature or an unknown client credits
nothing."""

from __future__ import annotations

import asyncio
import time
import uuid
from decimal import Decimal

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from app.payments.errors import WebhookSignatureError
from app.payments.signature import signature_header, verify_signature
from tests.support.billing import entries_of, ledger_state
from tests.support.identity import Tenants
from tests.support.payments import FakeProvider


@pytest.fixture
async def provider(live_server_url: str, tenants: Tenants) -> FakeProvider:
    name = f"fake-{uuid.uuid4().hex[:8]}"
    async with httpx.AsyncClient(base_url=live_server_url) as http:
        created = await http.put(
            f"/api/v1/payment-providers/{name}",
            headers=tenants.admin.headers,
            json={"tolerance_seconds": 300},
        )
    assert created.status_code == 200, created.text
    body = created.json()
    assert body["signing_secret"].startswith("whsec_")
    assert body["webhook_path"] == f"/api/v1/webhooks/payments/{name}"
    return FakeProvider(live_server_url, name, body["signing_secret"])


async def test_a_signed_event_credits_the_client_once_however_often_it_arrives(
    provider: FakeProvider, tenants: Tenants, engine: AsyncEngine
) -> None:
    event = provider.event(tenants.client_a.id, 2550, "usd")
    first = await provider.deliver(event)
    assert first.status_code == 200, first.text
    assert first.json()["status"] == "credited"
    again = await provider.deliver(event)  # Stripe redelivers until it sees a 2xx
    assert again.status_code == 200
    assert again.json() == {**first.json(), "status": "duplicate"}
    racing = await asyncio.gather(*(provider.deliver(event) for _ in range(3)))
    assert {r.json()["status"] for r in racing} == {"duplicate"}
    # a second event racing itself: exactly one delivery credits it
    other = provider.event(tenants.client_a.id, 1000, "usd")
    raced = await asyncio.gather(*(provider.deliver(other) for _ in range(4)))
    assert sorted(r.json()["status"] for r in raced) == ["credited"] + ["duplicate"] * 3
    assert await ledger_state(engine, tenants.client_a.id) == (
        Decimal("35.50"),
        Decimal("35.50"),
        2,
    )
    entries = await entries_of(engine, tenants.client_a.id)
    assert {e["kind"] for e in entries} == {"payment"}
    payments = await _payments(provider.base_url, tenants)
    assert {p["provider_event_id"] for p in payments} == {event["id"], other["id"]}
    assert {p["method"] for p in payments} == {"online"}


async def _payments(base_url: str, tenants: Tenants) -> list[dict[str, object]]:
    async with httpx.AsyncClient(base_url=base_url) as http:
        response = await http.get(
            f"/api/v1/users/{tenants.client_a.id}/payments", headers=tenants.client_a.headers
        )
    items: list[dict[str, object]] = response.json()["items"]
    return items


async def test_bad_and_stale_signatures_are_refused_and_credit_nothing(
    provider: FakeProvider, tenants: Tenants, engine: AsyncEngine
) -> None:
    event = provider.event(tenants.client_a.id, 5000)
    wrong_secret = await provider.deliver(event, secret="whsec_not-the-shared-secret")
    tampered = await provider.deliver(event, tamper=True)
    stale = await provider.deliver(event, timestamp=int(time.time()) - 301)
    future = await provider.deliver(event, timestamp=int(time.time()) + 3600)
    async with httpx.AsyncClient(base_url=provider.base_url) as http:
        unsigned = await http.post(f"/api/v1/webhooks/payments/{provider.name}", json=event)
        unknown_provider = await http.post("/api/v1/webhooks/payments/nobody-here", json=event)
    for response in (wrong_secret, tampered, stale, future, unsigned):
        assert response.status_code == 401, response.text
        assert response.json()["type"].endswith("/webhook-signature-invalid")
    assert "from now" in stale.json()["detail"]
    assert unknown_provider.status_code == 401
    assert await entries_of(engine, tenants.client_a.id) == []
    # the same event, properly signed, still goes through: nothing was half-recorded
    assert (await provider.deliver(event)).json()["status"] == "credited"


async def test_an_unknown_client_or_a_foreign_currency_credits_nothing(
    provider: FakeProvider, tenants: Tenants, engine: AsyncEngine
) -> None:
    nobody = await provider.deliver(provider.event(uuid.uuid4(), 1000))
    not_a_client = await provider.deliver(provider.event(tenants.reseller_a.id, 1000))
    garbage = await provider.deliver(provider.event("not-a-uuid", 1000))
    for response in (nobody, not_a_client, garbage):
        assert response.status_code == 422, response.text
        assert response.json()["type"].endswith("/webhook-unknown-client")
        assert response.json()["errors"][0]["field"] == "data.object.metadata.client_id"
    euros = await provider.deliver(provider.event(tenants.client_a.id, 1000, "eur"))
    assert euros.status_code == 422
    ignored = await provider.deliver(
        provider.event(tenants.client_a.id, 1000, event_type="charge.succeeded")
    )
    assert ignored.status_code == 200 and ignored.json()["status"] == "ignored"
    assert await entries_of(engine, tenants.client_a.id) == []


def test_the_signature_scheme_matches_stripes() -> None:
    # Stripe's documented scheme: v1 = hex(HMAC-SHA256(secret, f"{t}.{payload}")).
    import hashlib
    import hmac

    payload, secret, t = b'{"id":"evt_1"}', "whsec_test", 1_700_000_000
    expected = hmac.new(secret.encode(), b"1700000000." + payload, hashlib.sha256).hexdigest()
    header = signature_header(secret, t, payload)
    assert header == f"t={t},v1={expected}"
    rotated = f"t={t},v1={'0' * 64},v0=ignored,v1={expected}"
    assert verify_signature(payload, rotated, secret, tolerance=300, now=t + 299) == t
    with pytest.raises(WebhookSignatureError):
        verify_signature(payload, header, secret, tolerance=300, now=t + 301)
    with pytest.raises(WebhookSignatureError):
        verify_signature(payload, "t=abc,v1=00", secret, tolerance=300, now=t)
