"""Live calls (authorize and finalize over the internal endpoints) draw the plan's allowances
as imported CDRs do, and special-number rules price them before the tariff.

The world is :func:`import_world`'s: a London client, landline 0.02/min + 0.05 connect billed
per minute, mobile 0.10/min (30 s then 6 s), France 0.12/min; 240 min of UK landline and 30
min of UK mobile a month. Its carrier buys UK numbers only.
"""

from __future__ import annotations

import asyncio
import datetime
import uuid
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from app.billing.ledger import account_for, post_entry
from app.bundles import period_bounds
from app.db.models.billing import BillingAccount, EntryKind, LedgerEntry
from app.db.models.bundle import AllowanceUsage, PlanSpecialRate
from app.db.models.cdr import Cdr
from app.lib.settings import Settings
from tests.integration.bundles.conftest import (
    CSV_HEADER,
    ImportWorld,
    csv_line,
    import_csv,
    import_world,
)
from tests.support.billing import served_in_loop
from tests.support.calls import SERVICE, CallWorld
from tests.support.identity import system_session

Client = AsyncTestClient[Litestar] | httpx.AsyncClient
LANDLINE = "02071234567"
MOBILE = "07700900123"
NON_GEOGRAPHIC = "03001234567"
"""+44 300 …: the UK rate, under neither allowance group."""
LONDON = ZoneInfo("Europe/London")


async def _authorize(client: Client, world: CallWorld, number: str) -> dict[str, Any]:
    body = {"call_id": uuid.uuid4().hex, "sip_user": world.sip_user, "dialled_number": number}
    response = await client.post("/internal/v1/calls/authorize", json=body, headers=SERVICE)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def _hangup(billable: int, answered: datetime.datetime) -> dict[str, Any]:
    return {
        "billable_seconds": billable,
        "disposition": "ANSWER",
        "hangup_cause": 16,
        "answered_at": answered.isoformat(),
        "ended_at": (answered + datetime.timedelta(seconds=billable)).isoformat(),
    }


async def _finalize(client: Client, call_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        f"/internal/v1/calls/{call_id}/finalize", json=body, headers=SERVICE
    )
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def _call(
    client: Client, world: CallWorld, number: str, billable: int, answered: datetime.datetime
) -> dict[str, Any]:
    """Authorize a call, then hang it up after ``billable`` answered seconds."""
    grant = await _authorize(client, world, number)
    assert grant["result"] == "ok", grant
    return await _finalize(client, grant["call_id"], _hangup(billable, answered))


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


async def _set_used(settings: Settings, world: ImportWorld, used: int) -> None:
    """This month's landline counter holds ``used`` seconds (an earlier call drew them)."""
    assert world.landline is not None
    start, end = period_bounds(_now(), LONDON, "monthly")
    session, close = await system_session(settings)
    try:
        session.add(
            AllowanceUsage(
                owner_id=world.world.client.id,
                reseller_id=world.world.client.parent_id,
                allowance_id=world.landline,
                period_start=start,
                period_end=end,
                used_seconds=used,
            )
        )
        await session.commit()
    finally:
        await close()


async def _state(
    settings: Settings, world: CallWorld
) -> tuple[dict[str, Cdr], dict[uuid.UUID, int], tuple[Decimal, Decimal, Decimal, int]]:
    """The client's CDRs by call id, its counters' used seconds by allowance, and its account's
    (balance, reserved, sum of entries, entry count)."""
    session, close = await system_session(settings)
    try:
        owner = world.client.id
        cdrs = (await session.execute(select(Cdr).where(Cdr.owner_id == owner))).scalars()
        usage = await session.execute(
            select(AllowanceUsage.allowance_id, AllowanceUsage.used_seconds).where(
                AllowanceUsage.owner_id == owner
            )
        )
        account = await session.get(BillingAccount, world.account_id)
        assert account is not None
        total, count = (
            await session.execute(
                select(func.coalesce(func.sum(LedgerEntry.amount), 0), func.count()).where(
                    LedgerEntry.account_id == world.account_id
                )
            )
        ).one()
        money = (account.balance, account.reserved, Decimal(total), int(count))
        return {c.external_id or "": c for c in cdrs}, dict(usage.tuples().all()), money
    finally:
        await close()


async def _post(settings: Settings, world: CallWorld, kind: str, amount: str) -> None:
    session, close = await system_session(settings)
    try:
        account = await account_for(session, world.client.id, lock=True)
        await post_entry(
            session,
            account,
            kind=kind,
            amount=Decimal(amount),
            idempotency_key=f"test:{uuid.uuid4().hex}",
            at=datetime.datetime.now(datetime.UTC),
        )
        await session.commit()
    finally:
        await close()


