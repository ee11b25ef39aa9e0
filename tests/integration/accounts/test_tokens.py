"""Access-token checks (RFC 8725): each forged or stale token is a problem-details 401."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.lib.access import Role
from app.lib.security import JWT_AUDIENCE, JWT_ISSUER
from app.lib.settings import Settings
from tests.support.identity import create_account


def _claims(subject: uuid.UUID, **overrides: object) -> dict[str, object]:
    now = datetime.now(UTC)
    claims: dict[str, object] = {
        "iss": JWT_ISSUER,
        "aud": JWT_AUDIENCE,
        "sub": str(subject),
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(minutes=5)).timestamp()),
        "via": "session",
    }
    claims.update(overrides)
    return claims


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


async def _status(client: AsyncTestClient[Litestar], token: str) -> tuple[int, dict[str, str]]:
    response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    if response.status_code == 401:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.headers["www-authenticate"].startswith("Bearer")
    return response.status_code, response.json()


async def test_a_valid_token_is_accepted(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.CLIENT)
    token = jwt.encode(_claims(account.id), settings.secret_key, algorithm="HS256")
    status, body = await _status(client, token)
    assert status == 200
    assert body["email"] == account.email


@pytest.mark.parametrize(
    ("case", "overrides"),
    [
        ("expired", {"exp": int((datetime.now(UTC) - timedelta(seconds=5)).timestamp())}),
        ("wrong audience", {"aud": "someone-else"}),
        ("wrong issuer", {"iss": "evil"}),
        ("no expiry", {"exp": None}),
    ],
)
async def test_stale_or_foreign_tokens_are_refused(
    client: AsyncTestClient[Litestar], settings: Settings, case: str, overrides: dict[str, object]
) -> None:
    account = await create_account(settings, Role.CLIENT)
    claims = {k: v for k, v in _claims(account.id, **overrides).items() if v is not None}
    token = jwt.encode(claims, settings.secret_key, algorithm="HS256")
    status, _ = await _status(client, token)
    assert status == 401, case


async def test_alg_none_is_refused(client: AsyncTestClient[Litestar], settings: Settings) -> None:
    account = await create_account(settings, Role.ADMIN)
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(account.id))}."
    status, _ = await _status(client, token)
    assert status == 401


async def test_hs_rs_confusion_is_refused(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.ADMIN)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rs_token = jwt.encode(_claims(account.id), key, algorithm="RS256")
    assert (await _status(client, rs_token))[0] == 401
    # The classic confusion: an HS256 token "signed" with a public key used as the secret.
    public_pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64(_claims(account.id))}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    forged = f"{signing_input}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"
    assert (await _status(client, forged))[0] == 401


async def test_a_tampered_signature_or_payload_is_refused(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.CLIENT)
    admin = await create_account(settings, Role.ADMIN)
    token = jwt.encode(_claims(account.id), settings.secret_key, algorithm="HS256")
    header, payload, signature = token.split(".")
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    assert (await _status(client, f"{header}.{payload}.{flipped}"))[0] == 401
    escalated = _b64(_claims(admin.id))
    assert (await _status(client, f"{header}.{escalated}.{signature}"))[0] == 401


async def test_a_suspended_account_loses_access_at_once(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.CLIENT, status="suspended")
    assert (await _status(client, account.token))[0] == 401
