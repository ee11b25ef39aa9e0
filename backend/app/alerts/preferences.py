"""A client's own choices on its billing account: digit masking, which alerts it wants, where
they go, and its low-credit alert level. The client sets them itself; staff within reach too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import msgspec
from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.schemas import PreferencesRead, PreferencesUpdate
from app.audit.service import Actor, update_audited
from app.billing.ledger import account_for, exact_amount
from app.db.models.billing import BillingAccount
from app.db.models.user import User


def preferences_read(account: BillingAccount) -> PreferencesRead:
    return PreferencesRead(
        user_id=account.owner_id,
        mask_digits=account.mask_digits,
        notify_low_credit=account.notify_low_credit,
        notify_spend_cap=account.notify_spend_cap,
        notify_invoices=account.notify_invoices,
        notification_email=account.notification_email,
        low_credit_threshold=account.low_credit_threshold,
        updated_at=account.updated_at,
    )


def _changes(patch: PreferencesUpdate) -> dict[str, Any]:
    changes = {
        name: value
        for name, value in msgspec.structs.asdict(patch).items()
        if value is not msgspec.UNSET
    }
    threshold = changes.get("low_credit_threshold")
    if threshold is not None:
        changes["low_credit_threshold"] = exact_amount(
            Decimal(threshold), field="low_credit_threshold"
        )
    return changes


async def update_preferences(
    session: AsyncSession, actor: Actor, client: User, patch: PreferencesUpdate
) -> BillingAccount:
    account = await account_for(session, client.id, lock=True)
    await update_audited(session, actor, account, _changes(patch), "billing_account.preferences")
    return account
