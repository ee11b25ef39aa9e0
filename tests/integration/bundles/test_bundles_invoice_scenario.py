"""Issue #7's acceptance scenario, per the UCRM thread, end to end: a plan with 240 min of UK
landline and 30 min of UK mobile a month; a month of calls imported from a CSV crossing both
allowances mid-call; a billing run for that month. The invoice shows the included minutes
used, the overflow minutes and their cost, as computed by hand below."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.db.models.billing import LedgerEntry
from app.db.models.cdr import Cdr
from app.invoicing.compose import Subscribed, compose
from app.invoicing.periods import Period
from app.invoicing.usage import usage_totals
from app.lib.scoping import bind_system
from app.lib.settings import Settings
from tests.integration.bundles.conftest import (
    CSV_HEADER,
    Sessions,
    csv_line,
    import_csv,
    import_world,
)
from tests.support.invoicing import invoices_of, run_billing

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 4, 2, 9, tzinfo=datetime.UTC)

# (id, number, answer time (UTC; London is on GMT until 29 March), billsec), in file order
# (not time order: draws follow the answer time).
#
# Landline: 0.02/min + 0.05 connect, billed per minute; 14 400 s included.
#   L1 7200 s -> 120 min, covered (7200 used); L2 6030 s -> 101 min, covered (13 260 used);
#   L3 1210 s -> 21 min: 19 covered (14 400 used), 2 min over = 2 * 0.02 = 0.04 (no connect);
#   L4 181 s -> 4 min, nothing left: 0.05 + 4 * 0.02 = 0.13.
#   Included 240 min (3 calls); beyond 6 min (2 calls) = 0.17.
# Mobile: 0.10/min, 30 s minimum then 6 s; 1800 s included.
#   M1 1500 s covered (1500 used); M2 603 s -> 606 s: 300 covered, 306 s over = 0.51;
#   M3 20 s -> 30 s (the minimum), nothing left: 0.05.
#   Included 30 min (2 calls); beyond 336 s = 5.6 min (2 calls) = 0.56.
# France: 0.12/min per second, no allowance: 120 s = 0.24.
# Usage: 0.24 + 0.17 + 0.56 = 0.97.
CALLS = (
    ("L4", "+442071234567", "2026-03-23T09:00:00Z", 181),
    ("M2", "+447700900002", "2026-03-10T12:00:00Z", 603),
    ("L1", "+442071234567", "2026-03-02T09:00:00Z", 7200),
    ("F1", "+33123456789", "2026-03-04T15:00:00Z", 120),
    ("L3", "+442079460000", "2026-03-16T09:00:00Z", 1210),
    ("M1", "+447700900001", "2026-03-03T12:00:00Z", 1500),
    ("M3", "+447700900003", "2026-03-17T12:00:00Z", 20),
    ("L2", "+441632960123", "2026-03-09T09:00:00Z", 6030),
)


async def test_the_ucrm_month_is_invoiced_with_included_and_overflow_minutes(
    settings: Settings, sessions: Sessions
) -> None:
    bundled = await import_world(settings)
    client = bundled.world.client.id
    tag = uuid.uuid4().hex[:8]
    content = CSV_HEADER + "".join(
        csv_line(f"{tag}-{name}", bundled.world.sip_user, number, at, billsec)
        for name, number, at, billsec in CALLS
    )
    imported = await import_csv(settings, bundled.world.owner, content, f"test:{tag}")
    assert (imported["stored"], imported["rated"]) == (8, 8)

    run = await run_billing(sessions, client_ids=[client], now=NOW, period="2026-03")

    assert run.status == "succeeded", run.detail
    [(invoice, lines)] = await invoices_of(sessions, client)
    landline, mobile = bundled.names
    assert [
        (line.description, line.quantity, line.amount, line.calls, line.call_type) for line in lines
    ] == [
        ("International calls (1)", Decimal(2), Decimal("0.24"), 1, "international"),
        (f"{landline}: included minutes used (3)", Decimal(240), Decimal(0), 3, "national"),
        (f"{landline}: beyond included minutes (2)", Decimal(6), Decimal("0.17"), 2, "national"),
        (f"{mobile}: included minutes used (2)", Decimal(30), Decimal(0), 2, "national"),
        (f"{mobile}: beyond included minutes (2)", Decimal("5.6"), Decimal("0.56"), 2, "national"),
    ]
    assert [line.detail.get("included") for line in lines] == [None, True, False, True, False]
    assert (invoice.usage_total, invoice.total, invoice.currency) == (
        Decimal("0.97"),
        Decimal("0.97"),
        "USD",
    )
    async with sessions() as session:
        bind_system(session)
        cdr_costs = await session.scalar(select(func.sum(Cdr.cost)).where(Cdr.owner_id == client))
        charged = await session.scalar(
            select(func.sum(LedgerEntry.amount)).where(
                LedgerEntry.account_id == bundled.world.account_id,
                LedgerEntry.kind == "usage_charge",
            )
        )
    assert cdr_costs == -charged == Decimal("0.97")  # type: ignore[operator]


async def test_the_month_itemized_and_consolidated_gives_the_same_total(
    settings: Settings, sessions: Sessions
) -> None:
    bundled = await import_world(settings)
    client = bundled.world.client.id
    tag = uuid.uuid4().hex[:8]
    content = CSV_HEADER + "".join(
        csv_line(f"{tag}-{name}", bundled.world.sip_user, number, at, billsec)
        for name, number, at, billsec in CALLS
    )
    await import_csv(settings, bundled.world.owner, content, f"test:{tag}")
    start = datetime.datetime(2026, 3, 1, tzinfo=LONDON)
    end = datetime.datetime(2026, 4, 1, tzinfo=LONDON)
    async with sessions() as session:
        bind_system(session)
        usage = (await usage_totals(session, [client], start, end))[client]
    service = Subscribed(
        uuid.uuid4(),
        "DID rental",
        "monthly",
        "USD",
        Decimal("3.33"),
        1,
        Decimal(20),
        datetime.date(2026, 3, 10),
        None,
    )
    month = Period(datetime.date(2026, 3, 1), datetime.date(2026, 4, 1))

    def total(mode: str) -> tuple[int, Decimal, Decimal]:
        drafts = compose(
            period=month,
            currency="USD",
            mode=mode,
            usage=usage,
            usage_tax_rate=Decimal("17.5"),
            subscriptions=[service],
        )
        return len(drafts), sum((d.total for d in drafts), Decimal(0)), drafts[0].usage_total

    itemized, consolidated = total("itemized"), total("consolidated")
    assert (itemized[0], consolidated[0]) == (2, 1)
    assert itemized[1] == consolidated[1]
    assert itemized[2] == consolidated[2] == Decimal("0.97")
