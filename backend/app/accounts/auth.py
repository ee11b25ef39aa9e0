"""Signing in: passwords, access tokens, rotating refresh tokens, password reset.

Refresh tokens rotate: each use marks the token used and issues the next one of the same
family. Presenting a used (or revoked) token means it was copied: the whole family is revoked
and the caller must sign in again. Token rows store only a SHA-256 of the token.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import dramatiq
from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.audit.service import Actor, record_change
from app.db.models.user import PasswordResetToken, RefreshToken, User, UserStatus
from app.lib import ratelimit
from app.lib.errors import (
    AuthenticationError,
    FieldError,
    InvalidInputError,
    PermissionDeniedError,
    RateLimitedError,
)
from app.lib.redis import redis_key
from app.lib.scoping import bind_system
from app.lib.security import (
    burn_verification_time,
    hash_secret,
    issue_access_token,
    new_token,
    token_digest,
    verify_secret,
)
from app.lib.settings import Settings
from app.worker.broker import enqueue

WRONG_CREDENTIALS = "The e-mail address or the password is wrong"


@dataclass(frozen=True, slots=True)
class IssuedTokens:
    access_token: str
    refresh_token: str
    expires_in: int
    user: User


def _new_refresh_row(
    settings: Settings, user_id: uuid.UUID, family_id: uuid.UUID, now: datetime
) -> tuple[str, RefreshToken]:
    token = new_token()
    row = RefreshToken(
        user_id=user_id,
        family_id=family_id,
        token_hash=token_digest(token),
        issued_at=now,
        expires_at=now + timedelta(days=settings.refresh_token_days),
    )
    return token, row


def _issue(
    settings: Settings, session: AsyncSession, user: User, family: uuid.UUID, now: datetime
) -> IssuedTokens:
    refresh, row = _new_refresh_row(settings, user.id, family, now)
    session.add(row)
    access, _ = issue_access_token(settings, str(user.id), now, extra={"via": "session"})
    return IssuedTokens(access, refresh, settings.access_token_seconds, user)


async def _guard_attempts(redis: Redis, settings: Settings, keys: list[tuple[str, int]]) -> None:
    for key, limit in keys:
        count, retry_after = await ratelimit.attempts(redis, key)
        if count >= limit:
            raise RateLimitedError(
                "Too many failed sign-in attempts; try again later", retry_after=retry_after
            )


async def login(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    redis: Redis,
    email: str,
    password: str,
    ip: str | None,
    now: datetime,
) -> IssuedTokens:
    account_key = redis_key(settings, "login", "account", email.lower())
    ip_key = redis_key(settings, "login", "ip", ip or "unknown")
    limits = [
        (account_key, settings.login_attempts_per_account),
        (ip_key, settings.login_attempts_per_ip),
    ]
    await _guard_attempts(redis, settings, limits)
    async with sessions() as session, session.begin():
        bind_system(session)
        user = (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()
        if user is None:
            await asyncio.to_thread(burn_verification_time, settings)
            valid = False
        else:
            valid = await asyncio.to_thread(verify_secret, settings, user.password_hash, password)
        if user is None or not valid:
            for key, _ in limits:
                await ratelimit.record_attempt(redis, key, settings.login_window_seconds)
            raise AuthenticationError(WRONG_CREDENTIALS)
        if user.status != UserStatus.ACTIVE:
            raise PermissionDeniedError(f"This account is {user.status}")
        await ratelimit.clear(redis, account_key)
        return _issue(settings, session, user, uuid.uuid4(), now)


async def refresh(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, token: str, now: datetime
) -> IssuedTokens:
    refused: str | None = None
    async with sessions() as session, session.begin():
        bind_system(session)
        row = (
            await session.execute(
                select(RefreshToken)
                .where(RefreshToken.token_hash == token_digest(token))
                .with_for_update()
            )
        ).scalar_one_or_none()
        if row is None:
            refused = "The refresh token is not valid"
        elif row.revoked_at is None and _within_leeway(settings, row.used_at, now):
            # A reload that cut off the response of a refresh presents the spent token again
            # within seconds: answer with another token of the same family instead of treating
            # it as theft (a bounded window, as Auth0 and Okta allow).
            user = await session.get(User, row.user_id)
            if user is not None and user.status == UserStatus.ACTIVE:
                return _issue(settings, session, user, row.family_id, now)
            refused = "The account is not active"
        elif row.used_at is not None or row.revoked_at is not None:
            await _revoke_family(session, row.family_id, now)
            refused = "The refresh token was already used; every session of it is now revoked"
        elif row.expires_at <= now:
            refused = "The refresh token has expired"
        else:
            row.used_at = now
            user = await session.get(User, row.user_id)
            if user is None or user.status != UserStatus.ACTIVE:
                refused = "The account is not active"
            else:
                return _issue(settings, session, user, row.family_id, now)
    # The family revocation above is committed before the caller hears "no".
    raise AuthenticationError(refused or "The refresh token is not valid")


def _within_leeway(settings: Settings, used_at: datetime | None, now: datetime) -> bool:
    return used_at is not None and (now - used_at).total_seconds() <= settings.refresh_reuse_seconds


async def _revoke_family(session: AsyncSession, family_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def revoke_all_sessions(session: AsyncSession, user_id: uuid.UUID, now: datetime) -> None:
    await session.execute(
        update(RefreshToken)
        .where(RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )


async def logout(sessions: async_sessionmaker[AsyncSession], token: str, now: datetime) -> None:
    """Revoke the sign-in family of ``token``. An unknown token is not an error (idempotent)."""
    async with sessions() as session, session.begin():
        bind_system(session)
        row = (
            await session.execute(
                select(RefreshToken).where(RefreshToken.token_hash == token_digest(token))
            )
        ).scalar_one_or_none()
        if row is not None:
            await _revoke_family(session, row.family_id, now)


async def change_password(
    session: AsyncSession,
    settings: Settings,
    actor: Actor,
    user: User,
    current: str,
    new: str,
    now: datetime,
) -> None:
    if not await asyncio.to_thread(verify_secret, settings, user.password_hash, current):
        raise InvalidInputError(
            "The current password is wrong",
            errors=[FieldError("does not match", field="current_password")],
        )
    user.password_hash = await asyncio.to_thread(hash_secret, settings, new)
    await revoke_all_sessions(session, user.id, now)
    await record_change(
        session,
        actor,
        action="user.password_change",
        object_type="user",
        object_id=user.id,
        owner_id=user.id,
        reseller_id=user.parent_id,
    )


async def request_password_reset(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    broker: dramatiq.Broker,
    email: str,
    now: datetime,
) -> None:
    """E-mail a one-time reset link if the account exists; say nothing either way."""
    async with sessions() as session, session.begin():
        bind_system(session)
        user = (await session.execute(select(User).where(User.email == email))).scalar_one_or_none()
        if user is None or user.status != UserStatus.ACTIVE:
            return
        token = new_token()
        session.add(
            PasswordResetToken(
                user_id=user.id,
                token_hash=token_digest(token),
                expires_at=now + timedelta(minutes=settings.password_reset_minutes),
            )
        )
        to = user.email
    body = (
        "Someone asked to reset the password of your Tollgate account.\n\n"
        f"Open {settings.public_url}/reset-password?token={token} within "
        f"{settings.password_reset_minutes} minutes to choose a new one.\n\n"
        "If it was not you, ignore this message: your password stays as it is.\n"
    )
    await asyncio.to_thread(
        enqueue, broker, "accounts.send_email", to, "Reset your Tollgate password", body
    )


async def confirm_password_reset(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    token: str,
    new: str,
    now: datetime,
) -> None:
    async with sessions() as session, session.begin():
        bind_system(session)
        row = (
            await session.execute(
                select(PasswordResetToken)
                .where(PasswordResetToken.token_hash == token_digest(token))
                .with_for_update()
            )
        ).scalar_one_or_none()
        if row is None or row.used_at is not None or row.expires_at <= now:
            raise InvalidInputError(
                "The reset link is not valid or has expired",
                errors=[FieldError("invalid or expired", field="token")],
            )
        user = await session.get(User, row.user_id)
        if user is None:
            raise InvalidInputError("The account no longer exists")
        row.used_at = now
        user.password_hash = await asyncio.to_thread(hash_secret, settings, new)
        await revoke_all_sessions(session, user.id, now)
        await record_change(
            session,
            Actor.system(),
            action="user.password_reset",
            object_type="user",
            object_id=user.id,
            owner_id=user.id,
            reseller_id=user.parent_id,
        )
