"""Rules about accounts that do not need the database: who may manage whom, and valid values."""

from __future__ import annotations

import uuid
import zoneinfo
from functools import lru_cache

from app.accounts.schemas import NOTIFICATION_EVENTS, ChannelPreferences
from app.db.models.user import User
from app.lib.access import Principal, Role
from app.lib.errors import FieldError, InvalidInputError, PermissionDeniedError


@lru_cache(maxsize=1)
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_timezone(name: str, field: str = "timezone") -> None:
    if name not in _timezones():
        raise InvalidInputError(
            f"{name!r} is not an IANA timezone",
            errors=[FieldError(f"unknown timezone {name!r}", field=field)],
        )


def check_notification_events(preferences: dict[str, ChannelPreferences]) -> None:
    unknown = sorted(set(preferences) - set(NOTIFICATION_EVENTS))
    if unknown:
        raise InvalidInputError(
            f"Unknown notification events: {', '.join(unknown)}",
            errors=[
                FieldError(
                    f"unknown event {name!r}; known: {', '.join(NOTIFICATION_EVENTS)}",
                    field=f"notification_preferences.{name}",
                )
                for name in unknown
            ],
        )


def require_manage(principal: Principal, role: Role) -> None:
    """Function-level rule: a reseller manages clients only; an admin never manages admins."""
    if not principal.can_manage(role):
        raise PermissionDeniedError(f"A {principal.role} cannot manage {role} accounts")


def reseller_scope(owner: User) -> uuid.UUID | None:
    """The ``reseller_id`` of rows owned by ``owner``: the reseller that sees them."""
    return owner.id if owner.role is Role.RESELLER else owner.parent_id


def parent_for_new_user(
    principal: Principal, role: Role, requested: uuid.UUID | None
) -> uuid.UUID | None:
    """A reseller's new clients are always its own; staff choose (validated by the caller)."""
    if principal.role is Role.RESELLER:
        if requested is not None and requested != principal.user_id:
            raise InvalidInputError(
                "A reseller creates clients under itself",
                errors=[FieldError("must be empty or your own id", field="parent_id")],
            )
        return principal.user_id
    if role in (Role.ADMIN, Role.SUPERADMIN) and requested is not None:
        raise InvalidInputError(
            "Staff accounts have no parent",
            errors=[FieldError("staff accounts have no parent", field="parent_id")],
        )
    return requested
