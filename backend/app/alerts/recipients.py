"""Who an alert goes to and what its template may say about the client's account."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.billing.ledger import available
from app.db.models.billing import BillingAccount
from app.db.models.user import User
from app.lib.settings import Settings


@dataclass(frozen=True, slots=True)
class Recipient:
    client: User
    account: BillingAccount

    @property
    def address(self) -> str:
        return self.account.notification_email or self.client.email

    @property
    def tenant(self) -> uuid.UUID | None:
        """The reseller whose templates apply (None: the platform's)."""
        return self.client.parent_id

    def variables(self, settings: Settings) -> dict[str, Any]:
        account = self.account
        return {
            "user_name": self.client.name,
            "user_email": self.client.email,
            "company": self.client.company or "",
            "currency": account.currency,
            "balance": money(account.balance),
            "available": money(available(account)),
            "portal_url": settings.public_url,
        }


def money(value: Any) -> str:
    """A decimal as people read money: two places at least, no trailing zeros beyond."""
    text = f"{value:.6f}".rstrip("0")
    whole, _, places = text.partition(".")
    return f"{whole}.{places.ljust(2, '0')}"


async def recipients(session: AsyncSession, account_ids: list[uuid.UUID]) -> list[Recipient]:
    if not account_ids:
        return []
    rows = await session.execute(
        select(BillingAccount, User)
        .join(User, User.id == BillingAccount.owner_id)
        .where(BillingAccount.id.in_(account_ids))
    )
    return [Recipient(client=user, account=account) for account, user in rows.tuples()]


async def recipient_of(session: AsyncSession, client_id: uuid.UUID) -> Recipient | None:
    rows = await session.execute(
        select(BillingAccount, User)
        .join(User, User.id == BillingAccount.owner_id)
        .where(BillingAccount.owner_id == client_id)
    )
    row = rows.tuples().one_or_none()
    return Recipient(client=row[1], account=row[0]) if row else None
