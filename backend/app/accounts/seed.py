"""Demo accounts for ``tollgate seed-demo`` and ``make run``: one of each role, a reseller with
two clients and a direct client. Idempotent: existing e-mails are left as they are."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.db.models.user import User
from app.lib.access import Role
from app.lib.scoping import bind_system
from app.lib.security import hash_secret
from app.lib.settings import Settings
from app.system.seed import SEEDERS, DemoLogin

DEMO_PASSWORD = "tollgate-demo"  # noqa: S105 - printed to the newcomer on purpose


@dataclass(frozen=True, slots=True)
class DemoAccount:
    email: str
    role: Role
    name: str
    parent: str | None = None
    timezone: str = "UTC"
    currency: str = "USD"


DEMO_ACCOUNTS = (
    DemoAccount("superadmin@example.com", Role.SUPERADMIN, "Sam Superadmin"),
    DemoAccount("admin@example.com", Role.ADMIN, "Ada Admin"),
    DemoAccount(
        "reseller@example.com",
        Role.RESELLER,
        "Rita Reseller",
        timezone="Europe/London",
        currency="GBP",
    ),
    DemoAccount(
        "client1@example.com",
        Role.CLIENT,
        "Carl Client",
        "reseller@example.com",
        "Europe/London",
        "GBP",
    ),
    DemoAccount(
        "client2@example.com",
        Role.CLIENT,
        "Cora Client",
        "reseller@example.com",
        "Europe/London",
        "GBP",
    ),
    DemoAccount("direct@example.com", Role.CLIENT, "Dan Direct", timezone="America/New_York"),
)


async def seed_accounts(session: AsyncSession, settings: Settings) -> list[DemoLogin]:
    bind_system(session)
    ids: dict[str, uuid.UUID] = {}
    password_hash = hash_secret(settings, DEMO_PASSWORD)
    for account in DEMO_ACCOUNTS:
        existing = (
            await session.execute(select(User).where(User.email == account.email))
        ).scalar_one_or_none()
        if existing is None:
            existing = User(
                email=account.email,
                password_hash=password_hash,
                role=account.role,
                name=account.name,
                timezone=account.timezone,
                currency=account.currency,
                parent_id=ids[account.parent] if account.parent else None,
            )
            session.add(existing)
            await session.flush()
        ids[account.email] = existing.id
    return [DemoLogin(a.role.value, a.email, DEMO_PASSWORD) for a in DEMO_ACCOUNTS]


SEEDERS.append(seed_accounts)
