"""Keyset pagination of CDR lists: an opaque cursor names the last row a page showed.

Each sort orders by one column and then ``id`` (unique, uuid7), so "the rows after this one" is
a row comparison the ``(owner_id | reseller_id | -, started_at, id)`` indexes answer directly.
Unlike an offset, a cursor never shows a row twice or skips one when records are inserted or
deleted between pages. The cursor is base64url JSON ``[sort, value, id]``; it carries no
rights (scoping applies to every page) and a tampered one is a 400 naming ``cursor``.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, or_, tuple_

from app.db.models.cdr import Cdr
from app.lib.errors import FieldError, InvalidInputError

SORTS = ("started_at", "-started_at", "cost", "-cost")
MAX_AMOUNT = Decimal(10) ** 12
"""Above any amount NUMERIC(18, 6) holds."""


def ordered(query: Select[Any], sort: str) -> Select[Any]:
    """``sort``'s order; ``cost`` puts records without a price last either way."""
    descending = sort.startswith("-")
    if sort.lstrip("-") == "started_at":
        # Never null: a plain order, which a backward scan of the (…, started_at, id) indexes
        # returns as is (DESC NULLS LAST would force a sort of every matching row).
        if descending:
            return query.order_by(Cdr.started_at.desc(), Cdr.id.desc())
        return query.order_by(Cdr.started_at.asc(), Cdr.id.asc())
    if descending:
        return query.order_by(Cdr.cost.desc().nulls_last(), Cdr.id.desc())
    return query.order_by(Cdr.cost.asc().nulls_last(), Cdr.id.asc())


def encode(sort: str, last: Cdr) -> str:
    value: str | None
    if sort.lstrip("-") == "cost":
        value = None if last.cost is None else str(last.cost)
    else:
        value = last.started_at.isoformat()
    raw = json.dumps([sort, value, str(last.id)], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _bad(message: str) -> InvalidInputError:
    return InvalidInputError(f"cursor: {message}", errors=[FieldError(message, field="cursor")])


def _decode(cursor: str) -> tuple[str, str | None, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sort, value, last_id = json.loads(raw)
        if sort not in SORTS or not (value is None or isinstance(value, str)):
            raise ValueError(sort)
        return sort, value, uuid.UUID(last_id)
    except (binascii.Error, ValueError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise _bad("not a cursor this API returned") from exc


def after(cursor: str, sort: str) -> ColumnElement[bool]:
    """The rows that follow the cursor's row in ``sort`` order."""
    cursor_sort, value, last_id = _decode(cursor)
    if cursor_sort != sort:
        raise _bad(f"it continues a list sorted by {cursor_sort}, not {sort}")
    descending = sort.startswith("-")
    if sort.lstrip("-") == "started_at":
        try:
            at = datetime.datetime.fromisoformat(value or "")
        except ValueError as exc:
            raise _bad("not a cursor this API returned") from exc
        if at.tzinfo is None:
            raise _bad("not a cursor this API returned")
        key, bound = tuple_(Cdr.started_at, Cdr.id), tuple_(at, last_id)
        return key < bound if descending else key > bound
    return _after_cost(value, last_id, descending)


def _after_cost(value: str | None, last_id: uuid.UUID, descending: bool) -> ColumnElement[bool]:
    later_id = Cdr.id < last_id if descending else Cdr.id > last_id
    if value is None:  # within the trailing records without a price
        return and_(Cdr.cost.is_(None), later_id)
    try:
        cost = Decimal(value)
    except InvalidOperation as exc:
        raise _bad("not a cursor this API returned") from exc
    if not cost.is_finite() or abs(cost) >= MAX_AMOUNT:
        raise _bad("not a cursor this API returned")
    beyond = Cdr.cost < cost if descending else Cdr.cost > cost
    return or_(beyond, and_(Cdr.cost == cost, later_id), Cdr.cost.is_(None))
