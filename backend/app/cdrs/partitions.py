"""Monthly partitions of the ``cdr`` table.

A partition is created ahead by the worker (``cdrs.ensure_partitions``: this month and the
next two) and, for a record in a month nobody prepared (an old CSV), on demand by whoever
inserts it. Creation runs in its own short transaction on its own connection — never inside
the inserter's transaction, which would hold the lock for as long as it runs and convoy every
concurrent finalize behind it — under an advisory lock so two creators never race.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession

_LOCK_KEY = 0x7C0D_0C0D
_seen: dict[str, set[tuple[int, int]]] = {}
"""Per database: months whose partition this process knows is committed. Partitions are never
dropped, so one lookup per month and process is enough."""


def partition_name(year: int, month: int) -> str:
    return f"cdr_y{year:04d}m{month:02d}"


def _next(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def months_ahead(now: datetime.datetime, count: int) -> list[tuple[int, int]]:
    months = [(now.year, now.month)]
    while len(months) < count:
        months.append(_next(*months[-1]))
    return months


async def ensure_partitions(session: AsyncSession, months: Iterable[tuple[int, int]]) -> None:
    """Create the partitions of ``months`` (UTC calendar months) that do not exist yet."""
    seen = _seen.setdefault(str(session.get_bind().engine.url), set())
    wanted = sorted(set(months) - seen)
    if not wanted:
        return
    names = [partition_name(*month) for month in wanted]
    found = await session.execute(
        text("SELECT to_regclass(name) IS NOT NULL FROM unnest(CAST(:names AS text[])) AS name"),
        {"names": names},
    )
    flags = list(found.scalars())
    seen.update(month for month, exists in zip(wanted, flags, strict=True) if exists)
    missing = [month for month, exists in zip(wanted, flags, strict=True) if not exists]
    if not missing:
        return
    bind = session.bind
    engine = bind.engine if isinstance(bind, AsyncConnection) else bind
    assert isinstance(engine, AsyncEngine), "ensure_partitions needs an engine-bound session"
    async with engine.begin() as connection:
        await connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        for year, month in missing:
            start = datetime.date(year, month, 1)
            end = datetime.date(*_next(year, month), 1)
            await connection.execute(
                text(
                    f"CREATE TABLE IF NOT EXISTS {partition_name(year, month)} PARTITION OF cdr "
                    f"FOR VALUES FROM ('{start.isoformat()} 00:00:00+00') "
                    f"TO ('{end.isoformat()} 00:00:00+00')"
                )
            )
    seen.update(missing)


def month_of(at: datetime.datetime) -> tuple[int, int]:
    utc = at.astimezone(datetime.UTC)
    return utc.year, utc.month
