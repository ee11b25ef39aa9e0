"""Signing in: login, rate limits, rotating refresh tokens, logout, password change and reset."""

from __future__ import annotations

import asyncio
import re
import time
from dataclasses import replace
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app.asgi import create_app
from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.identity import PASSWORD, create_account
from tests.support.live import free_port
from tests.support.worker import running_worker


async def _login(client: AsyncTestClient[Litestar], email: str, password: str = PASSWORD):  # type: ignore[no-untyped-def]
    return await client.post("/api/v1/auth/login", json={"email": email, "password": password})


async def test_login_returns_a_token_pair_that_works(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.RESELLER)
    response = await _login(client, account.email)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["user"]["role"] == "reseller"
    assert "password_hash" not in body["user"]
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.json()["id"] == str(account.id)


async def test_a_wrong_password_and_an_unknown_email_get_the_same_401(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.CLIENT)
    wrong = await _login(client, account.email, "not the password")
    unknown = await _login(client, "nobody-here@example.com")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


async def test_failed_logins_are_limited_per_account(settings: Settings) -> None:
    limited = replace(settings, login_attempts_per_account=3, login_attempts_per_ip=100)
    account = await create_account(limited, Role.CLIENT)
    async with AsyncTestClient(app=create_app(limited)) as client:
        for _ in range(3):
            assert (await _login(client, account.email, "wrong-password")).status_code == 401
        blocked = await _login(client, account.email)  # even the right password now waits
        assert blocked.status_code == 429
        assert int(blocked.headers["retry-after"]) > 0
        assert blocked.json()["type"].endswith("/rate-limited")


async def test_failed_logins_are_limited_per_address(settings: Settings) -> None:
    limited = replace(
        settings,
        login_attempts_per_account=100,
        login_attempts_per_ip=4,
        redis_prefix=settings.redis_prefix + ":ip",
    )
    async with AsyncTestClient(app=create_app(limited)) as client:
        statuses = [
            (await _login(client, f"someone{n}@example.com", "wrong-password")).status_code
            for n in range(6)
        ]
    assert statuses == [401, 401, 401, 401, 429, 429]


async def _refresh(client: AsyncTestClient[Litestar], token: str) -> tuple[int, str | None]:
    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})
    return response.status_code, response.json().get("refresh_token")


async def test_refresh_rotates_and_reuse_revokes_the_whole_family(settings: Settings) -> None:
    strict = replace(settings, refresh_reuse_seconds=0)
    account = await create_account(strict, Role.CLIENT)
    async with AsyncTestClient(app=create_app(strict)) as client:
        first = (await _login(client, account.email)).json()["refresh_token"]
        status, rotated = await _refresh(client, first)
        assert status == 200
        assert rotated is not None
        assert rotated != first
        # The spent token comes back: someone copied it. The family dies, the rotated one too.
        assert (await _refresh(client, first))[0] == 401
        assert (await _refresh(client, rotated))[0] == 401


async def test_a_spent_token_within_seconds_of_use_is_a_lost_response_not_a_theft(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.CLIENT)
    first = (await _login(client, account.email)).json()["refresh_token"]
    status, rotated = await _refresh(client, first)
    assert status == 200
    again, replacement = await _refresh(client, first)  # the reload that lost the answer
    assert again == 200
    assert replacement not in (None, first, rotated)
    assert (await _refresh(client, str(replacement)))[0] == 200
    assert (await _refresh(client, str(rotated)))[0] == 200  # the family is alive


async def test_logout_revokes_the_refresh_token(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.CLIENT)
    pair = (await _login(client, account.email)).json()
    out = await client.post("/api/v1/auth/logout", json={"refresh_token": pair["refresh_token"]})
    assert out.status_code == 204, out.text
    again = await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    assert again.status_code == 401


async def test_changing_the_password_signs_out_other_sessions(
    client: AsyncTestClient[Litestar], settings: Settings
) -> None:
    account = await create_account(settings, Role.CLIENT)
    pair = (await _login(client, account.email)).json()
    wrong = await client.post(
        "/api/v1/auth/password",
        headers=account.headers,
        json={"current_password": "nope", "new_password": "a brand new secret"},
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "current_password"
    changed = await client.post(
        "/api/v1/auth/password",
        headers=account.headers,
        json={"current_password": PASSWORD, "new_password": "a brand new secret"},
    )
    assert changed.status_code == 204
    assert (
        await client.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
    ).status_code == 401
    assert (await _login(client, account.email, "a brand new secret")).status_code == 200


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp_inbox() -> tuple[_Inbox, int]:
    inbox = _Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port  # type: ignore[misc]
    controller.stop()


async def test_password_reset_mails_a_one_time_link_over_smtp(
    settings: Settings, smtp_inbox: tuple[_Inbox, int]
) -> None:
    inbox, port = smtp_inbox
    mailing = replace(settings, smtp_port=port, redis_prefix=settings.redis_prefix + ":mail")
    account = await create_account(mailing, Role.CLIENT)
    async with AsyncTestClient(app=create_app(mailing)) as client:
        with running_worker(mailing):
            unknown = await client.post(
                "/api/v1/auth/password-reset", json={"email": "ghost@example.com"}
            )
            known = await client.post("/api/v1/auth/password-reset", json={"email": account.email})
            assert unknown.status_code == known.status_code == 202
            deadline = time.monotonic() + 20
            while not inbox.messages and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.1)
        assert len(inbox.messages) == 1, "exactly one mail: none for the unknown address"
        mail = message_from_bytes(inbox.messages[0], policy=policy.default)
        assert mail["To"] == account.email
        token = re.search(r"token=([\w-]+)", mail.get_content())  # type: ignore[attr-defined]
        assert token is not None
        confirm = {"token": token.group(1), "new_password": "reset and renewed"}
        assert (
            await client.post("/api/v1/auth/password-reset/confirm", json=confirm)
        ).status_code == 204
        reused = await client.post("/api/v1/auth/password-reset/confirm", json=confirm)
        assert reused.status_code == 422
        assert (await _login(client, account.email, "reset and renewed")).status_code == 200
