"""REST surface of signing in: /api/v1/auth/*."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, patch, post
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_202_ACCEPTED, HTTP_204_NO_CONTENT

from app.accounts import auth, service
from app.accounts.routes import user_read
from app.accounts.schemas import (
    LoginRequest,
    PasswordChange,
    PasswordResetConfirm,
    PasswordResetRequest,
    RefreshRequest,
    TokenPair,
    UserRead,
    UserUpdate,
)
from app.lib.access import PUBLIC, SIGNED_IN, requires
from app.server.auth import client_ip, now_utc
from app.server.dependencies import (
    BrokerDep,
    CurrentActor,
    CurrentPrincipal,
    RedisDep,
    ScopedSession,
    SessionMaker,
    SettingsDep,
)

_PUBLIC = {"access": PUBLIC}
_SIGNED_IN = {"access": SIGNED_IN}


def _pair(issued: auth.IssuedTokens) -> TokenPair:
    return TokenPair(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        user=user_read(issued.user),
    )


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ("auth",)

    @post("/login", opt=_PUBLIC, status_code=HTTP_200_OK, operation_id="login")
    async def login(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[LoginRequest],
        session_maker: SessionMaker,
        settings: SettingsDep,
        redis: RedisDep,
    ) -> TokenPair:
        """Exchange e-mail and password for an access token and a refresh token. Failed attempts
        are limited per account and per address (429 with Retry-After)."""
        issued = await auth.login(
            session_maker, settings, redis, data.email, data.password, client_ip(request), now_utc()
        )
        return _pair(issued)

    @post("/refresh", opt=_PUBLIC, status_code=HTTP_200_OK, operation_id="refreshToken")
    async def refresh(
        self,
        data: JSONBody[RefreshRequest],
        session_maker: SessionMaker,
        settings: SettingsDep,
    ) -> TokenPair:
        """Rotate: the refresh token is spent and a new pair is issued. Reusing a spent token
        revokes every session of its family."""
        return _pair(await auth.refresh(session_maker, settings, data.refresh_token, now_utc()))

    @post("/logout", opt=_PUBLIC, status_code=HTTP_204_NO_CONTENT, operation_id="logout")
    async def logout(self, data: JSONBody[RefreshRequest], session_maker: SessionMaker) -> None:
        await auth.logout(session_maker, data.refresh_token, now_utc())

    @get("/me", opt=_SIGNED_IN, operation_id="getMe")
    async def me(self, session: ScopedSession, principal: CurrentPrincipal) -> UserRead:
        return user_read(await service.get_user(session, principal.user_id))

    @patch("/me", opt=requires("profile:write"), operation_id="updateMe")
    async def update_me(
        self,
        session: ScopedSession,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[UserUpdate],
    ) -> UserRead:
        """Change one's own name, contact data, timezone, language or notification choices."""
        return user_read(await service.update_own_profile(session, actor, principal, data))

    @post(
        "/password",
        opt=requires("profile:write"),
        status_code=HTTP_204_NO_CONTENT,
        operation_id="changePassword",
    )
    async def change_password(
        self,
        session: ScopedSession,
        settings: SettingsDep,
        actor: CurrentActor,
        principal: CurrentPrincipal,
        data: JSONBody[PasswordChange],
    ) -> None:
        """Change one's password; every other session is signed out."""
        user = await service.get_user(session, principal.user_id)
        await auth.change_password(
            session, settings, actor, user, data.current_password, data.new_password, now_utc()
        )

    @post(
        "/password-reset",
        opt=_PUBLIC,
        status_code=HTTP_202_ACCEPTED,
        operation_id="requestPasswordReset",
    )
    async def request_reset(
        self,
        data: JSONBody[PasswordResetRequest],
        session_maker: SessionMaker,
        settings: SettingsDep,
        broker: BrokerDep,
    ) -> None:
        """E-mail a reset link when the account exists. The answer is the same either way."""
        await auth.request_password_reset(session_maker, settings, broker, data.email, now_utc())

    @post(
        "/password-reset/confirm",
        opt=_PUBLIC,
        status_code=HTTP_204_NO_CONTENT,
        operation_id="confirmPasswordReset",
    )
    async def confirm_reset(
        self,
        data: JSONBody[PasswordResetConfirm],
        session_maker: SessionMaker,
        settings: SettingsDep,
    ) -> None:
        await auth.confirm_password_reset(
            session_maker, settings, data.token, data.new_password, now_utc()
        )
