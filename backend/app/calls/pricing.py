"""Who is calling and what prices the call: the SIP user, its client, and the engine context.

Authorize records the deck versions it priced with; finalize passes them back so a call keeps
the price it was authorized with even when a deck is re-imported mid-call.

Call control also needs the plan's special-number rules (checked before the tariff) and
allowances (docs/bundles.md): ``caller_pricing(..., bundles=True)`` loads them beside the
context, and a plan with neither costs one ``EXISTS`` query at load and nothing per call.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.bundles import ClientAllowances, plan_allowances
from app.db.models.bundle import PlanAllowance, PlanSpecialRate
from app.db.models.plan import Plan
from app.db.models.rate_deck import RateDeck
from app.db.models.telephony import SipUser
from app.db.models.user import User
from app.lib.errors import NotFoundError
from app.lib.scoping import unscoped
from app.ratedecks import client_rates, plans
from app.ratedecks.snapshot import load_index
from app.ratedecks.special_rates import engine_special_rates, inbound_tariff, special_rates
from app.rating import CallPricer, PricingContext, RateIndex


@dataclass(frozen=True, slots=True)
class Caller:
    """The SIP user (or account code) a call comes from and the client it bills."""

    sip_user: SipUser
    client: User


@dataclass(frozen=True, slots=True)
class Pricing:
    context: PricingContext
    versions: dict[str, int]
    """Deck id → version priced with."""
    pricer: CallPricer | None = None
    """Special rules, then ``context`` (``bundles=True``; else None)."""
    allowances: ClientAllowances | None = None
    """The plan's allowances (``bundles=True`` and the plan has any; else None)."""

    @property
    def call_pricer(self) -> CallPricer:
        """The pricer call control rates with (loaded with ``bundles=True``)."""
        if self.pricer is None:
            raise RuntimeError("caller_pricing(..., bundles=True) loads the pricer")
        return self.pricer


async def find_caller(
    session: AsyncSession, sip_user: str | None, account_code: str | None
) -> Caller:
    """The SIP user named by username, else by account code; 404 when neither is known."""
    conditions = []
    if sip_user:
        conditions.append(SipUser.username == sip_user)
    if account_code:
        conditions.append(SipUser.account_code == account_code)
    if not conditions:
        raise NotFoundError(f"No SIP user {sip_user!r} or account code {account_code!r}")
    query = select(SipUser, User).join(User, User.id == SipUser.owner_id).where(or_(*conditions))
    rows = [(row[0], row[1]) for row in await session.execute(query)]
    found = next((r for r in rows if r[0].username == sip_user), rows[0] if rows else None)
    if found is None:
        raise NotFoundError(f"No SIP user {sip_user!r} or account code {account_code!r}")
    return Caller(*found)


async def _deck_index(
    session: AsyncSession, deck_id: uuid.UUID, versions: Mapping[str, int] | None
) -> tuple[RateIndex, int] | None:
    deck = await session.get(RateDeck, deck_id)
    if deck is None:
        return None
    version = deck.current_version if versions is None else versions.get(str(deck_id), 0)
    if version == 0:
        return None
    return await load_index(session, deck, version), version


async def caller_pricing(
    session: AsyncSession,
    caller: Caller,
    versions: Mapping[str, int] | None = None,
    *,
    bundles: bool = False,
) -> Pricing | None:
    """The engine context of the caller's plan (or SIP user deck override); None if no plan.

    ``versions`` (from authorize) pins each deck's version; without it, current versions.
    ``bundles``: also the plan's ``CallPricer`` (special rules, inbound tariff) and allowances.
    """
    client = caller.client
    plan = None if client.plan_id is None else await session.get(Plan, client.plan_id)
    if plan is None:
        return None
    override = caller.sip_user.rate_deck_id
    deck_ids = [override] if override is not None else await plans.deck_ids(session, plan.id)
    indexes: list[RateIndex] = []
    pinned: dict[str, int] = {}
    for deck_id in deck_ids:
        loaded = await _deck_index(session, deck_id, versions)
        if loaded is not None and loaded[0].currency == plan.currency:
            indexes.append(loaded[0])
            pinned[str(deck_id)] = loaded[1]
    context = plans.context_of(
        plan,
        client.timezone,
        indexes,
        custom_rates=await client_rates.custom_rate_index(session, client),
        offers=await client_rates.offers(session, client),
        margins=await client_rates.reseller_margins(session, client),
        strip_prefix=caller.sip_user.strip_prefix,
        add_prefix=caller.sip_user.add_prefix,
    )
    if not bundles:
        return Pricing(context, pinned)
    pricer, allowances = await _plan_rules(session, caller.client, plan, context)
    return Pricing(context, pinned, pricer, allowances)


async def _plan_rules(
    session: AsyncSession, client: User, plan: Plan, context: PricingContext
) -> tuple[CallPricer, ClientAllowances | None]:
    """The plan's pricer and allowances; one query when it has no rules and no allowances.
    Read across tenants: the plan is usually staff-owned while the session may be scoped."""
    with unscoped(session):
        has_rules, has_allowances = (
            await session.execute(
                select(
                    exists().where(PlanSpecialRate.plan_id == plan.id),
                    exists().where(PlanAllowance.plan_id == plan.id),
                )
            )
        ).one()
        rules = engine_special_rates(await special_rates(session, plan.id)) if has_rules else []
    pricer = CallPricer(context, specials=rules, inbound=inbound_tariff(plan))
    if not has_allowances:
        return pricer, None
    loaded = await plan_allowances(session, client, plan)
    return pricer, loaded if loaded.allowances else None
