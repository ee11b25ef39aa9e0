"""Creating, listing and revoking API keys and OAuth clients.

Rules that live here: a credential's scopes are known scopes and never exceed its creator's own
effective scopes (so an API key cannot mint a key stronger than itself); the owner is always the
caller; a secret is hashed before the row is written and handed back exactly once; creation and
revocation are audited without secrets. Reads go through the caller's scoped session, so another
tenant's credential does not exist for it (404).
"""

from __future__ import annotations

import datetime
import ipaddress
import secrets
import uuid
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.apikeys.schemas import ApiKeyCreate, CredentialStatus, OAuthClientCreate
from app.audit.service import Actor, changed_only, record_change, snapshot
from app.db.models.api_key import ApiKey, OAuthClient
from app.lib.access import SCOPES, Principal, Role
from app.lib.errors import FieldError, InvalidInputError, NotFoundError
from app.lib.security import hash_secret, new_token
from app.lib.settings import Settings

API_KEY_PREFIX = "tgk_"  # the same prefix app.server.auth routes to our resolver
OAUTH_CLIENT_PREFIX = "tgc_"
OAUTH_CLIENT_ID_BYTES = 8  # 16 hex characters
KEY_ID_BYTES = 6  # 12 hex characters
SECRET_BYTES = 32

Credential = TypeVar("Credential", ApiKey, OAuthClient)


def object_type(model: type[ApiKey] | type[OAuthClient]) -> str:
    """The audit ``object_type`` (and route ``resource``) of a credential model."""
    return "api_key" if model is ApiKey else "oauth_client"


def _invalid(field: str, message: str) -> InvalidInputError:
    return InvalidInputError(
        f"Invalid value for {field!r}: {message}", errors=[FieldError(message, field=field)]
    )


def validate_scopes(principal: Principal, requested: Iterable[str]) -> list[str]:
    """The requested scopes, deduplicated and sorted; each known and held by the caller."""
    scopes = sorted(set(requested))
    if not scopes:
        raise _invalid("scopes", "grant at least one scope")
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise _invalid("scopes", f"unknown scope(s): {', '.join(unknown)}")
    beyond = [scope for scope in scopes if not principal.allows(scope)]
    if beyond:
        raise _invalid(
            "scopes", f"a credential cannot exceed its creator's rights: {', '.join(beyond)}"
        )
    return scopes


def validate_name(name: str) -> str:
    if not name.strip():
        raise _invalid("name", "give the credential a name")
    return name.strip()


def validate_allowlist(entries: Iterable[str]) -> list[str]:
    """Canonical CIDR networks (``10.1.2.3`` → ``10.1.2.3/32``, host bits cleared)."""
    networks: list[str] = []
    for index, entry in enumerate(entries):
        try:
            network = ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError:
            raise _invalid(f"ip_allowlist[{index}]", f"{entry!r} is not an IP network") from None
        if str(network) not in networks:
            networks.append(str(network))
    return networks


def validate_expiry(expires_at: datetime.datetime | None, now: datetime.datetime) -> None:
    if expires_at is None:
        return
    if expires_at.tzinfo is None:
        raise _invalid("expires_at", "give a time zone offset (e.g. 'Z' for UTC)")
    if expires_at <= now:
        raise _invalid("expires_at", "must be in the future")


def reseller_of(principal: Principal) -> uuid.UUID | None:
    """The reseller a row owned by the caller belongs to: the caller if it is a reseller."""
    return principal.user_id if principal.role is Role.RESELLER else principal.parent_id


def credential_status(
    row: ApiKey | OAuthClient, now: datetime.datetime | None = None
) -> CredentialStatus:
    if row.revoked_at is not None:
        return "revoked"
    expires_at = row.expires_at if isinstance(row, ApiKey) else None
    if expires_at is not None and expires_at <= (now or _now()):
        return "expired"
    return "active"


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


