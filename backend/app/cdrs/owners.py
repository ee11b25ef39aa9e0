"""Whose call is an imported record: owner resolution, and each caller's pricing, once per job.

A record is matched to a SIP user, in this order: its account code (``SipUser.account_code``),
the SIP user named by its channel (``PJSIP/alice-0000002a`` → ``alice``), then its calling
number against SIP users' ``caller_id_number``. Only SIP users within the importer's reach are
candidates: staff match any, a reseller only its clients' — a reseller's file never charges
another reseller's client. A record matched by nobody is stored unassigned (owner NULL).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.pricing import Caller, Pricing, caller_pricing
from app.cdrs.csv_records import ParsedCdr
from app.db.models.telephony import SipUser
from app.db.models.user import User
from app.lib.access import Role


@dataclass
class Owners:
    """The SIP users an import may bill, indexed the three ways a record names its caller."""

    by_account_code: dict[str, SipUser] = field(default_factory=dict)
    by_username: dict[str, SipUser] = field(default_factory=dict)
    by_caller_id: dict[str, SipUser] = field(default_factory=dict)
    clients: dict[uuid.UUID, User] = field(default_factory=dict)

    def resolve(self, record: ParsedCdr) -> SipUser | None:
        found = None
        if record.account_code:
            found = self.by_account_code.get(record.account_code)
        if found is None and record.sip_user:
            found = self.by_username.get(record.sip_user)
        if found is None and record.caller_number:
            found = self.by_caller_id.get(record.caller_number)
        return found


async def load_owners(session: AsyncSession, importer: User) -> Owners:
    """Every SIP user within ``importer``'s reach, with its client (a system session)."""
    query = select(SipUser)
    if importer.role == Role.RESELLER:
        query = query.where(SipUser.reseller_id == importer.id)
    elif importer.role not in (Role.SUPERADMIN, Role.ADMIN):
        query = query.where(SipUser.owner_id == importer.id)
    owners = Owners()
    for sip_user in (await session.execute(query.order_by(SipUser.created_at))).scalars():
        owners.by_username.setdefault(sip_user.username, sip_user)
        if sip_user.account_code:
            owners.by_account_code.setdefault(sip_user.account_code, sip_user)
        if sip_user.caller_id_number:
            owners.by_caller_id.setdefault(sip_user.caller_id_number, sip_user)
    client_ids = {s.owner_id for s in owners.by_username.values()}
    if client_ids:
        clients = await session.execute(select(User).where(User.id.in_(client_ids)))
        owners.clients = {client.id: client for client in clients.scalars()}
    return owners


class PricingCache:
    """Each caller's engine context, built once per job (a SIP user may override the deck)."""

    def __init__(self, session: AsyncSession, owners: Owners) -> None:
        self._session = session
        self._owners = owners
        self._pricing: dict[uuid.UUID, Pricing | None] = {}

    async def pricing(self, sip_user: SipUser) -> Pricing | None:
        if sip_user.id not in self._pricing:
            client = self._owners.clients.get(sip_user.owner_id)
            self._pricing[sip_user.id] = (
                None
                if client is None
                else await caller_pricing(self._session, Caller(sip_user, client))
            )
        return self._pricing[sip_user.id]
