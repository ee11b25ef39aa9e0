"""Users of every role, created straight in the database, and their credentials."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.db.models.api_key import ApiKey, OAuthClient
from app.db.models.user import User
from app.lib.access import Role
from app.lib.db import async_database_url
from app.lib.scoping import bind_system
from app.lib.security import hash_secret, issue_access_token
from app.lib.settings import Settings

PASSWORD = "correct horse battery"


@dataclass(frozen=True)
class Account:
    id: uuid.UUID
    email: str
    role: Role
    parent_id: uuid.UUID | None
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def bearer(settings: Settings, user_id: uuid.UUID) -> str:
    token, _ = issue_access_token(settings, str(user_id), datetime.now(UTC), {"via": "session"})
    return token


async def create_account(
    settings: Settings, role: Role, *, parent: Account | None = None, status: str = "active"
) -> Account:
    engine = create_async_engine(async_database_url(settings.require_database_url()))
    try:
        async with async_sessionmaker(engine)() as session, session.begin():
            bind_system(session)
            email = f"{role.value}-{uuid.uuid4().hex[:10]}@example.com"
            user = User(
                email=email,
                password_hash=hash_secret(settings, PASSWORD),
                role=role,
                name=f"Test {role.value}",
                parent_id=parent.id if parent else None,
                status=status,
            )
            session.add(user)
            await session.flush()
            user_id = user.id
    finally:
        await engine.dispose()
    return Account(user_id, email, role, parent.id if parent else None, bearer(settings, user_id))


@dataclass
class Tenants:
    """Two resellers, each with a client, plus staff — the cast of the isolation tests."""

    superadmin: Account
    admin: Account
    reseller_a: Account
    client_a: Account
    reseller_b: Account
    client_b: Account
    direct: Account
    extra: dict[str, Account] = field(default_factory=dict)


async def make_tenants(settings: Settings) -> Tenants:
    reseller_a = await create_account(settings, Role.RESELLER)
    reseller_b = await create_account(settings, Role.RESELLER)
    return Tenants(
        superadmin=await create_account(settings, Role.SUPERADMIN),
        admin=await create_account(settings, Role.ADMIN),
        reseller_a=reseller_a,
        client_a=await create_account(settings, Role.CLIENT, parent=reseller_a),
        reseller_b=reseller_b,
        client_b=await create_account(settings, Role.CLIENT, parent=reseller_b),
        direct=await create_account(settings, Role.CLIENT),
    )


# How to make an object of each tenant-owned resource a route's {id} can name, owned by a
# given account. The route-walk test fails for a resource missing here.
ResourceFactory = Callable[[Settings, Account], Awaitable[uuid.UUID]]
RESOURCE_FACTORIES: dict[str, ResourceFactory] = {}


def resource_factory(name: str) -> Callable[[ResourceFactory], ResourceFactory]:
    def register(factory: ResourceFactory) -> ResourceFactory:
        RESOURCE_FACTORIES[name] = factory
        return factory

    return register


@resource_factory("user")
async def _user_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    # A user "of" an account: the account itself (its own row is the object it owns).
    return owner.id


async def system_session(settings: Settings) -> tuple[AsyncSession, Callable[[], Awaitable[None]]]:
    engine = create_async_engine(async_database_url(settings.require_database_url()))
    session = async_sessionmaker(engine, expire_on_commit=False)()
    bind_system(session)

    async def close() -> None:
        await session.close()
        await engine.dispose()

    return session, close


async def _owned_row(settings: Settings, owner: Account, make: Callable[..., object]) -> uuid.UUID:
    """Store ``make(owner_id=…, reseller_id=…)`` as the owner's row and return its id."""
    session, close = await system_session(settings)
    try:
        reseller = owner.id if owner.role is Role.RESELLER else owner.parent_id
        row = make(owner_id=owner.id, reseller_id=reseller)
        session.add(row)
        await session.commit()
        row_id: uuid.UUID = row.id  # type: ignore[attr-defined]
        return row_id
    finally:
        await close()


@resource_factory("rate_deck")
async def _deck_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    from app.db.models.rate_deck import RateDeck

    return await _owned_row(
        settings,
        owner,
        lambda **ids: RateDeck(
            name="Foreign deck", kind="sell", currency="USD", current_version=0, **ids
        ),
    )


@resource_factory("job")
async def _job_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    from app.db.models.job import Job

    return await _owned_row(
        settings,
        owner,
        lambda **ids: Job(kind="test", status="succeeded", errors=[], parameters={}, **ids),
    )


@resource_factory("plan")
async def _plan_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    from app.db.models.plan import Plan

    return await _owned_row(
        settings,
        owner,
        lambda **ids: Plan(
            name="Foreign plan",
            currency="USD",
            country_code="1",
            exit_code="011",
            trunk_prefix="",
            **ids,
        ),
    )


@resource_factory("api_key")
async def _api_key_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    return await _owned_row(
        settings,
        owner,
        lambda **ids: ApiKey(
            name="route walk",
            key_id=secrets.token_hex(6),
            secret_hash=hash_secret(settings, secrets.token_urlsafe(32)),
            scopes=["cdrs:read"],
            **ids,
        ),
    )


@resource_factory("oauth_client")
async def _oauth_client_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    return await _owned_row(
        settings,
        owner,
        lambda **ids: OAuthClient(
            name="route walk",
            client_id="tgc_" + secrets.token_hex(8),
            secret_hash=hash_secret(settings, secrets.token_urlsafe(32)),
            scopes=["cdrs:read"],
            **ids,
        ),
    )


@resource_factory("custom_rate")
async def _custom_rate_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    from decimal import Decimal

    from app.db.models.client_rates import CustomRate

    return await _owned_row(
        settings,
        owner,
        lambda **ids: CustomRate(
            prefix="44", destination="UK", rate_per_minute=Decimal("0.01"), **ids
        ),
    )


@resource_factory("offer")
async def _offer_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    from datetime import timedelta

    from app.db.models.client_rates import Offer

    now = datetime.now(UTC)
    return await _owned_row(
        settings,
        owner,
        lambda **ids: Offer(
            prefix="44", destination="UK", starts_at=now, expires_at=now + timedelta(days=7), **ids
        ),
    )


@resource_factory("sip_user")
async def _sip_user_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    from app.db.models.telephony import SipUser

    return await _owned_row(
        settings,
        owner,
        lambda **ids: SipUser(
            username=f"walk-{uuid.uuid4().hex[:12]}", secret=secrets.token_urlsafe(18), **ids
        ),
    )


@resource_factory("destination_group")
async def _destination_group_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    from app.db.models.destination import DestinationGroup

    return await _owned_row(
        settings,
        owner,
        lambda **ids: DestinationGroup(name=f"Foreign group {uuid.uuid4().hex[:8]}", **ids),
    )


@resource_factory("voucher_batch")
async def _voucher_batch_owned_by(settings: Settings, owner: Account) -> uuid.UUID:
    from decimal import Decimal

    from app.db.models.voucher import VoucherBatch

    return await _owned_row(
        settings,
        owner,
        lambda **ids: VoucherBatch(count=1, value=Decimal(5), currency="USD", prefix="", **ids),
    )


# Features keep their factories beside their other fixtures; importing registers them.
from tests.support import invoicing as _invoicing_factories  # noqa: E402

del _invoicing_factories