async def create_api_key(
    session: AsyncSession,
    settings: Settings,
    actor: Actor,
    principal: Principal,
    data: ApiKeyCreate,
) -> tuple[ApiKey, str]:
    """A new key owned by the caller, and its token (the only time it is ever returned)."""
    scopes = validate_scopes(principal, data.scopes)
    allowlist = validate_allowlist(data.ip_allowlist)
    validate_expiry(data.expires_at, _now())
    key_id = secrets.token_hex(KEY_ID_BYTES)
    secret = new_token(SECRET_BYTES)
    key = ApiKey(
        name=validate_name(data.name),
        key_id=key_id,
        secret_hash=hash_secret(settings, secret),
        scopes=scopes,
        expires_at=data.expires_at,
        ip_allowlist=allowlist,
        owner_id=principal.user_id,
        reseller_id=reseller_of(principal),
    )
    await _add_audited(session, actor, key)
    return key, f"{API_KEY_PREFIX}{key_id}_{secret}"


async def create_oauth_client(
    session: AsyncSession,
    settings: Settings,
    actor: Actor,
    principal: Principal,
    data: OAuthClientCreate,
) -> tuple[OAuthClient, str]:
    """A new client owned by the caller, and its secret (returned this once only)."""
    scopes = validate_scopes(principal, data.scopes)
    secret = new_token(SECRET_BYTES)
    client = OAuthClient(
        name=validate_name(data.name),
        client_id=OAUTH_CLIENT_PREFIX + secrets.token_hex(OAUTH_CLIENT_ID_BYTES),
        secret_hash=hash_secret(settings, secret),
        scopes=scopes,
        owner_id=principal.user_id,
        reseller_id=reseller_of(principal),
    )
    await _add_audited(session, actor, client)
    return client, secret


async def _add_audited(session: AsyncSession, actor: Actor, row: ApiKey | OAuthClient) -> None:
    session.add(row)
    await session.flush()  # assigns id and created_at for the snapshot
    kind = object_type(type(row))
    await record_change(
        session,
        actor,
        action=f"{kind}.create",
        object_type=kind,
        object_id=row.id,
        owner_id=row.owner_id,
        reseller_id=row.reseller_id,
        after=snapshot(row),
    )
    await session.flush()  # a failing audit insert fails this request, not a later commit


async def list_credentials(
    session: AsyncSession,
    model: type[Credential],
    *,
    limit: int,
    offset: int,
    owner_id: uuid.UUID | None = None,
) -> tuple[list[Credential], int]:
    """The caller's credentials (staff: those within reach), newest first."""
    query = select(model)
    if owner_id is not None:
        query = query.where(model.owner_id == owner_id)
    total = (await session.execute(select(func.count()).select_from(query.subquery()))).scalar()
    rows = await session.scalars(
        query.order_by(model.created_at.desc(), model.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), int(total or 0)


async def get_credential(
    session: AsyncSession, model: type[Credential], credential_id: uuid.UUID
) -> Credential:
    row = await session.scalar(select(model).where(model.id == credential_id))
    if row is None:
        kind = "API key" if model is ApiKey else "OAuth client"
        raise NotFoundError(f"There is no {kind} {credential_id}")
    return row


async def revoke_credential(
    session: AsyncSession, actor: Actor, model: type[Credential], credential_id: uuid.UUID
) -> tuple[Credential, bool]:
    """Revoke a credential within the caller's reach. Idempotent: returns (row, newly revoked);
    revoking twice changes nothing and writes no second audit entry."""
    row = await get_credential(session, model, credential_id)
    if row.revoked_at is not None:
        return row, False
    before = snapshot(row)
    row.revoked_at = _now()
    await session.flush()
    kind = object_type(model)
    changed_before, changed_after = changed_only(before, snapshot(row))
    await record_change(
        session,
        actor,
        action=f"{kind}.revoke",
        object_type=kind,
        object_id=row.id,
        owner_id=row.owner_id,
        reseller_id=row.reseller_id,
        before=changed_before,
        after=changed_after,
    )
    await session.flush()
    return row, True
