"""The query parameters of a CDR selection, shared by the list, export, summary and statistics
routes. Every bad value is a 400 naming its parameter, like every GET query error."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Annotated

from litestar.exceptions import ValidationException
from litestar.params import FromQuery, QueryParameter

from app.cdrs import service
from app.cdrs.keyset import MAX_AMOUNT
from app.cdrs.schemas import CdrSelectionBody, Direction, RatingStatusName
from app.lib.errors import FieldError, InvalidInputError

_RFC3339 = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
StartedTo = Annotated[
    str | None,
    QueryParameter(
        pattern=_RFC3339,
        description="records started before this instant (RFC 3339, with offset; default now)",
        schema_extra={"format": "date-time"},
    ),
]
StartedFrom = Annotated[
    str | None,
    QueryParameter(
        pattern=_RFC3339,
        description="records started at or after this instant (default: 30 days before to)",
        schema_extra={"format": "date-time"},
    ),
]
NumberPrefix = Annotated[
    str | None,
    QueryParameter(pattern=r"^\+?[0-9]{1,20}$", description="start of the dialled number"),
]
CallerPrefix = Annotated[
    str | None,
    QueryParameter(pattern=r"^\+?[0-9]{1,20}$", description="start of the calling number"),
]
Amount = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^[0-9]{1,12}(\.[0-9]{1,6})?$",
        description="a cost bound (inclusive), a decimal such as 0.25",
    ),
]
SOURCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$"
DISPOSITION_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,31}$"
Source = Annotated[
    str | None, QueryParameter(pattern=SOURCE_PATTERN, description="import source name")
]
Disposition = Annotated[
    str | None,
    QueryParameter(pattern=DISPOSITION_PATTERN, description="as stored, e.g. ANSWERED, BUSY"),
]


def bad_query(exc: InvalidInputError) -> ValidationException:
    return ValidationException(
        str(exc),
        extra=[{"key": e.field, "message": e.message, "source": "query"} for e in exc.errors],
    )


async def provide_selection(
    started_from: StartedFrom = None,
    started_to: StartedTo = None,
    client_id: FromQuery[uuid.UUID | None] = None,
    sip_user_id: FromQuery[uuid.UUID | None] = None,
    direction: FromQuery[Direction | None] = None,
    rating_status: FromQuery[RatingStatusName | None] = None,
    disposition: Disposition = None,
    number: NumberPrefix = None,
    caller: CallerPrefix = None,
    trunk_id: FromQuery[uuid.UUID | None] = None,
    cost_min: Amount = None,
    cost_max: Amount = None,
    source: Source = None,
    unassigned: FromQuery[bool] = False,
    failed: FromQuery[bool] = False,
) -> service.CdrFilter:
    try:
        start, end = service.time_range(
            _instant(started_from, "started_from"),
            _instant(started_to, "started_to"),
            datetime.datetime.now(datetime.UTC),
        )
    except InvalidInputError as exc:  # a bad query is a 400, like every other query error
        raise bad_query(exc) from exc
    return service.CdrFilter(
        started_from=start,
        started_to=end,
        client_id=client_id,
        sip_user_id=sip_user_id,
        direction=direction,
        rating_status=rating_status,
        disposition=disposition,
        number=number,
        caller=caller,
        trunk_id=trunk_id,
        cost_min=None if cost_min is None else Decimal(cost_min),
        cost_max=None if cost_max is None else Decimal(cost_max),
        source=source,
        unassigned=unassigned,
        failed=failed,
    )


def check_amounts(**bounds: Decimal | None) -> None:
    """Cost bounds a body or GraphQL names: finite, from 0, within what NUMERIC(18, 6) holds."""
    for name, value in bounds.items():
        if value is not None and not (value.is_finite() and 0 <= value < MAX_AMOUNT):
            message = f"a decimal from 0 to below {MAX_AMOUNT}"
            raise InvalidInputError(f"{name}: {message}", errors=[FieldError(message, name)])


def selection_of(body: CdrSelectionBody) -> service.CdrFilter:
    """The filter a request body names (its range checked like a query's; 422 on error)."""
    for name in ("started_from", "started_to"):
        if getattr(body, name).tzinfo is None:
            message = "needs a timezone offset (Z or +hh:mm)"
            raise InvalidInputError(f"{name}: {message}", errors=[FieldError(message, name)])
    start, end = service.time_range(body.started_from, body.started_to, body.started_to)
    check_amounts(cost_min=body.cost_min, cost_max=body.cost_max)
    return service.CdrFilter(
        started_from=start,
        started_to=end,
        client_id=body.client_id,
        sip_user_id=body.sip_user_id,
        direction=body.direction,
        rating_status=body.rating_status,
        disposition=body.disposition,
        number=body.number,
        caller=body.caller,
        trunk_id=body.trunk_id,
        cost_min=body.cost_min,
        cost_max=body.cost_max,
        source=body.source,
        unassigned=body.unassigned,
        failed=body.failed,
    )


def _instant(value: str | None, name: str) -> datetime.datetime | None:
    """An RFC 3339 query value (the pattern has checked its shape) as an aware datetime."""
    if value is None:
        return None
    try:
        return datetime.datetime.fromisoformat(value.upper())
    except ValueError as exc:
        raise ValidationException(
            f"Invalid value for {name!r}: not a valid date and time",
            extra=[{"key": name, "message": "not a valid date and time", "source": "query"}],
        ) from exc
