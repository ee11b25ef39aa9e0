"""Suppression/exclusion rules and client-owned numbers, within the caller's reach.

A rule or an owned number about a client belongs to that client (``owner_id``) and is seen by
its reseller; a rule about a source only belongs to the source's owner. The client and the
source a row names must be within the caller's reach (else a 422 naming the field).
"""

from __future__ import annotations

import uuid
from typing import Any

import msgspec
from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.service import get_user
from app.audit.service import Actor, audit_row, delete_audited, snapshot
from app.cdrs.owners import number_key
from app.cdrs.sources.schemas import (
    ClientNumberCreate,
    ClientNumberPatch,
    ClientNumberRead,
    NumberRuleCreate,
    NumberRulePatch,
    NumberRuleRead,
)
from app.cdrs.sources.service import invalid
from app.db.models.cdr_source import CdrNumberRule, CdrSource, ClientNumber
from app.db.models.telephony import SipUser
from app.db.models.user import User
from app.lib.access import Role
from app.lib.errors import NotFoundError
from app.telephony.common import flush_unique, get_row, patch_changes

_NUMBER_UNIQUE = {"uq_client_number_number": "number"}


class RuleRepository(SQLAlchemyAsyncRepository[CdrNumberRule]):
    model_type = CdrNumberRule


class NumberRepository(SQLAlchemyAsyncRepository[ClientNumber]):
    model_type = ClientNumber


def rule_read(row: CdrNumberRule) -> NumberRuleRead:
    return msgspec.convert(row, NumberRuleRead, from_attributes=True)


def number_read(row: ClientNumber) -> ClientNumberRead:
    return msgspec.convert(row, ClientNumberRead, from_attributes=True)


async def _client(session: AsyncSession, client_id: uuid.UUID, field: str) -> User:
    try:
        client = await get_user(session, client_id)
    except NotFoundError:
        raise invalid(field, "no such client within your reach") from None
    if client.role is not Role.CLIENT:
        raise invalid(field, "numbers and number rules belong to client accounts")
    return client


async def _source(session: AsyncSession, source_id: uuid.UUID) -> CdrSource:
    source = await session.get(CdrSource, source_id)
    if source is None:
        raise invalid("source_id", "no such CDR source within your reach")
    return source


async def list_rules(
    session: AsyncSession, *, limit: int, offset: int, **equal: Any
) -> tuple[list[CdrNumberRule], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("pattern", "asc")]
    filters += [getattr(CdrNumberRule, k) == v for k, v in equal.items() if v is not None]
    rows, total = await RuleRepository(session=session).get_many_and_count(*filters)
    return list(rows), total


async def get_rule(session: AsyncSession, rule_id: uuid.UUID) -> CdrNumberRule:
    return await get_row(session, CdrNumberRule, rule_id, "number rule")


async def create_rule(session: AsyncSession, actor: Actor, data: NumberRuleCreate) -> CdrNumberRule:
    if data.source_id is None and data.client_id is None:
        raise invalid("source_id", "name a source, a client, or both")
    source = None if data.source_id is None else await _source(session, data.source_id)
    client = None if data.client_id is None else await _client(session, data.client_id, "client_id")
    if client is not None:
        owner, reseller = client.id, client.parent_id
    else:
        assert source is not None
        owner, reseller = source.owner_id, source.reseller_id
    row = CdrNumberRule(
        action=data.action,
        pattern=data.pattern,
        source_id=data.source_id,
        client_id=data.client_id,
        note=data.note,
        owner_id=owner,
        reseller_id=reseller,
    )
    session.add(row)
    await session.flush()
    await audit_row(session, actor, row, "cdr_number_rule.create", after=snapshot(row))
    return row


async def update_rule(
    session: AsyncSession, actor: Actor, rule_id: uuid.UUID, patch: NumberRulePatch
) -> CdrNumberRule:
    row = await get_rule(session, rule_id)
    before = snapshot(row)
    for name, value in patch_changes(patch).items():
        setattr(row, name, value)
    await session.flush()
    await audit_row(
        session, actor, row, "cdr_number_rule.update", before=before, after=snapshot(row)
    )
    return row


async def delete_rule(session: AsyncSession, actor: Actor, rule_id: uuid.UUID) -> None:
    row = await get_rule(session, rule_id)
    await delete_audited(session, actor, row, object_type="cdr_number_rule")


async def list_numbers(
    session: AsyncSession, *, limit: int, offset: int, **equal: Any
) -> tuple[list[ClientNumber], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("number", "asc")]
    filters += [getattr(ClientNumber, k) == v for k, v in equal.items() if v is not None]
    rows, total = await NumberRepository(session=session).get_many_and_count(*filters)
    return list(rows), total


async def get_number(session: AsyncSession, number_id: uuid.UUID) -> ClientNumber:
    return await get_row(session, ClientNumber, number_id, "client number")


def _stored_number(number: str) -> str:
    domain, bar, digits = number.rpartition("|")
    return f"{domain.lower()}{bar}{number_key(digits)}"


async def _check_device(
    session: AsyncSession, sip_user_id: uuid.UUID | None, owner: uuid.UUID
) -> None:
    if sip_user_id is None:
        return
    device = await session.get(SipUser, sip_user_id)
    if device is None or device.owner_id != owner:
        raise invalid("sip_user_id", "no such SIP user of this client")


async def create_number(
    session: AsyncSession, actor: Actor, data: ClientNumberCreate
) -> ClientNumber:
    client = await _client(session, data.owner_id, "owner_id")
    if data.source_id is not None:
        await _source(session, data.source_id)
    await _check_device(session, data.sip_user_id, client.id)
    row = ClientNumber(
        number=_stored_number(data.number),
        kind=data.kind,
        sip_user_id=data.sip_user_id,
        service=data.service,
        source_id=data.source_id,
        owner_id=client.id,
        reseller_id=client.parent_id,
    )
    session.add(row)
    await flush_unique(session, _NUMBER_UNIQUE)
    await audit_row(session, actor, row, "client_number.create", after=snapshot(row))
    return row


async def update_number(
    session: AsyncSession, actor: Actor, number_id: uuid.UUID, patch: ClientNumberPatch
) -> ClientNumber:
    row = await get_number(session, number_id)
    changes = patch_changes(patch)
    if "number" in changes:
        changes["number"] = _stored_number(changes["number"])
    if "sip_user_id" in changes:
        await _check_device(session, changes["sip_user_id"], row.owner_id)
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    await flush_unique(session, _NUMBER_UNIQUE)
    await audit_row(session, actor, row, "client_number.update", before=before, after=snapshot(row))
    return row


async def delete_number(session: AsyncSession, actor: Actor, number_id: uuid.UUID) -> None:
    row = await get_number(session, number_id)
    await delete_audited(session, actor, row, object_type="client_number")
