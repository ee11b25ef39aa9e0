"""Payment providers allowed to POST signed events to /api/v1/webhooks/payments/{name}.

Platform-wide settings (admins only). The signing secret is the HMAC key the provider signs
with; it is stored as is (verifying needs it), never written to the audit log (the column name
says "secret"), and answered only by the request that set it.
"""

from __future__ import annotations

import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.audit.service import Actor, changed_only, record_change, snapshot
from app.db.models.payment import PaymentProvider
from app.lib.errors import NotFoundError
from app.payments.schemas import ProviderRead, ProviderWrite

WEBHOOK_PATH = "/api/v1/webhooks/payments/{name}"


def provider_read(provider: PaymentProvider, *, secret: str | None = None) -> ProviderRead:
    return ProviderRead(
        name=provider.name,
        webhook_path=WEBHOOK_PATH.format(name=provider.name),
        tolerance_seconds=provider.tolerance_seconds,
        enabled=provider.enabled,
        created_at=provider.created_at,
        updated_at=provider.updated_at,
        signing_secret=secret,
    )


async def find_provider(session: AsyncSession, name: str) -> PaymentProvider | None:
    query = select(PaymentProvider).where(PaymentProvider.name == name)
    provider: PaymentProvider | None = (await session.execute(query)).scalar_one_or_none()
    return provider


async def list_providers(session: AsyncSession) -> list[PaymentProvider]:
    rows = await session.execute(select(PaymentProvider).order_by(PaymentProvider.name))
    return list(rows.scalars())


async def put_provider(
    session: AsyncSession, actor: Actor, name: str, data: ProviderWrite
) -> tuple[PaymentProvider, str | None]:
    """Create or change a provider; return it and the secret when this request set one."""
    provider = await find_provider(session, name)
    secret = data.signing_secret
    before = snapshot(provider) if provider else None
    if provider is None:
        secret = secret or "whsec_" + secrets.token_urlsafe(32)
        provider = PaymentProvider(name=name, signing_secret=secret)
        session.add(provider)
    elif secret is not None:
        provider.signing_secret = secret
    provider.tolerance_seconds = data.tolerance_seconds
    provider.enabled = data.enabled
    await session.flush()
    old, new = changed_only(before or {}, snapshot(provider))
    if secret is not None:
        new["signing_secret_changed"] = True
    await record_change(
        session,
        actor,
        action="payment_provider.create" if before is None else "payment_provider.update",
        object_type="payment_provider",
        object_id=provider.id,
        owner_id=_owner(actor),
        reseller_id=None,
        before=old or None,
        after=new,
    )
    return provider, secret


async def delete_provider(session: AsyncSession, actor: Actor, name: str) -> None:
    provider = await find_provider(session, name)
    if provider is None:
        raise NotFoundError(f"No payment provider {name!r}")
    await record_change(
        session,
        actor,
        action="payment_provider.delete",
        object_type="payment_provider",
        object_id=provider.id,
        owner_id=_owner(actor),
        reseller_id=None,
        before=snapshot(provider),
    )
    await session.delete(provider)
    await session.flush()


def _owner(actor: Actor) -> uuid.UUID:
    # Platform settings have no tenant: the audit entry is owned by the admin who changed them.
    assert actor.principal is not None
    return actor.principal.user_id
