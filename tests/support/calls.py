"""A priced, routable client for call-control tests: deck, plan, client, SIP user, trunk, credit.

Everything is written straight to the database with a system session (the API paths are
tested elsewhere), so each test states only what it varies.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import update

from app.billing.ledger import account_for, post_entry
from app.db.models.billing import EntryKind
from app.db.models.plan import Plan, PlanDeck
from app.db.models.rate_deck import Rate, RateDeck, RateDeckVersion
from app.db.models.telephony import SipUser, Trunk
from app.db.models.user import User
from app.lib.access import Role
from app.lib.settings import Settings
from tests.support.identity import Account, create_account, system_session

SERVICE = {"Authorization": "Bearer test-service-token"}


@dataclass(frozen=True)
class R:
    """One rate line: prefix, price per minute, and the optional terms."""

    prefix: str
    per_minute: str
    initial: int = 1
    increment: int = 1
    connect: str = "0"
    allowed: bool = True
    late: bool = False
    destination: str = ""


UK = (
    R("44", "0.120000", destination="United Kingdom"),
    R("4420", "0.060000", 60, 60, destination="London"),
    R("447", "0.300000", destination="UK mobile"),
    R("449", "0", allowed=False, destination="UK premium"),
    R("4487", "0", late=True, destination="UK late-billed"),
)


@dataclass
class CallWorld:
    client: Account
    owner: Account
    sip_user: str
    sip_user_id: uuid.UUID
    trunk_id: uuid.UUID
    deck_id: uuid.UUID
    plan_id: uuid.UUID
    account_id: uuid.UUID
    extra: dict[str, Any] = field(default_factory=dict)


async def add_deck(
    session: Any, owner: Account, rates: Sequence[R], *, kind: str = "sell", version: int = 1
) -> uuid.UUID:
    deck = RateDeck(
        name=f"{kind} {uuid.uuid4().hex[:6]}",
        kind=kind,
        currency="USD",
        current_version=version,
        owner_id=owner.id,
        reseller_id=None,
    )
    session.add(deck)
    await session.flush()
    await add_version(session, deck.id, owner, rates, version)
    return deck.id


async def add_version(
    session: Any, deck_id: uuid.UUID, owner: Account, rates: Sequence[R], version: int
) -> None:
    row = RateDeckVersion(
        deck_id=deck_id,
        version=version,
        created_at=datetime.datetime.now(datetime.UTC),
        rate_count=len(rates),
        source="test",
        owner_id=owner.id,
    )
    session.add(row)
    await session.flush()
    for r in rates:
        session.add(
            Rate(
                version_id=row.id,
                prefix=r.prefix,
                destination=r.destination,
                rate_per_minute=Decimal(r.per_minute),
                connect_fee=Decimal(r.connect),
                initial_block=r.initial,
                increment=r.increment,
                allowed=r.allowed,
                late_billed=r.late,
                owner_id=owner.id,
            )
        )
    deck = await session.get(RateDeck, deck_id)
    deck.current_version = version
    await session.flush()


async def call_world(
    settings: Settings,
    *,
    credit: str = "10",
    rates: Sequence[R] = UK,
    buy: Sequence[R] = (R("44", "0.010000"),),
    account: dict[str, Any] | None = None,
    sip: dict[str, Any] | None = None,
    parent: Account | None = None,
) -> CallWorld:
    """A UK client on a USD plan over ``rates``, one SIP user, one trunk buying at ``buy``.

    Trunks are the platform's, shared by every client: earlier worlds' trunks are disabled so
    this world's carrier is the only route (tests run one at a time on the session database).
    """
    owner = parent or await create_account(settings, Role.ADMIN)
    client = await create_account(settings, Role.CLIENT, parent=parent)
    session, close = await system_session(settings)
    try:
        await session.execute(update(Trunk).values(status="disabled"))
        deck_id = await add_deck(session, owner, rates)
        plan = Plan(
            name="UK retail",
            currency="USD",
            country_code="44",
            exit_code="00",
            trunk_prefix="0",
            owner_id=owner.id,
            reseller_id=None,
        )
        session.add(plan)
        await session.flush()
        session.add(PlanDeck(plan_id=plan.id, deck_id=deck_id, position=0))
        user = await session.get(User, client.id)
        user.plan_id, user.currency, user.timezone = plan.id, "USD", "Europe/London"
        buy_deck = await add_deck(session, owner, buy, kind="buy")
        trunk = Trunk(
            name=f"carrier-{uuid.uuid4().hex[:6]}",
            dial_template="PJSIP/{number}@carrier",
            buy_deck_id=buy_deck,
            owner_id=owner.id,
        )
        device = SipUser(
            username=f"sip{uuid.uuid4().hex[:10]}",
            secret="s3cret-s3cret",
            owner_id=client.id,
            reseller_id=client.parent_id,
            **(sip or {}),
        )
        session.add_all([trunk, device])
        billing = await account_for(session, client.id, lock=True)
        for name, value in (account or {}).items():
            setattr(billing, name, value)
        if Decimal(credit):
            await post_entry(
                session,
                billing,
                kind=EntryKind.CREDIT,
                amount=Decimal(credit),
                idempotency_key="opening",
                at=datetime.datetime.now(datetime.UTC),
            )
        await session.commit()
        return CallWorld(
            client, owner, device.username, device.id, trunk.id, deck_id, plan.id, billing.id
        )
    finally:
        await close()
