"""Whose call is an imported record: owner resolution, and each owner's pricing, once per job.

A record is matched, in this order, by:

1. its account code (``SipUser.account_code``);
2. the SIP user named by its channel (``PJSIP/alice-0000002a`` → ``alice``);
3. outbound and local records: the calling number against SIP users' ``caller_id_number``,
   then against the numbers clients own (``ClientNumber``: DIDs and extensions);
   inbound records: the dialled number against the numbers clients own (the DID called), then
   against SIP users' ``caller_id_number``.

Owned numbers compare without a leading ``+``; a record of a multi-tenant PBX (Vodia) is
looked up as ``domain|number`` first. A number owned for this source wins over one owned for
every source. Only SIP users and numbers within the importer's reach are candidates: staff
match any, a reseller only its clients' — a reseller's feed never charges another reseller's
client. A record matched by nobody is stored unassigned (owner NULL).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.calls.pricing import Caller, caller_pricing
from app.cdrs.csv_records import ParsedCdr
from app.db.models.billing import BillingAccount
from app.db.models.cdr_source import ClientNumber
from app.db.models.plan import Plan
from app.db.models.telephony import SipUser
from app.db.models.user import User
from app.lib.access import Role
from app.ratedecks.special_rates import engine_special_rates, inbound_tariff, special_rates
from app.rating import CallPricer, PricingContext


@dataclass(slots=True, eq=False)
class Owner:
    """A client a record can belong to, through one SIP user or one owned number."""

    client: User
    sip_user: SipUser | None
    service: str | None
    masked: bool
    """The client's digit-masking choice now (stored with each record, never changed after)."""
    context: PricingContext | None = None
    """Filled by :func:`load_pricing` for owners of outbound and inbound records."""
    pricer: CallPricer | None = None
    """The plan's direction-aware pricer (special numbers, inbound tariff), filled by
    :func:`load_pricing` only when the plan has either: other owners rate with ``context``
    alone (the same result, without the per-call special-rule probe)."""
    prices_inbound: bool = False
    """Whether inbound calls are priced (the plan has an inbound tariff or inbound rules)."""
    client_id: uuid.UUID = field(init=False)
    reseller_id: uuid.UUID | None = field(init=False)
    device_id: uuid.UUID | None = field(init=False)

    def __post_init__(self) -> None:
        # Plain copies: a million rows read them without the ORM's attribute machinery.
        self.client_id, self.reseller_id = self.client.id, self.client.parent_id
        self.device_id = None if self.sip_user is None else self.sip_user.id

    @property
    def pricing_key(self) -> tuple[object, ...]:
        device = self.sip_user
        if device is None:
            return (self.client.id, None, "", "")
        return (self.client.id, device.rate_deck_id, device.strip_prefix, device.add_prefix)


def number_key(number: str) -> str:
    """How owned numbers and rule patterns compare: without a leading ``+``."""
    return number[1:] if number[:1] == "+" else number


@dataclass
class Owners:
    """The SIP users and owned numbers an import may bill, indexed the ways records name them."""

    by_account_code: dict[str, Owner] = field(default_factory=dict)
    by_username: dict[str, Owner] = field(default_factory=dict)
    by_caller_id: dict[str, Owner] = field(default_factory=dict)
    by_number: dict[str, Owner] = field(default_factory=dict)

    def _number(self, number: str | None, domain: str | None) -> Owner | None:
        if not number:
            return None
        key = number_key(number)
        found = self.by_number.get(f"{domain}|{key}") if domain else None
        return found or self.by_number.get(key)

    def resolve(self, record: ParsedCdr) -> Owner | None:
        found = None
        if record.account_code:
            found = self.by_account_code.get(record.account_code)
        if found is None and record.sip_user:
            found = self.by_username.get(record.sip_user)
        if found is not None:
            return found
        if record.direction == "inbound":
            dialled = record.dialled_number
            return self._number(dialled, record.domain) or self.by_caller_id.get(dialled)
        caller = record.caller_number
        if not caller:
            return None
        return self.by_caller_id.get(caller) or self._number(caller, record.domain)


async def _clients(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, User]:
    if not ids:
        return {}
    rows = await session.execute(select(User).where(User.id.in_(ids)))
    return {client.id: client for client in rows.scalars()}


async def _masking(session: AsyncSession, ids: set[uuid.UUID]) -> dict[uuid.UUID, bool]:
    if not ids:
        return {}
    query = select(BillingAccount.owner_id, BillingAccount.mask_digits).where(
        BillingAccount.owner_id.in_(ids)
    )
    return {owner: bool(mask) for owner, mask in (await session.execute(query)).all()}