async def test_a_live_call_crossing_the_allowance_charges_exactly_the_overflow(
    client: Client, settings: Settings
) -> None:
    bundled = await import_world(settings)
    world, at = bundled.world, _now()

    first = await _call(client, world, LANDLINE, 14000, at)
    # 14000 s bill 234 min = 14040 s, all inside the 14400 s allowance: nothing to pay.
    assert (first["status"], Decimal(first["cost"])) == ("rated", 0)
    grant = await _authorize(client, world, LANDLINE)
    # 360 s left: the reserve is the overflow of the longest call (14400 s), 14040 s at
    # 0.02/min = 4.68, not the engine's 0.05 + 240 * 0.02 = 4.85.
    assert grant["max_duration"] == 14400
    assert (await _state(settings, world))[2][1] == Decimal("4.68")
    second = await _finalize(
        client, grant["call_id"], _hangup(1210, at + datetime.timedelta(hours=4))
    )

    # 20 min 10 s bill 21 min: 6 min covered, 15 min at 0.02/min = 0.30, no connect fee.
    assert Decimal(second["cost"]) == Decimal("0.30")
    cdrs, used, money = await _state(settings, world)
    assert used == {bundled.landline: 14400}
    assert money == (Decimal("99.70"), 0, Decimal("99.70"), 2)  # the credit and one charge
    covered, crossing = cdrs[first["call_id"]], cdrs[second["call_id"]]
    assert (covered.cost, covered.ledger_entry_id) == (Decimal(0), None)
    assert covered.coverage["covered_seconds"] == 14040
    assert covered.coverage["full_cost"] == "4.730000"
    start, _ = period_bounds(at, LONDON, "monthly")
    assert crossing.coverage == {
        "kind": "allowance",
        "allowance_id": str(bundled.landline),
        "group_id": crossing.coverage["group_id"],
        "group": bundled.names[0],
        "period": "monthly",
        "period_start": start.isoformat(),
        "covered_seconds": 360,
        "overflow_seconds": 900,
        "full_cost": "0.470000",
        "overflow_cost": "0.300000",
        "section": "national",
    }
    assert crossing.cost == Decimal("0.300000") and crossing.ledger_entry_id is not None


async def test_duplicate_and_concurrent_finalizes_draw_and_charge_once(
    settings: Settings,
) -> None:
    bundled = await import_world(settings)
    world, at = bundled.world, _now()
    await _set_used(settings, bundled, 14400 - 2000)
    async with served_in_loop(settings) as client:  # requests really overlap
        answers = []
        for billable in (1210, 1210):  # each bills 1260 s
            grant = await _authorize(client, world, LANDLINE)
            body = _hangup(billable, at)
            answers.append(
                await asyncio.gather(*(_finalize(client, grant["call_id"], body) for _ in range(6)))
            )
            retry = await _finalize(client, grant["call_id"], {**body, "billable_seconds": 9})
            assert retry == answers[-1][0]

    first, second = ({a["cdr_id"] for a in group} for group in answers)
    assert len(first) == len(second) == 1
    # The first call is covered (2000 s left); the second finds 740 s: 520 s at 0.02/min.
    assert [Decimal(group[0]["cost"]) for group in answers] == [0, Decimal("0.173333")]
    cdrs, used, money = await _state(settings, world)
    assert used == {bundled.landline: 14400}  # 12400 + 1260 + 740: one draw each
    assert money == (Decimal("99.826667"), 0, Decimal("99.826667"), 2)
    assert sorted(c.coverage["covered_seconds"] for c in cdrs.values()) == [740, 1260]


async def test_authorize_counts_the_remaining_allowance_as_free_time(
    client: Client, settings: Settings
) -> None:
    bundled = await import_world(settings)
    world = bundled.world
    await _post(settings, world, EntryKind.ADJUSTMENT, "-100")  # a zero balance
    await _set_used(settings, bundled, 14400 - 600)

    landline = await _authorize(client, world, LANDLINE)
    mobile = await _authorize(client, world, MOBILE)
    other = await _authorize(client, world, NON_GEOGRAPHIC)

    # Nothing to pay with, but 10 landline minutes and 30 mobile minutes are included.
    assert (landline["result"], landline["max_duration"]) == ("ok", 600)
    assert (mobile["result"], mobile["max_duration"]) == ("ok", 1800)
    assert other["result"] == "no_credit"
    assert (await _state(settings, world))[2][:2] == (0, 0)  # nothing reserved

    # 0.10 more pays 5 minutes of overflow (0.02/min, no connect fee): 15 min, 0.10 reserved.
    await _post(settings, world, EntryKind.CREDIT, "0.10")
    paid = await _authorize(client, world, LANDLINE)
    assert (paid["result"], paid["max_duration"]) == ("ok", 900)
    assert (await _state(settings, world))[2][:2] == (Decimal("0.10"), Decimal("0.10"))

    # A negative budget grants nothing, free minutes included (as max_duration).
    await _post(settings, world, EntryKind.ADJUSTMENT, "-1")
    assert (await _authorize(client, world, LANDLINE))["result"] == "no_credit"


