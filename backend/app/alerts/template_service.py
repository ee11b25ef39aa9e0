"""Stored mail templates per tenant: a reseller's own, else the platform's, else the default.

A template row belongs to a tenant (``reseller_id``; NULL for the platform's, edited by
admins). The tenant is always the caller's own (a reseller edits its clients' wording, an admin
the platform's), never taken from the request, so no template of another tenant can be named.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.alerts.templates import DEFAULTS, MailText
from app.audit.service import Actor, record_change
from app.db.models.alert import MailTemplate
from app.lib.access import Principal, Role


def tenant_of(principal: Principal) -> uuid.UUID | None:
    return principal.user_id if principal.role is Role.RESELLER else None


async def _row(session: AsyncSession, tenant: uuid.UUID | None, kind: str) -> MailTemplate | None:
    owner = (
        MailTemplate.reseller_id.is_(None)
        if tenant is None
        else (MailTemplate.reseller_id == tenant)
    )
    query = select(MailTemplate).where(owner, MailTemplate.kind == kind)
    row: MailTemplate | None = (await session.execute(query)).scalar_one_or_none()
    return row


def _text(row: MailTemplate) -> MailText:
    return MailText(row.subject, row.text_body, row.html_body)


async def effective_template(
    session: AsyncSession, tenant: uuid.UUID | None, kind: str
) -> tuple[MailText, str]:
    """The wording that applies to a client of ``tenant``, and where it comes from
    (``tenant``, ``platform`` or ``default``)."""
    if tenant is not None:
        own = await _row(session, tenant, kind)
        if own is not None:
            return _text(own), "tenant"
    platform = await _row(session, None, kind)
    if platform is not None:
        return _text(platform), "platform"
    return DEFAULTS[kind], "default"


async def put_template(
    session: AsyncSession, actor: Actor, kind: str, text: MailText
) -> MailTemplate:
    """Store the caller's tenant's wording of ``kind`` (checked by the caller first)."""
    assert actor.principal is not None
    tenant = tenant_of(actor.principal)
    row = await _row(session, tenant, kind)
    before = None if row is None else _snapshot(row)
    if row is None:
        row = MailTemplate(reseller_id=tenant, kind=kind, subject="", text_body="")
        session.add(row)
    row.subject = text.subject
    row.text_body = text.text_body
    row.html_body = text.html_body
    row.updated_by = actor.principal.user_id
    await session.flush()
    await _audit(session, actor, row, "mail_template.update", before, _snapshot(row))
    return row


async def delete_template(session: AsyncSession, actor: Actor, kind: str) -> bool:
    """Remove the caller's tenant's wording (the platform's or the default applies again)."""
    assert actor.principal is not None
    row = await _row(session, tenant_of(actor.principal), kind)
    if row is None:
        return False
    await _audit(session, actor, row, "mail_template.delete", _snapshot(row), None)
    await session.delete(row)
    await session.flush()
    return True


def _snapshot(row: MailTemplate) -> dict[str, str | None]:
    return {"subject": row.subject, "text_body": row.text_body, "html_body": row.html_body}


async def _audit(
    session: AsyncSession,
    actor: Actor,
    row: MailTemplate,
    action: str,
    before: dict[str, str | None] | None,
    after: dict[str, str | None] | None,
) -> None:
    assert actor.principal is not None
    await record_change(
        session,
        actor,
        action=action,
        object_type="mail_template",
        object_id=row.id,
        owner_id=row.reseller_id or actor.principal.user_id,
        reseller_id=row.reseller_id,
        before=before,
        after=after,
    )
