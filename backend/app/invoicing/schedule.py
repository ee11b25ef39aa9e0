"""When a tenant's autobill runs: a cron expression read on the tenant's wall clock.

Seed 001 warns that cron jobs fire in UTC by mistake after a server move; here the expression
is always evaluated in the tenant's IANA timezone, whatever the server's. Rules at DST changes
(docs/invoicing.md):

- a wall time that happens twice (clocks go back) fires once, at its first occurrence;
- a wall time that does not exist (clocks go forward) fires as far after it as the clocks
  jumped (``02:30`` on a spring-forward night fires at ``03:30``), never skipped.
"""

from __future__ import annotations

import datetime

from croniter import croniter

from app.billing.periods import zone
from app.lib.errors import FieldError, InvalidInputError


def check_cron(expression: str, *, field: str = "autobill_cron") -> str:
    """A five-field cron expression, or a 422 naming ``field``."""
    expression = " ".join(expression.split())
    if len(expression.split(" ")) != 5 or not croniter.is_valid(expression):
        message = "a five-field cron expression, e.g. '55 0 1 * *'"
        raise InvalidInputError(f"{field}: {message}", errors=[FieldError(message, field=field)])
    return expression


def next_fire(expression: str, timezone: str, after: datetime.datetime) -> datetime.datetime:
    """The first instant strictly after ``after`` (aware) at which ``expression`` fires on the
    wall clock of ``timezone``, as a UTC datetime."""
    if after.tzinfo is None:
        raise ValueError("after must be timezone-aware")
    tz = zone(timezone)
    wall = after.astimezone(tz).replace(tzinfo=None)
    times = croniter(expression, wall)
    for _ in range(10_000):  # more than enough for any expression that fires at all
        candidate: datetime.datetime = times.get_next(datetime.datetime)
        # fold=0: a repeated wall time is its first occurrence; a missing one is read with the
        # offset before the jump, which lands as far after it as the clocks moved.
        instant = candidate.replace(tzinfo=tz, fold=0).astimezone(datetime.UTC)
        if instant > after:
            return instant
    raise ValueError(f"{expression!r} never fires after {after.isoformat()}")
