"""Helpers of the API-key and OAuth tests: credentials through the API, rows straight from the
database, and every log line a block of code produced."""

from __future__ import annotations

import base64
import io
import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from httpx import Response
from sqlalchemy import select, update

from app.db.models.api_key import ApiKey, OAuthClient
from app.db.models.audit import AuditEntry
from app.lib.settings import Settings
from tests.support.identity import Account, system_session

Client = httpx.AsyncClient


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def basic(client_id: str, secret: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


async def create_key(
    client: Client, owner: Account, scopes: list[str], **fields: Any
) -> tuple[dict[str, Any], str]:
    """A key made through the API by ``owner``: (its public representation, its token)."""
    response = await client.post(
        "/api/v1/api-keys",
        json={"name": "integration", "scopes": scopes, **fields},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return body["api_key"], body["token"]


async def create_oauth_client(
    client: Client, owner: Account, scopes: list[str]
) -> tuple[dict[str, Any], str]:
    """An OAuth client made through the API by ``owner``: (its representation, its secret)."""
    response = await client.post(
        "/api/v1/oauth-clients",
        json={"name": "crm sync", "scopes": scopes},
        headers=owner.headers,
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return body["oauth_client"], body["client_secret"]


async def request_token(
    client: Client,
    form: dict[str, str],
    headers: dict[str, str] | None = None,
) -> Response:
    return await client.post("/oauth/token", data=form, headers=headers or {})


async def token_for(client: Client, oauth_client: dict[str, Any], secret: str, **form: str) -> str:
    response = await request_token(
        client,
        {"grant_type": "client_credentials", **form},
        basic(oauth_client["client_id"], secret),
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def set_key_columns(settings: Settings, key_id: str, **values: Any) -> None:
    session, close = await system_session(settings)
    try:
        await session.execute(update(ApiKey).where(ApiKey.id == uuid.UUID(key_id)).values(**values))
        await session.commit()
    finally:
        await close()


async def load_key(settings: Settings, key_id: str) -> ApiKey:
    session, close = await system_session(settings)
    try:
        key = await session.scalar(select(ApiKey).where(ApiKey.id == uuid.UUID(key_id)))
        assert key is not None
        return key
    finally:
        await close()


async def load_oauth_client(settings: Settings, client_id: str) -> OAuthClient:
    session, close = await system_session(settings)
    try:
        row = await session.scalar(
            select(OAuthClient).where(OAuthClient.id == uuid.UUID(client_id))
        )
        assert row is not None
        return row
    finally:
        await close()


async def audit_text(settings: Settings, object_id: str) -> tuple[list[str], str]:
    """The actions audited for an object, and every audit row of it serialised as text."""
    session, close = await system_session(settings)
    try:
        rows = (
            await session.scalars(
                select(AuditEntry).where(AuditEntry.object_id == object_id).order_by(AuditEntry.at)
            )
        ).all()
    finally:
        await close()
    dumped = [
        json.dumps({"before": row.before, "after": row.after, "action": row.action}, default=str)
        for row in rows
    ]
    return [row.action for row in rows], "\n".join(dumped)


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    """Every log line (DEBUG and up) written while the block runs, rendered as the app
    renders them."""
    root = logging.getLogger()
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    if root.handlers:
        handler.setFormatter(root.handlers[0].formatter)
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        root.removeHandler(handler)
        root.setLevel(previous)