async def test_a_special_number_is_charged_flat_through_finalize(
    client: Client, settings: Settings
) -> None:
    bundled = await import_world(settings)
    world = bundled.world
    session, close = await system_session(settings)
    try:
        rule = PlanSpecialRate(
            plan_id=world.plan_id,
            owner_id=world.owner.id,
            pattern="1300*",
            label="1300 numbers",
            direction="outbound",
            flat_price=Decimal("0.35"),
            rate_per_minute=Decimal(0),
            connect_fee=Decimal(0),
            initial_block=1,
            increment=1,
        )
        session.add(rule)
        await session.commit()
    finally:
        await close()

    # 01300 123 456 is +44 1300 …: under the landline group (441), but the rule comes first.
    answer = await _call(client, world, "01300123456", 125, _now())

    assert (answer["status"], Decimal(answer["cost"])) == ("rated", Decimal("0.35"))
    cdrs, used, money = await _state(settings, world)
    cdr = cdrs[answer["call_id"]]
    assert (cdr.cost, cdr.matched_prefix, cdr.destination) == (
        Decimal("0.350000"),
        "1300",
        "1300 numbers",
    )
    assert cdr.coverage == {
        "kind": "special",
        "rule_id": str(rule.id),
        "pattern": "1300*",
        "label": "1300 numbers",
        "section": "special",
    }
    assert cdr.breakdown["call_type"] == "special"  # the invoice's own section, as imported
    assert used == {}  # a special rule never draws the allowance
    assert money == (Decimal("99.65"), 0, Decimal("99.65"), 2)


def _alike(cdr: Cdr) -> tuple[Any, ...]:
    """What a live and an imported CDR of the same call share (the two worlds' allowances,
    groups, decks and rates have their own ids and names)."""
    own = ("allowance_id", "group_id", "group", "rate_id", "deck_id")
    coverage = {k: v for k, v in cdr.coverage.items() if k not in own}
    breakdown = {k: v for k, v in cdr.breakdown.items() if k not in own}
    return cdr.cost, coverage, breakdown, cdr.billable_seconds, cdr.normalized_number


async def test_finalize_and_the_import_price_and_cover_a_call_alike(
    client: Client, settings: Settings
) -> None:
    live, imported = await import_world(settings), await import_world(settings)
    at = _now()
    calls = [
        (LANDLINE, 14000, at),
        (LANDLINE, 1210, at + datetime.timedelta(hours=4)),
        (MOBILE, 603, at + datetime.timedelta(hours=5)),
        (NON_GEOGRAPHIC, 95, at + datetime.timedelta(hours=6)),
    ]
    answers = [await _call(client, live.world, *call) for call in calls]
    tag = uuid.uuid4().hex[:8]
    content = CSV_HEADER + "".join(
        csv_line(f"{tag}-{i}", imported.world.sip_user, number, when.isoformat(), billable)
        for i, (number, billable, when) in enumerate(calls)
    )
    await import_csv(settings, imported.world.owner, content, f"test:{tag}")

    live_cdrs, live_used, _ = await _state(settings, live.world)
    imported_cdrs, imported_used, _ = await _state(settings, imported.world)
    by_call = [live_cdrs[a["call_id"]] for a in answers]
    assert [_alike(c) for c in by_call] == [
        _alike(imported_cdrs[f"{tag}-{i}"]) for i in range(len(calls))
    ]
    # 14040 s covered; 360 s covered + 900 s at 0.02/min; 606 s covered; 0.05 + 2 * 0.02.
    assert [c.cost for c in by_call] == [0, Decimal("0.3"), 0, Decimal("0.09")]
    assert [c.coverage["kind"] for c in by_call] == ["allowance", "allowance", "allowance", "none"]
    assert sorted(live_used.values()) == sorted(imported_used.values()) == [606, 14400]
