"""Call types of invoice usage: International, National, Special, Inbound.

One SQL expression, so the run totals millions of records in the database (docs/invoicing.md
states the rule). In order, the first that applies:

1. ``inbound`` — the record's ``direction`` is inbound;
2. ``special`` — the record's ``breakdown`` names ``"call_type": "special"`` (a pricing step
   that priced a special-number pattern flat per call says so there), or its matched prefix is
   a reference-table destination of type ``toll_free``, ``premium`` or ``special``;
3. ``national`` — the normalized number starts with the country code of the client's plan;
4. ``international`` — everything else (also every outbound call of a client without a plan).
"""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import and_, case, func, literal
from sqlalchemy.sql.elements import ColumnElement

from app.db.models.cdr import Cdr
from app.db.models.destination import Destination
from app.db.models.plan import Plan

CALL_TYPES: Final = ("international", "national", "special", "inbound")
TITLES: Final = {
    "international": "International calls",
    "national": "National calls",
    "special": "Special rate calls",
    "inbound": "Inbound calls",
}
SPECIAL_DESTINATIONS: Final = ("toll_free", "premium", "special")


def call_type_expression(destination: Any, plan: Any) -> ColumnElement[str]:
    """The call type of a ``Cdr`` row, given the aliases of the destination matched by its
    prefix and of its client's plan (both outer-joined: either may be NULL)."""
    return case(
        (Cdr.direction == "inbound", literal("inbound")),
        (Cdr.breakdown["call_type"].astext == "special", literal("special")),
        (destination.type.in_(SPECIAL_DESTINATIONS), literal("special")),
        (
            and_(
                plan.country_code.is_not(None),
                func.starts_with(Cdr.normalized_number, plan.country_code),
            ),
            literal("national"),
        ),
        else_=literal("international"),
    )


__all__ = ["CALL_TYPES", "SPECIAL_DESTINATIONS", "TITLES", "Destination", "Plan"]
