"""Who is calling, and what they may do.

A :class:`Principal` is the caller of a request: a user signed in with a session token, or acting
through an API key or an OAuth client. Its ``scopes`` are the intersection of what its role may
ever do (:data:`ROLE_SCOPES`) and what the credential was granted, so a key never exceeds its
owner's rights. Each route declares one :class:`Access` rule (``opt={"access": ...}``); the guard
in ``app.server.auth`` enforces it and a test walks every route to prove none is missing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class Role(StrEnum):
    SUPERADMIN = "superadmin"
    ADMIN = "admin"
    RESELLER = "reseller"
    CLIENT = "client"


# The one list of scopes (docs/api-keys.md documents each).
SCOPES: dict[str, str] = {
    "users:read": "read user accounts within reach",
    "users:write": "create, change, suspend and delete user accounts within reach",
    "profile:write": "change one's own settings, limits and preferences",
    "api-keys:read": "list one's API keys",
    "api-keys:write": "create and revoke one's API keys and OAuth clients",
    "audit:read": "read the audit log within reach",
    "rates:read": "read rate decks, plans, destinations and quotes",
    "rates:write": "change rate decks, plans, custom rates, offers and destinations",
    "cdrs:read": "read and export call records",
    "cdrs:write": "import, re-rate and delete call records",
    "billing:read": "read balances, ledgers and invoices",
    "billing:write": "add credit, payments, vouchers; run billing",
    "telephony:read": "read SIP users, trunks, DIDs",
    "telephony:write": "change SIP users, trunks, DIDs",
    "calls:read": "see live calls",
}
ALL_SCOPES = frozenset(SCOPES)

_CLIENT_SCOPES = frozenset(
    {
        "users:read",
        "profile:write",
        "api-keys:read",
        "api-keys:write",
        "audit:read",
        "rates:read",
        "cdrs:read",
        "billing:read",
        "telephony:read",
        "calls:read",
    }
)

ROLE_SCOPES: dict[Role, frozenset[str]] = {
    Role.SUPERADMIN: ALL_SCOPES,
    Role.ADMIN: ALL_SCOPES,
    Role.RESELLER: ALL_SCOPES,
    Role.CLIENT: _CLIENT_SCOPES,
}

# Which roles a role may create or manage (function-level rule, CellHub's role table).
MANAGEABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.SUPERADMIN: frozenset(Role),
    Role.ADMIN: frozenset({Role.RESELLER, Role.CLIENT}),
    Role.RESELLER: frozenset({Role.CLIENT}),
    Role.CLIENT: frozenset(),
}

Via = Literal["session", "api_key", "oauth"]


@dataclass(frozen=True, slots=True)
class Principal:
    """The caller of a request, with the rights it holds for this request."""

    user_id: uuid.UUID
    role: Role
    parent_id: uuid.UUID | None
    scopes: frozenset[str]
    via: Via = "session"
    credential_id: uuid.UUID | None = None

    @property
    def sees_everything(self) -> bool:
        return self.role in (Role.SUPERADMIN, Role.ADMIN)

    @property
    def reseller_scope(self) -> uuid.UUID | None:
        """The ``reseller_id`` of rows this caller owns (see db.models.base.TenantOwned)."""
        if self.role is Role.RESELLER:
            return self.user_id
        return self.parent_id if self.role is Role.CLIENT else None

    def allows(self, scope: str) -> bool:
        return scope in self.scopes

    def can_manage(self, role: Role) -> bool:
        return role in MANAGEABLE_ROLES[self.role]


def effective_scopes(role: Role, granted: frozenset[str] | None) -> frozenset[str]:
    """What a credential may do: its grant, never more than its owner's role allows."""
    allowed = ROLE_SCOPES[role]
    return allowed if granted is None else allowed & granted


@dataclass(frozen=True, slots=True)
class Access:
    """The access rule of one route.

    ``scope``: the scope the caller must hold (None with ``public`` or ``internal``).
    ``roles``: if set, only these roles may call it at all (a 403 for the others).
    ``resource``: the kind of tenant-owned object the route's ``{id}`` path parameter names;
    the route-walk test creates one per tenant to prove another tenant's object is a 404.
    ``public``: no credentials needed. ``internal``: only the service token (AGI gateway).
    ``authenticated``: any signed-in caller, whatever its scopes (e.g. "who am I").
    """

    scope: str | None = None
    roles: frozenset[Role] | None = None
    resource: str | None = None
    public: bool = False
    internal: bool = False
    authenticated: bool = False

    def __post_init__(self) -> None:
        modes = sum((self.public, self.internal, self.authenticated, self.scope is not None))
        if modes != 1:
            raise ValueError("an Access rule is exactly one of: scope, public, internal, auth")
        if self.scope is not None and self.scope not in SCOPES:
            raise ValueError(f"unknown scope {self.scope!r}")


PUBLIC = Access(public=True)
INTERNAL = Access(internal=True)
SIGNED_IN = Access(authenticated=True)


def requires(
    scope: str, *, roles: frozenset[Role] | None = None, resource: str | None = None
) -> dict[str, Access]:
    """Route ``opt`` declaring that the caller needs ``scope`` (and one of ``roles``)."""
    return {"access": Access(scope=scope, roles=roles, resource=resource)}


STAFF = frozenset({Role.SUPERADMIN, Role.ADMIN, Role.RESELLER})
ADMINS = frozenset({Role.SUPERADMIN, Role.ADMIN})
"""Who changes platform-wide data: the destinations table, carrier trunks, restricted prefixes."""
