"""Query speed over a large CDR store: a client's first page and a month summary.

Creates a scratch database (on TEST_DATABASE_URL / DATABASE_URL's server, else the embedded
PostgreSQL), migrates it, makes ~1000 clients and loads N CDRs (default 10,000,000) spread
evenly over three monthly partitions with ``INSERT … SELECT … FROM generate_series`` in SQL,
then ``VACUUM ANALYZE``. It then measures, through the service functions the API calls (on a
session scoped to the client, as a request is):

- ``first_page_ms``: ``app.cdrs.service.list_cdrs`` — the newest 50 of the client's records in
  the last 30 days (keyset order ``-started_at``);
- ``month_summary_ms``: ``app.cdrs.summaries.summarize`` — the client's totals for one month;

each the median of ``--repeat`` runs after one warm-up (the first run's time is printed too),
and prints the ``EXPLAIN (ANALYZE, BUFFERS)`` of both queries. Output lines: ``cdr_rows``,
``load_seconds``, ``first_page_ms``, ``first_page_cold_ms``, ``month_summary_ms``,
``month_summary_cold_ms``. Run:
`PYTHONPATH=backend:. .venv/bin/python benchmarks/cdr_query.py [--rows N] [--keep]`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.cdrs import keyset, service, summaries
from app.cdrs.partitions import ensure_partitions
from app.db.models.cdr import Cdr
from app.db.models.user import User
from app.lib.access import Principal, Role
from app.lib.db import async_database_url
from app.lib.migrations import upgrade
from app.lib.scoping import bind_principal, bind_system
from tests.support import services

MONTHS = ((2025, 1), (2025, 2), (2025, 3))
START = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC)
CHUNK = 1_000_000

_LOAD = """
INSERT INTO cdr (id, started_at, owner_id, source, external_id, dialled_number,
    normalized_number, direction, answered_at, ended_at, duration, billable_seconds,
    disposition, matched_prefix, destination, cost, buy_cost, currency, breakdown, coverage,
    rating_status, masked, created_at)
SELECT
    (lpad(to_hex((extract(epoch FROM t.at) * 1000)::bigint), 12, '0') || '7'
        || substr(md5(g::text), 1, 19))::uuid,
    t.at, (CAST(:owners AS uuid[]))[1 + g % :clients], 'bench', g::text,
    '0044207' || lpad((g % 10000000)::text, 7, '0'), '44207' || lpad((g % 10000000)::text, 7, '0'),
    'outbound', CASE WHEN g / 7 % 5 = 0 THEN NULL ELSE t.at + interval '5 seconds' END,
    t.at + interval '5 seconds' + (g / 7 % 600) * interval '1 second', 5 + g / 7 % 600,
    CASE WHEN g / 7 % 5 = 0 THEN 0 ELSE g / 7 % 600 END,
    CASE WHEN g / 7 % 5 = 0 THEN 'NO ANSWER' ELSE 'ANSWERED' END, '4420', 'London',
    CASE WHEN g / 7 % 5 = 0 THEN 0 ELSE round((g / 7 % 600) * 0.001, 6) END,
    CASE WHEN g / 7 % 5 = 0 THEN 0 ELSE round((g / 7 % 600) * 0.0004, 6) END,
    'USD', '{}', '{}', 'rated', false, t.at
FROM generate_series(CAST(:first AS bigint), CAST(:last AS bigint)) AS g,
LATERAL (SELECT CAST(:start AS timestamptz) + (g * CAST(:span AS double precision) / :rows)
    * interval '1 second' AS at) AS t
