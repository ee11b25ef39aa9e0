"""SIP users: a client's SIP accounts (CellHub "SIP Users"), within the caller's reach.

A SIP user belongs to a client (``owner_id``) and is seen by that client's reseller
(``reseller_id``). Its secret is stored as Asterisk needs it for digest authentication and is
shown only by the answers of create and rotate; reads mask it and audit snapshots leave it out.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import msgspec
from advanced_alchemy.filters import LimitOffset, OrderBy
from advanced_alchemy.repository import SQLAlchemyAsyncRepository
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.accounts.service import get_user
from app.audit.service import Actor, audit_row, changed_only, delete_audited, snapshot
from app.db.models.rate_deck import RateDeck
from app.db.models.telephony import SipUser, Trunk, TrunkGroup
from app.db.models.user import User
from app.lib.access import Role
from app.lib.errors import NotFoundError
from app.lib.scoping import unscoped
from app.telephony.checks import invalid, normalized_cidrs, without_duplicates
from app.telephony.common import conflict, flush_unique, get_row, patch_changes, taken
from app.telephony.schemas import SECRET_MASK, SipUserCreate, SipUserPatch, SipUserRead

_UNIQUE = {"uq_sip_user_username": "username", "uq_sip_user_account_code": "account_code"}
_LISTS = ("restricted_prefixes", "caller_id_allow", "caller_id_deny")


class SipUserRepository(SQLAlchemyAsyncRepository[SipUser]):
    model_type = SipUser


def generate_secret() -> str:
    """24 URL-safe characters (144 random bits)."""
    return secrets.token_urlsafe(18)


def sip_user_read(row: SipUser, *, reveal: bool = False) -> SipUserRead:
    read = msgspec.convert(row, SipUserRead, from_attributes=True)
    return read if reveal else msgspec.structs.replace(read, secret=SECRET_MASK)


async def list_sip_users(
    session: AsyncSession,
    *,
    limit: int,
    offset: int,
    owner_id: uuid.UUID | None = None,
    status: str | None = None,
    search: str | None = None,
) -> tuple[list[SipUser], int]:
    filters: list[Any] = [LimitOffset(limit=limit, offset=offset), OrderBy("username", "asc")]
    if owner_id is not None:
        filters.append(SipUser.owner_id == owner_id)
    if status is not None:
        filters.append(SipUser.status == status)
    if search:
        filters.append(SipUser.username.icontains(search, autoescape=True))
    rows, total = await SipUserRepository(session=session).get_many_and_count(*filters)
    return list(rows), total


async def get_sip_user(session: AsyncSession, sip_user_id: uuid.UUID) -> SipUser:
    return await get_row(session, SipUser, sip_user_id, "SIP user")


async def _owner(session: AsyncSession, owner_id: uuid.UUID) -> User:
    try:
        client = await get_user(session, owner_id)
    except NotFoundError:
        raise invalid("owner_id", "no such client within your reach") from None
    if client.role is not Role.CLIENT:
        raise invalid("owner_id", "SIP users belong to client accounts")
    return client


def _normalized(values: dict[str, Any]) -> dict[str, Any]:
    if "allowed_cidrs" in values:
        values["allowed_cidrs"] = normalized_cidrs(values["allowed_cidrs"])
    for name in _LISTS:
        if name in values:
            values[name] = without_duplicates(values[name])
    return values


async def _check_references(session: AsyncSession, values: dict[str, Any], client: User) -> None:
    """Trunk, trunk group and rate deck must be within the caller's reach (else a 422)."""
    for field, kind, label in (
        ("trunk_id", Trunk, "trunk"),
        ("trunk_group_id", TrunkGroup, "trunk group"),
    ):
        if values.get(field) is not None and await session.get(kind, values[field]) is None:
            raise invalid(field, f"no such {label} within your reach")
    if values.get("rate_deck_id") is None:
        return
    deck = await session.get(RateDeck, values["rate_deck_id"])
    if deck is None:
        raise invalid("rate_deck_id", "no such rate deck within your reach")
    if deck.kind != "sell":
        raise invalid("rate_deck_id", "a SIP user is priced with a sell deck")
    if deck.currency != client.currency:
        raise invalid(
            "rate_deck_id", f"the deck is in {deck.currency}, the client in {client.currency}"
        )


