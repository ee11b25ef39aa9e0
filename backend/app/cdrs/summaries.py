"""Totals of a CDR selection: per day, month, client, trunk, destination or DID, and per trunk
the answer statistics (attempts, ASR, ACD, failure dispositions).

Day and month buckets are local days and months of one IANA timezone (see
:func:`bucket_timezone`). Amounts of different currencies are never added: every row is per
key *and* currency. Buy cost and margin are the operator's: only staff (superadmin, admin)
see them; for resellers and clients they are null.
"""

from __future__ import annotations

import functools
import uuid
import zoneinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.cdrs.schemas import Dimension, SummaryRow, TrunkStatsRow
from app.cdrs.service import ANSWERED, CdrFilter, conditions
from app.db.models.cdr import Cdr
from app.db.models.telephony import Trunk
from app.db.models.user import User
from app.lib.access import Principal, Role
from app.lib.errors import FieldError, InvalidInputError

_FORMATS = {"day": "YYYY-MM-DD", "month": "YYYY-MM"}
_MINUTES = Decimal("0.01")
_PERCENT = Decimal("0.01")
_SECONDS = Decimal("0.1")
OPERATOR_ROLES = frozenset({Role.SUPERADMIN, Role.ADMIN})


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


async def bucket_timezone(
    session: AsyncSession, principal: Principal, selection: CdrFilter, requested: str | None
) -> str:
    """The zone of day/month buckets: ``requested`` when given; else the client's own zone (a
    client calling, or ``client_id`` naming a client within reach) — the zone its invoices
    use; else the caller's."""
    if requested:
        if requested not in _zones():
            message = f"{requested!r} is not an IANA timezone"
            raise InvalidInputError(message, errors=[FieldError(message, "timezone")])
        return requested
    for user_id in (selection.client_id, principal.user_id):
        user = None if user_id is None else await session.get(User, user_id)
        if user is not None:
            return user.timezone
    return "UTC"


def _masked_dialled() -> ColumnElement[Any]:
    shown = func.concat(func.left(Cdr.dialled_number, -3), "XXX")
    hidden = case(
        (func.length(Cdr.dialled_number) > 3, shown),
        else_=literal("XXX"),
    )
    return case((Cdr.masked.is_(True), hidden), else_=Cdr.dialled_number)


def _key(by: Dimension, timezone: str) -> Any:
    if by in _FORMATS:
        local = func.timezone(timezone, Cdr.started_at)
        return func.to_char(func.date_trunc(by, local), _FORMATS[by])
    if by == "client":
        return Cdr.owner_id
    if by == "trunk":
        return Cdr.trunk_id
    if by == "destination":
        return Cdr.destination
    # The client's own number: the DID called (inbound, masked like every dialled number) or
    # the number presented (outbound and local).
    return case((Cdr.direction == "inbound", _masked_dialled()), else_=Cdr.caller_number)


async def summarize(
    session: AsyncSession,
    selection: CdrFilter,
    *,
    by: Dimension,
    timezone: str,
    show_buy: bool,
) -> list[SummaryRow]:
    """Calls, billable time, cost (and for staff buy cost and margin) per key and currency."""
    key = _key(by, timezone).label("key")
    priced_with_buy = case((Cdr.buy_cost.is_not(None), Cdr.cost))
    query = (
        select(
            key,
            Cdr.currency,
            func.count(),
            func.coalesce(func.sum(Cdr.billable_seconds), 0),
            func.coalesce(func.sum(Cdr.cost), 0),
            func.sum(Cdr.buy_cost),
            func.sum(priced_with_buy),
        )
        .select_from(Cdr)
        .where(*conditions(selection))
        .group_by(key, Cdr.currency)
        .order_by(key.asc().nulls_last(), Cdr.currency.nulls_last())
    )
    found = (await session.execute(query)).all()
    labels = await _labels(session, by, {row[0] for row in found})
    rows = []
    for name, currency, calls, seconds, cost, buy, sold in found:
        minutes = (Decimal(int(seconds)) / 60).quantize(_MINUTES, rounding=ROUND_HALF_UP)
        key_text = None if name is None else str(name)
        rows.append(
            SummaryRow(
                key=key_text,
                label=labels.get(key_text, key_text),
                currency=currency,
                calls=int(calls),
                billable_seconds=int(seconds),
                billable_minutes=minutes,
                cost=Decimal(cost),
                buy_cost=Decimal(buy) if show_buy and buy is not None else None,
                margin=Decimal(sold or 0) - Decimal(buy) if show_buy and buy is not None else None,
            )
        )
    return rows


async def _labels(session: AsyncSession, by: Dimension, keys: set[Any]) -> dict[str | None, str]:
    """Names of the clients or trunks the keys are (scoped: a name out of reach stays None)."""
    ids = [k for k in keys if isinstance(k, uuid.UUID)]
    if by not in ("client", "trunk") or not ids:
        return {}
    model: Any = User if by == "client" else Trunk
    found = await session.execute(select(model.id, model.name).where(model.id.in_(ids)))
    return {str(row_id): name for row_id, name in found.all()}


def _share(part: int, whole: int, quantum: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(quantum, rounding=ROUND_HALF_UP)


async def trunk_stats(session: AsyncSession, selection: CdrFilter) -> list[TrunkStatsRow]:
    """Per trunk (null: calls that reached none): attempts, answered, ASR (% answered), ACD
    (mean billable seconds of answered calls) and the failure dispositions' counts. Dispositions
    are compared upper-cased without spaces, so ``NO ANSWER`` and ``NOANSWER`` are one."""
    state = func.upper(func.replace(Cdr.disposition, " ", ""))
    answered = Cdr.disposition == ANSWERED

    def counted(*names: str) -> Any:
        return func.count().filter(state.in_(names))

    query = (
        select(
            Cdr.trunk_id,
            func.count(),
            func.count().filter(answered),
            func.coalesce(func.sum(Cdr.billable_seconds).filter(answered), 0),
            counted("BUSY"),
            counted("NOANSWER"),
            counted("CONGESTION"),
            counted("CHANUNAVAIL"),
            counted("FAILED", "CANCEL", "DONTCALL", "TORTURE", "INVALIDARGS"),
        )
        .where(*conditions(selection))
        .group_by(Cdr.trunk_id)
        .order_by(Cdr.trunk_id.asc().nulls_last())
    )
    found = (await session.execute(query)).all()
    names = await _labels(session, "trunk", {row[0] for row in found})
    rows = []
    for trunk_id, attempts, ok, seconds, busy, no_answer, congestion, unavailable, failed in found:
        rows.append(
            TrunkStatsRow(
                trunk_id=trunk_id,
                trunk_name=names.get(str(trunk_id)),
                attempts=attempts,
                answered=ok,
                asr=_share(ok * 100, attempts, _PERCENT),
                acd=_share(int(seconds), ok, _SECONDS),
                busy=busy,
                no_answer=no_answer,
                congestion=congestion,
                chanunavail=unavailable,
                failed=failed,
                billable_seconds=int(seconds),
            )
        )
    return rows
