"""Tenant scoping: the one query-level mechanism every repository goes through.

Every ORM SELECT, UPDATE and DELETE run on a session is filtered to the rows its principal may
see: staff (superadmin, admin) see everything; a reseller sees itself, its clients and their
rows; a client sees itself and its own rows. A row that is filtered out simply does not exist
for the caller, so another tenant's object is answered 404 by the ordinary not-found path.

A session must say whom it serves — ``bind_principal(session, principal)`` for a request, or
``bind_system(session)`` for a worker, a login lookup or a migration. A session that says
neither raises on its first ORM query: forgetting fails closed, never open.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Final

from sqlalchemy import event, or_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, with_loader_criteria

from app.db.models.base import TenantOwned
from app.db.models.user import User
from app.lib.access import Principal, Role

PRINCIPAL_KEY: Final = "tollgate.principal"
SYSTEM: Final = "system"


class UnscopedSessionError(RuntimeError):
    """An ORM query ran on a session bound to neither a principal nor the system."""


def bind_principal(session: AsyncSession | Session, principal: Principal) -> None:
    session.info[PRINCIPAL_KEY] = principal


def bind_system(session: AsyncSession | Session) -> None:
    session.info[PRINCIPAL_KEY] = SYSTEM


@contextmanager
def unscoped(session: AsyncSession | Session) -> Iterator[None]:
    """Run queries across tenants for a check that reveals no row to the caller (e.g. "is this
    e-mail taken?"). Use it for existence checks only, never to return another tenant's data."""
    previous = session.info.get(PRINCIPAL_KEY)
    session.info[PRINCIPAL_KEY] = SYSTEM
    try:
        yield
    finally:
        session.info[PRINCIPAL_KEY] = previous


def bound_principal(session: AsyncSession | Session) -> Principal | None:
    """The principal a session serves, or None for a system session."""
    value = session.info.get(PRINCIPAL_KEY)
    return value if isinstance(value, Principal) else None


def _criteria_for(principal: Principal) -> list[Any]:
    me = principal.user_id
    if principal.role is Role.RESELLER:
        return [
            with_loader_criteria(
                TenantOwned,
                lambda cls: or_(cls.owner_id == me, cls.reseller_id == me),
                include_aliases=True,
            ),
            with_loader_criteria(
                User, lambda cls: or_(cls.id == me, cls.parent_id == me), include_aliases=True
            ),
        ]
    return [
        with_loader_criteria(TenantOwned, lambda cls: cls.owner_id == me, include_aliases=True),
        with_loader_criteria(User, lambda cls: cls.id == me, include_aliases=True),
    ]


@event.listens_for(Session, "do_orm_execute")
def _apply_tenant_scope(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.is_column_load or state.is_relationship_load:
        return  # the top-level statement's criteria already propagate to these loads
    principal = state.session.info.get(PRINCIPAL_KEY)
    if principal == SYSTEM:
        return
    if not isinstance(principal, Principal):
        raise UnscopedSessionError(
            "this session is bound to no principal: call bind_principal() or bind_system()"
        )
    if principal.sees_everything:
        return
    state.statement = state.statement.options(*_criteria_for(principal))