async def _check_unique(
    session: AsyncSession, values: dict[str, Any], except_id: uuid.UUID | None
) -> None:
    # Usernames are Asterisk endpoint names: unique on the whole platform, not per tenant.
    username = values.get("username")
    if username and await taken(
        session, SipUser.username, username, except_id, across_tenants=True
    ):
        raise conflict("username", f"The SIP username {username!r} is taken")
    code = values.get("account_code")
    if code and await taken(session, SipUser.account_code, code, except_id, across_tenants=True):
        raise conflict("account_code", f"The account code {code!r} is taken")


async def _check_limit(session: AsyncSession, client: User) -> None:
    """The client's ``sip_account_limit`` (0: no limit). The client's row is locked so two
    concurrent creates are counted one after the other."""
    if client.sip_account_limit == 0:
        return
    await session.execute(select(User.id).where(User.id == client.id).with_for_update())
    count_query = select(func.count()).select_from(SipUser).where(SipUser.owner_id == client.id)
    with unscoped(session):
        count = (await session.execute(count_query)).scalar_one()
    if count >= client.sip_account_limit:
        raise invalid(
            "owner_id",
            f"the client's SIP account limit ({client.sip_account_limit}) is reached",
        )


async def create_sip_user(
    session: AsyncSession, actor: Actor, data: SipUserCreate
) -> tuple[SipUser, str]:
    """A new SIP user for a client within reach, and its secret (generated when not given)."""
    client = await _owner(session, data.owner_id)
    values = _normalized(msgspec.structs.asdict(data))
    del values["owner_id"]
    secret = values.pop("secret") or generate_secret()
    await _check_references(session, values, client)
    await _check_unique(session, values, None)
    await _check_limit(session, client)
    row = SipUser(**values, secret=secret, owner_id=client.id, reseller_id=client.parent_id)
    session.add(row)
    await flush_unique(session, _UNIQUE)
    await audit_row(session, actor, row, "sip_user.create", after=snapshot(row))
    return row, secret


async def update_sip_user(
    session: AsyncSession, actor: Actor, sip_user_id: uuid.UUID, patch: SipUserPatch
) -> SipUser:
    """Change some fields of a SIP user (found first: out of reach is a 404)."""
    row = await get_sip_user(session, sip_user_id)
    changes = _normalized(patch_changes(patch))
    client = await session.get(User, row.owner_id)
    if client is not None:
        await _check_references(session, changes, client)
    await _check_unique(session, changes, row.id)
    before = snapshot(row)
    for name, value in changes.items():
        setattr(row, name, value)
    await flush_unique(session, _UNIQUE)
    old, new = changed_only(before, snapshot(row))
    if "secret" in changes:
        new["credentials"] = "changed"
    if new:
        await audit_row(session, actor, row, "sip_user.update", before=old, after=new)
    return row


async def rotate_secret(session: AsyncSession, actor: Actor, sip_user_id: uuid.UUID) -> SipUser:
    """A new generated secret; the old one stops working as soon as Asterisk reloads it."""
    row = await get_sip_user(session, sip_user_id)
    row.secret = generate_secret()
    await session.flush()
    await audit_row(session, actor, row, "sip_user.rotate_secret", after={"credentials": "rotated"})
    return row


async def delete_sip_user(session: AsyncSession, actor: Actor, sip_user_id: uuid.UUID) -> None:
    row = await get_sip_user(session, sip_user_id)
    await delete_audited(session, actor, row, object_type="sip_user")
