"""Autobill runs: usage per call type, prorated services and tax on one invoice; running twice
creates nothing; a dry run writes nothing; itemized and consolidated give the same total; every
call lands in exactly one local month, whatever the client's timezone."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.db.models.alert import AlertMessage
from app.db.models.billing import BillingAccount, LedgerEntry
from app.db.models.destination import Destination
from app.db.models.invoice import Invoice, InvoiceLine, InvoicingProfile
from app.db.models.plan import Plan
from app.db.models.user import User
from app.invoicing import autobill
from app.lib.scoping import bind_system
from tests.support.invoicing import (
    add_call,
    count_rows,
    invoices_of,
    make_billed_client,
    make_service,
    run_billing,
    subscribe,
)

NOW = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


async def _give_plan(sessions: async_sessionmaker[AsyncSession], client_id: uuid.UUID) -> None:
    async with sessions() as session:
        bind_system(session)
        plan = Plan(name="US plan", currency="EUR", country_code="1", owner_id=client_id)
        session.add(plan)
        await session.flush()
        client = await session.get(User, client_id)
        assert client is not None
        client.plan_id = plan.id
        await session.commit()


async def _special_prefix(sessions: async_sessionmaker[AsyncSession]) -> str:
    prefix = "9" + "".join(random.choices("0123456789", k=8))
    async with sessions() as session:
        bind_system(session)
        session.add(Destination(prefix=prefix, name="Test freephone", type="toll_free"))
        await session.commit()
    return prefix


async def _march_of_calls(
    sessions: async_sessionmaker[AsyncSession], client_id: uuid.UUID, special: str
) -> None:
    # New York: EST until 8 March 07:00 UTC, EDT after; March is [03-01 05:00, 04-01 04:00) UTC
    await add_call(sessions, client_id, utc("2026-03-01T05:30:00"), "+441234567890", "1.234567")
    await add_call(
        sessions, client_id, utc("2026-03-15T12:00:00"), "+12125550100", "0.500000", seconds=90
    )
    await add_call(
        sessions, client_id, utc("2026-04-01T03:30:00"), "+12125550101", "0.100000"
    )  # 31 Mar 23:30 local
    await add_call(
        sessions,
        client_id,
        utc("2026-03-20T12:00:00"),
        f"+{special}1",
        "0.350000",
        matched_prefix=special,
    )
    await add_call(
        sessions,
        client_id,
        utc("2026-03-21T12:00:00"),
        "+12125550102",
        "0.020000",
        direction="inbound",
    )
    # outside March in New York, though in March in UTC:
    await add_call(sessions, client_id, utc("2026-03-01T04:50:00"), "+441234567890", "9.000000")
    await add_call(sessions, client_id, utc("2026-04-01T04:10:00"), "+441234567890", "9.000000")


async def test_a_month_becomes_one_invoice_with_call_types_prorated_services_and_tax(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    client = await make_billed_client(
        sessions, timezone="America/New_York", kind="postpaid", tax_rate=Decimal(10)
    )
    await _give_plan(sessions, client)
    await _march_of_calls(sessions, client, await _special_prefix(sessions))
    service = await make_service(sessions, price="31.00", tax_rate="20")
    await subscribe(sessions, client, service, date(2026, 3, 10), quantity=2)

    run = await run_billing(sessions, client_ids=[client], now=NOW, period="2026-03")

    assert run.status == "succeeded", run.detail
    [(invoice, lines)] = await invoices_of(sessions, client)
    got = [(line.call_type or line.kind, line.calls, line.amount, line.tax) for line in lines]
    assert got == [
        ("international", 1, Decimal("1.23"), Decimal("0.12")),
        ("national", 2, Decimal("0.60"), Decimal("0.06")),
        ("special", 1, Decimal("0.35"), Decimal("0.04")),  # 0.035 half up
        ("inbound", 1, Decimal("0.02"), Decimal("0.00")),
        ("service", None, Decimal("44.00"), Decimal("8.80")),  # 2 x 31.00 x 22/31
    ]
    assert lines[1].billable_seconds == 150 and lines[1].quantity == Decimal("2.5")
    assert (invoice.subtotal, invoice.tax_total, invoice.total) == (
        Decimal("46.20"),
        Decimal("9.02"),
        Decimal("55.22"),
    )
    assert invoice.status == "issued" and invoice.number is not None
    assert invoice.period_label == "2026-03-01 to 2026-03-31"
    assert run.report["cdrs"] == 5 and run.report["invoices"] == 1
    assert run.report["totals"] == {"EUR": {"subtotal": "46.20", "tax": "9.02", "total": "55.22"}}
    # the ledger gets services + their tax, and the tax on usage (usage itself was live)
    async with sessions() as session:
        bind_system(session)
        entries = await session.execute(
            select(LedgerEntry.kind, LedgerEntry.amount).where(LedgerEntry.owner_id == client)
        )
        assert sorted(tuple(row) for row in entries.all()) == [
            ("recurring_fee", Decimal("-52.800000")),
            ("usage_charge", Decimal("-0.220000")),
        ]


async def test_running_twice_for_the_same_period_creates_nothing_new(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    client = await make_billed_client(sessions)
    await add_call(sessions, client, utc("2026-03-05T10:00:00"), "+441234567890", "2.000000")
    first = await run_billing(sessions, client_ids=[client], now=NOW)
    ledger_after_first = await count_rows(sessions, LedgerEntry)
    second = await run_billing(sessions, client_ids=[client], now=NOW, period="2026-03")

    assert first.report["clients_invoiced"] == 1
    assert second.report["clients_invoiced"] == 0
    assert second.report["clients_already_invoiced"] == 1
    assert len(await invoices_of(sessions, client)) == 1
    assert await count_rows(sessions, LedgerEntry) == ledger_after_first
    [(invoice, _)] = await invoices_of(sessions, client)
    assert invoice.status == "paid"  # prepaid: a statement, settled from the balance


async def test_a_dry_run_shows_the_invoices_and_writes_nothing(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    client = await make_billed_client(sessions, kind="postpaid")
    service = await make_service(sessions, price="12.00", tax_rate="20")
    await subscribe(sessions, client, service, date(2026, 1, 1))
    await add_call(sessions, client, utc("2026-03-05T10:00:00"), "+441234567890", "2.000000")
    tables = (Invoice, InvoiceLine, LedgerEntry, InvoicingProfile, BillingAccount)
    before = [await count_rows(sessions, t) for t in tables]

    dry = await run_billing(sessions, client_ids=[client], now=NOW, dry_run=True)

    assert [await count_rows(sessions, t) for t in tables] == before
    [preview] = dry.report["preview"]
    assert preview["invoices"][0]["total"] == "16.40"  # 2.00 + 12.00 + 2.40 tax
    real = await run_billing(sessions, client_ids=[client], now=NOW)
    assert real.report["totals"] == dry.report["totals"]


async def test_itemized_and_consolidated_bill_the_same_month_to_the_same_total(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    did = await make_service(sessions, name="DID", price="3.33", tax_rate="19")
    support = await make_service(sessions, name="Support", price="49.99", tax_rate="7.5")
    totals = {}
    for mode in ("itemized", "consolidated"):
        client = await make_billed_client(
            sessions, mode=mode, kind="postpaid", tax_rate=Decimal(19)
        )
        await subscribe(sessions, client, did, date(2026, 3, 7), quantity=3)
        await subscribe(sessions, client, support, date(2026, 2, 1), date(2026, 3, 20))
        for day, cost in ((2, "0.123456"), (9, "1.987654"), (30, "0.004999")):
            await add_call(sessions, client, utc(f"2026-03-{day:02d}T10:00:00"), "+3312345", cost)
        run = await run_billing(sessions, client_ids=[client], now=NOW)
        assert run.status == "succeeded" and not run.errors, (run.detail, run.errors)
        found = await invoices_of(sessions, client)
        totals[mode] = (len(found), sum(i.total for i, _ in found))
    assert totals["itemized"][0] == 3 and totals["consolidated"][0] == 1
    assert totals["itemized"][1] == totals["consolidated"][1]


async def test_every_call_lands_in_exactly_one_local_month_in_every_timezone(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    zones = ("UTC", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe")
    # instants around the local midnights ending February and March (and NY's DST change)
    instants = [
        "2026-02-28T10:00:00",
        "2026-02-28T13:15:00",
        "2026-02-28T18:45:00",
        "2026-03-01T00:30:00",
        "2026-03-01T04:55:00",
        "2026-03-01T05:05:00",
        "2026-03-08T06:30:00",
        "2026-03-08T07:30:00",
        "2026-03-31T12:50:00",
        "2026-03-31T13:10:00",
        "2026-03-31T18:20:00",
        "2026-03-31T18:40:00",
        "2026-03-31T23:59:59",
        "2026-04-01T00:00:00",
        "2026-04-01T03:59:00",
        "2026-04-01T04:01:00",
    ]
    for zone in zones:
        client = await make_billed_client(sessions, timezone=zone)
        for instant in instants:
            await add_call(sessions, client, utc(instant), "+441234567890", "1.000000")
        await run_billing(sessions, client_ids=[client], now=NOW, period="2026-02")
        await run_billing(sessions, client_ids=[client], now=NOW, period="2026-03")
        invoices = await invoices_of(sessions, client)
        counted = {i.period_label: sum(line.calls or 0 for line in lines) for i, lines in invoices}
        expected = {"2026-02": 0, "2026-03": 0, "other": 0}
        from zoneinfo import ZoneInfo

        for instant in instants:
            month = utc(instant).astimezone(ZoneInfo(zone)).strftime("%Y-%m")
            expected[month if month in expected else "other"] += 1
        assert counted == {
            "2026-02-01 to 2026-02-28": expected["2026-02"],
            "2026-03-01 to 2026-03-31": expected["2026-03"],
        }, zone
        assert sum(counted.values()) + expected["other"] == len(instants)


async def test_a_batch_meeting_a_concurrent_runs_invoice_still_bills_the_others_gaplessly(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = await make_billed_client(sessions), await make_billed_client(sessions)
    for client in (first, second):
        await add_call(sessions, client, utc("2026-03-05T10:00:00"), "+441234567890", "2.000000")
    await run_billing(sessions, client_ids=[first], now=NOW)

    async def nothing_seen(*_: object) -> set[object]:
        return set()  # as if another run committed between the check and the insert

    monkeypatch.setattr(autobill, "_invoiced", nothing_seen)
    run = await run_billing(sessions, client_ids=[first, second], now=NOW)

    assert run.status == "succeeded"
    assert run.report["clients_invoiced"] == 1
    assert run.report["clients_already_invoiced"] == 1
    [(earlier, _)] = await invoices_of(sessions, first)
    [(later, _)] = await invoices_of(sessions, second)
    assert later.sequence == earlier.sequence + 1  # the undone batch gave its numbers back
    async with sessions() as session:
        bind_system(session)
        mails = await session.execute(
            select(AlertMessage.owner_id).where(AlertMessage.owner_id.in_([first, second]))
        )
        assert sorted(mails.scalars()) == sorted([first, second])  # one mail per invoice