def _in_reach(model: type[SipUser] | type[ClientNumber], importer: User) -> list[Any]:
    """Conditions keeping ``model``'s rows to those ``importer`` may bill."""
    if importer.role == Role.RESELLER:
        return [model.reseller_id == importer.id]
    if importer.role not in (Role.SUPERADMIN, Role.ADMIN):
        return [model.owner_id == importer.id]
    return []


async def _candidates(
    session: AsyncSession, importer: User, source_id: uuid.UUID | None
) -> tuple[list[SipUser], list[ClientNumber]]:
    devices = await session.execute(
        select(SipUser).where(*_in_reach(SipUser, importer)).order_by(SipUser.created_at)
    )
    numbers = await session.execute(
        select(ClientNumber).where(
            *_in_reach(ClientNumber, importer),
            ClientNumber.source_id.is_(None) | (ClientNumber.source_id == source_id),
        )
    )
    return list(devices.scalars()), list(numbers.scalars())


async def load_owners(
    session: AsyncSession, importer: User, source_id: uuid.UUID | None = None
) -> Owners:
    """Every SIP user and owned number within ``importer``'s reach (a system session)."""
    devices, numbers = await _candidates(session, importer, source_id)
    ids = {d.owner_id for d in devices} | {n.owner_id for n in numbers}
    clients, masking = await _clients(session, ids), await _masking(session, ids)
    owners = Owners()
    by_device: dict[uuid.UUID, Owner] = {}
    for device in devices:
        client = clients.get(device.owner_id)
        if client is None:  # pragma: no cover - the foreign key keeps the owner
            continue
        owner = Owner(client, device, None, masking.get(client.id, False))
        by_device[device.id] = owner
        owners.by_username.setdefault(device.username, owner)
        if device.account_code:
            owners.by_account_code.setdefault(device.account_code, owner)
        if device.caller_id_number:
            owners.by_caller_id.setdefault(device.caller_id_number, owner)
    # Numbers of every source first, then this source's: the more specific one wins.
    for number in sorted(numbers, key=lambda n: n.source_id is not None):
        client = clients.get(number.owner_id)
        if client is None:  # pragma: no cover
            continue
        linked = by_device.get(number.sip_user_id) if number.sip_user_id else None
        sip_user = None if linked is None else linked.sip_user
        mask = masking.get(client.id, False)
        owners.by_number[number_key(number.number)] = Owner(client, sip_user, number.service, mask)
    return owners


_NO_DEVICE = {"rate_deck_id": None, "strip_prefix": "", "add_prefix": ""}


Priced = tuple[PricingContext | None, CallPricer | None, bool]


async def _pricer(
    session: AsyncSession, plan_id: uuid.UUID | None, context: PricingContext
) -> tuple[CallPricer | None, bool]:
    """The plan's ``CallPricer`` when it has special rules or an inbound tariff (else None),
    and whether it prices inbound calls (``app.ratedecks.special_rates.call_pricer``'s parts:
    the rules are read here so that a plan without any costs its calls nothing)."""
    plan = None if plan_id is None else await session.get(Plan, plan_id)
    if plan is None:  # pragma: no cover - caller_pricing found it
        return None, False
    rules = engine_special_rates(await special_rates(session, plan.id))
    inbound = inbound_tariff(plan)
    if not rules and inbound is None:
        return None, False
    pricer = CallPricer(context, specials=rules, inbound=inbound)
    return pricer, inbound is not None or any(r.direction == "inbound" for r in rules)


async def load_pricing(session: AsyncSession, owners: Iterable[Owner]) -> None:
    """Build each owner's engine context and pricer once (shared by owners priced alike);
    context None: the client has no plan."""
    built: dict[tuple[object, ...], Priced] = {}
    for owner in owners:
        key = owner.pricing_key
        if key not in built:
            # An owned number without a SIP user is priced as the client's plan alone.
            device = owner.sip_user or SipUser(username="", secret="", **_NO_DEVICE)
            pricing = await caller_pricing(session, Caller(device, owner.client))
            if pricing is None:
                built[key] = (None, None, False)
            else:
                pricer = await _pricer(session, owner.client.plan_id, pricing.context)
                built[key] = (pricing.context, *pricer)
        owner.context, owner.pricer, owner.prices_inbound = built[key]
