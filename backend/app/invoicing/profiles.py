"""Tenant invoicing profiles (branding, numbering, autobill schedule) and each client's
invoicing terms on its billing account.

The tenant of a client is its reseller (``BillingAccount.reseller_id``), or the platform
(``None``). Profiles are read and changed on system-bound queries after the caller's right to
the tenant was decided by role (staff: the platform's; a reseller: its own).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from uuid_utils.compat import uuid7

from app.billing.ledger import account_for
from app.billing.periods import zone
from app.db.models.billing import BillingAccount
from app.db.models.invoice import InvoicingProfile
from app.db.models.user import User
from app.invoicing.schedule import check_cron, next_fire
from app.invoicing.schemas import ClientTermsUpdate, ProfileUpdate
from app.lib.access import Principal, Role
from app.lib.errors import FieldError, InvalidInputError
from app.lib.scoping import unscoped

MAX_LOGO_CHARS = 262_144


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])


def tenant_of(principal: Principal) -> uuid.UUID | None:
    """The tenant whose profile a staff member or reseller manages."""
    return principal.user_id if principal.role is Role.RESELLER else None


async def profile_for(
    session: AsyncSession, reseller_id: uuid.UUID | None, *, lock: bool = False
) -> InvoicingProfile:
    """The tenant's profile, created with defaults on first use (concurrent first uses create
    one). ``lock=True`` holds its row lock until the transaction ends: the numbering counters
    are taken under it."""
    condition = (
        InvoicingProfile.reseller_id.is_(None)
        if reseller_id is None
        else InvoicingProfile.reseller_id == reseller_id
    )
    query = select(InvoicingProfile).where(condition)
    if lock:
        query = query.with_for_update().execution_options(populate_existing=True)
    with unscoped(session):
        found = (await session.execute(query)).scalar_one_or_none()
        if found is not None:
            return found
        timezone, name = "UTC", ""
        if reseller_id is not None:
            reseller = await session.get(User, reseller_id)
            if reseller is not None:
                timezone, name = reseller.timezone, reseller.company or reseller.name
        await session.execute(
            insert(InvoicingProfile)
            .values(
                id=uuid7(),
                reseller_id=reseller_id,
                name=name,
                timezone=timezone,
                created_at=datetime.datetime.now(datetime.UTC),
                updated_at=datetime.datetime.now(datetime.UTC),
            )
            .on_conflict_do_nothing()
        )
        created: InvoicingProfile = (await session.execute(query)).scalar_one()
        return created


def _check_profile_values(changes: dict[str, Any]) -> None:
    if "timezone" in changes and zone(changes["timezone"]).key != changes["timezone"]:
        raise _invalid("timezone", f"{changes['timezone']!r} is not an IANA timezone")
    logo = changes.get("logo_url")
    if logo is not None:
        if not logo.startswith("data:image/"):
            raise _invalid("logo_url", "a data:image/… URI (the PDF renderer never fetches URLs)")
        if len(logo) > MAX_LOGO_CHARS:
            raise _invalid("logo_url", f"at most {MAX_LOGO_CHARS} characters")
    if changes.get("autobill_cron") is not None:
        changes["autobill_cron"] = check_cron(changes["autobill_cron"])


async def update_profile(
    session: AsyncSession,
    reseller_id: uuid.UUID | None,
    patch: ProfileUpdate,
    now: datetime.datetime,
) -> InvoicingProfile:
    """Change a tenant's profile; a new cron or timezone reschedules the next run."""
    profile = await profile_for(session, reseller_id, lock=True)
    changes = {k: v for k, v in msgspec.structs.asdict(patch).items() if v is not msgspec.UNSET}
    _check_profile_values(changes)
    for name, value in changes.items():
        setattr(profile, name, value)
    if profile.autobill_cron is None:
        profile.autobill_next_at = None
    elif {"autobill_cron", "timezone"} & changes.keys() or profile.autobill_next_at is None:
        profile.autobill_next_at = next_fire(profile.autobill_cron, profile.timezone, now)
    await session.flush()
    return profile


async def update_client_terms(
    session: AsyncSession, client: User, patch: ClientTermsUpdate
) -> BillingAccount:
    """Change how the client is invoiced: mode, billing cycle, tax rate, payment terms."""
    account = await account_for(session, client.id, lock=True)
    for name, value in msgspec.structs.asdict(patch).items():
        if value is msgspec.UNSET:
            continue
        if name == "tax_rate" and value is not None:
            value = _tax_rate(value, "tax_rate")
        setattr(account, name, value)
    await session.flush()
    return account


def _tax_rate(value: Any, field: str) -> Any:
    from decimal import Decimal, InvalidOperation

    try:
        rate = Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise _invalid(field, "a percentage such as 20 or 7.5") from exc
    if not rate.is_finite() or not 0 <= rate <= 100 or rate != rate.quantize(Decimal("0.0001")):
        raise _invalid(field, "a percentage from 0 to 100 with at most 4 decimals")
    return rate