"""


@contextmanager
def _database(stack: ExitStack) -> Iterator[tuple[str, str]]:
    admin = os.environ.get("DATABASE_URL")
    if not admin:  # TEST_DATABASE_URL when set, else an embedded server
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="cdrbench-")))
        admin = stack.enter_context(services.postgres_server(scratch))
    url = services.create_database(admin, prefix="tollgate_bench_cdr")
    yield admin, url


async def _clients(sessions: async_sessionmaker[AsyncSession], count: int) -> list[uuid.UUID]:
    async with sessions() as session, session.begin():
        bind_system(session)
        users = [
            User(
                email=f"bench-{n}-{uuid.uuid4().hex[:6]}@example.com",
                password_hash="x",
                role=Role.CLIENT,
                name=f"Client {n}",
            )
            for n in range(count)
        ]
        session.add_all(users)
        await session.flush()
        owners = [u.id for u in users]
    async with sessions() as session:  # after the commit: a partition's FKs lock user_account
        bind_system(session)
        await ensure_partitions(session, MONTHS)
    return owners


async def _load(
    sessions: async_sessionmaker[AsyncSession], owners: list[uuid.UUID], rows: int
) -> float:
    started = time.perf_counter()
    span = (END - START).total_seconds()
    for first in range(0, rows, CHUNK):
        last = min(rows, first + CHUNK) - 1
        async with sessions() as session, session.begin():
            params = {"owners": owners, "clients": len(owners), "first": first, "last": last}
            params |= {"start": START, "span": span, "rows": rows}
            await session.execute(text(_LOAD), params)
        print(f"loaded: {last + 1}", file=sys.stderr, flush=True)
    engine = sessions.kw["bind"]
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE cdr"))
    return time.perf_counter() - started


async def _timed(operation: Callable[[], Awaitable[object]], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat + 1):
        began = time.perf_counter()
        await operation()
        times.append((time.perf_counter() - began) * 1000)
    return times[0], statistics.median(times[1:])


async def _explain(session: AsyncSession, statement: Any) -> str:
    compiled = statement.compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    found = await session.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}"))
    return "\n".join(row[0] for row in found)


async def _measure(
    sessions: async_sessionmaker[AsyncSession], client_id: uuid.UUID, repeat: int
) -> dict[str, Any]:
    principal = Principal(
        user_id=client_id, role=Role.CLIENT, parent_id=None, scopes=frozenset({"cdrs:read"})
    )
    recent = service.CdrFilter(started_from=END - datetime.timedelta(days=30), started_to=END)
    month = service.CdrFilter(
        started_from=datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC),
        started_to=datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
    )
    async with sessions() as session:
        bind_principal(session, principal)

        async def first_page() -> object:
            return await service.list_cdrs(session, recent, sort="-started_at", limit=50)

        async def month_summary() -> object:
            return await summaries.summarize(
                session, month, by="month", timezone="UTC", show_buy=False
            )

        page_cold, page = await _timed(first_page, repeat)
        summary_cold, summary = await _timed(month_summary, repeat)
        rows = await summaries.summarize(session, month, by="month", timezone="UTC", show_buy=False)
        page_rows = (await first_page()).rows  # type: ignore[attr-defined]
    # The same statements with the client's scope written out, for EXPLAIN.
    mine = service.CdrFilter(
        started_from=recent.started_from, started_to=recent.started_to, client_id=client_id
    )
    page_sql = keyset.ordered(select(Cdr).where(*service.conditions(mine)), "-started_at").limit(51)
    month_mine = service.CdrFilter(month.started_from, month.started_to, client_id=client_id)
    key = summaries._key("month", "UTC").label("key")  # the same expression
    summary_sql = (
        select(
            key, Cdr.currency, text("count(*)"), text("sum(billable_seconds)"), text("sum(cost)")
        )
        .where(*service.conditions(month_mine))
        .group_by(key, Cdr.currency)
    )
    async with sessions() as session:
        bind_system(session)
        plans = (await _explain(session, page_sql), await _explain(session, summary_sql))
    return {
        "first_page_ms": page,
        "first_page_cold_ms": page_cold,
        "month_summary_ms": summary,
        "month_summary_cold_ms": summary_cold,
        "page_rows": len(page_rows),
        "summary_rows": [(r.key, r.calls, str(r.cost)) for r in rows],
        "plans": plans,
    }


async def _run(url: str, rows: int, clients: int, repeat: int) -> None:
    engine = create_async_engine(async_database_url(url), pool_size=2)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    try:
        owners = await _clients(sessions, clients)
        load_seconds = await _load(sessions, owners, rows)
        async with sessions() as session:
            count = (await session.execute(text("SELECT count(*) FROM cdr"))).scalar_one()
        found = await _measure(sessions, owners[len(owners) // 2], repeat)
    finally:
        await engine.dispose()
    print(f"cdr_rows: {count}")
    print(f"clients: {clients}")
    print(f"load_seconds: {load_seconds:.1f}")
    for name in (
        "first_page_ms",
        "first_page_cold_ms",
        "month_summary_ms",
        "month_summary_cold_ms",
    ):
        print(f"{name}: {found[name]:.2f}")
    print(f"first_page_rows: {found['page_rows']}")
    print(f"month_summary_rows: {found['summary_rows']}")
    print("explain_first_page:")
    print(found["plans"][0])
    print("explain_month_summary:")
    print(found["plans"][1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    args = parser.parse_args()
    with ExitStack() as stack, _database(stack) as (admin, url):
        upgrade(url)
        try:
            asyncio.run(_run(url, args.rows, args.clients, args.repeat))
        finally:
            if args.keep:
                print(f"database: {url}", file=sys.stderr)
            else:
                services.drop_database(admin, url)


if __name__ == "__main__":
    main()
