"""Autobill speed: 10,000 clients with 1,000,000 rated CDRs in one month → their invoices.

Creates a scratch database (on TEST_DATABASE_URL / DATABASE_URL's server, else the embedded
PostgreSQL), migrates it, makes ``--clients`` clients with billing accounts and loads ``--rows``
rated CDRs spread over February 2025 with the same ``INSERT … SELECT … generate_series`` as
``benchmarks/cdr_query.py`` (set-up, not timed). Then it times one billing run for the period
``2025-02`` over every client, exactly as the worker's ``invoicing.run_billing`` actor executes
it (``app.invoicing.runs.execute_run``): usage totals per client, invoice composition, gapless
numbering and issue. Output lines: ``clients``, ``cdrs``, ``invoices``, ``total_seconds``,
``invoices_per_second``, ``load_average_1m``, and the CPU seconds the run took in this process
(``worker_cpu_seconds``) and in the PostgreSQL backends serving it (``postgres_cpu_seconds``;
wall time is inflated by other load on the machine, these are not). Run:
`PYTHONPATH=backend:. .venv/bin/python benchmarks/autobill.py [--clients N] [--rows N]`.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import os
import sys
import time
import uuid
from contextlib import ExitStack

import psutil
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.cdrs.partitions import ensure_partitions
from app.db.models.invoice import Invoice
from app.db.models.user import User
from app.invoicing import runs
from app.invoicing.schemas import BillingRunWrite
from app.lib.access import ALL_SCOPES, Principal, Role
from app.lib.db import async_database_url
from app.lib.migrations import upgrade
from app.lib.scoping import bind_system
from benchmarks.cdr_query import _LOAD, _database
from tests.support import services

START = datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
END = datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
CHUNK = 1_000_000
_ACCOUNTS = """
INSERT INTO billing_account (id, owner_id, kind, currency, balance, reserved, credit_limit,
    created_at, updated_at)
SELECT gen_random_uuid(), u.id, 'postpaid', 'USD', 0, 0, 1000000, now(), now()
FROM user_account AS u WHERE u.role = 'client'
"""


async def _clients(sessions: async_sessionmaker[AsyncSession], count: int) -> list[uuid.UUID]:
    async with sessions() as session, session.begin():
        bind_system(session)
        users = [
            User(
                email=f"bill-{n}-{uuid.uuid4().hex[:6]}@example.com",
                password_hash="x",
                role=Role.CLIENT,
                name=f"Client {n}",
                currency="USD",
            )
            for n in range(count)
        ]
        session.add_all(users)
        await session.flush()
        await session.execute(text(_ACCOUNTS))
        owners = [u.id for u in users]
    async with sessions() as session:
        bind_system(session)
        await ensure_partitions(session, [(2025, 2)])
    return owners


async def _load(
    sessions: async_sessionmaker[AsyncSession], owners: list[uuid.UUID], rows: int
) -> None:
    span = (END - START).total_seconds() - 60
    for first in range(0, rows, CHUNK):
        last = min(rows, first + CHUNK) - 1
        async with sessions() as session, session.begin():
            params = {"owners": owners, "clients": len(owners), "first": first, "last": last}
            params |= {"start": START, "span": span, "rows": rows}
            await session.execute(text(_LOAD), params)
    engine = sessions.kw["bind"]
    async with engine.connect() as connection:
        await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE"))


async def _backend_cpu(sessions: async_sessionmaker[AsyncSession]) -> dict[int, float]:
    """CPU seconds so far of each PostgreSQL backend serving this database (the run's pool)."""
    async with sessions() as session:
        found = await session.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        )
        pids = list(found.scalars())
    seconds = {}
    for pid in pids:
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:  # another machine's server, or gone: not measurable here
            continue
        seconds[pid] = times.user + times.system
    return seconds


async def _bill(sessions: async_sessionmaker[AsyncSession]) -> tuple[float, int, int]:
    async with sessions() as session:
        bind_system(session)
        admin = User(email="bill-admin@example.com", password_hash="x", role=Role.ADMIN, name="A")
        session.add(admin)
        await session.flush()
        principal = Principal(admin.id, Role.ADMIN, None, ALL_SCOPES)
        data = BillingRunWrite(period="2025-02")
        run = await runs.create_run(session, principal, data, datetime.datetime.now(datetime.UTC))
        await session.commit()
        run_id = run.id
    backends = await _backend_cpu(sessions)
    started, cpu = time.perf_counter(), time.process_time()
    await runs.execute_run(sessions, run_id)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = await _backend_cpu(sessions)
    postgres = sum(t - backends.get(pid, 0.0) for pid, t in after.items())
    print(f"worker_cpu_seconds: {cpu:.2f}")
    print(f"postgres_cpu_seconds: {postgres:.2f}")
    async with sessions() as session:
        bind_system(session)
        invoices = (await session.execute(select(func.count()).select_from(Invoice))).scalar_one()
        cdrs = (await session.execute(text("SELECT count(*) FROM cdr"))).scalar_one()
        finished = await runs.get_run(session, run_id)
        if finished.status != "succeeded":
            print(f"run {finished.status}: {finished.errors[:3]}", file=sys.stderr)
    return seconds, int(invoices), int(cdrs)


async def _run(url: str, clients: int, rows: int) -> None:
    engine = create_async_engine(async_database_url(url), pool_size=4)
    sessions = async_sessionmaker(engine, expire_on_commit=False)
    try:
        owners = await _clients(sessions, clients)
        await _load(sessions, owners, rows)
        seconds, invoices, cdrs = await _bill(sessions)
    finally:
        await engine.dispose()
    print(f"clients: {clients}")
    print(f"cdrs: {cdrs}")
    print(f"invoices: {invoices}")
    print(f"total_seconds: {seconds:.2f}")
    print(f"invoices_per_second: {invoices / seconds:.0f}")
    print(f"load_average_1m: {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with ExitStack() as stack, _database(stack) as (admin, url):
        upgrade(url)
        try:
            asyncio.run(_run(url, args.clients, args.rows))
        finally:
            services.drop_database(admin, url)


if __name__ == "__main__":
    main()
