"""Imported calls are priced as live calls are: the plan's special-number rules before the
tariff, inbound calls at the plan's inbound tariff with its own rounding (docs/bundles.md,
"Per-direction pricing")."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import select

from app.db.models.bundle import PlanSpecialRate
from app.db.models.cdr import Cdr
from app.db.models.plan import Plan
from app.lib.settings import Settings
from tests.integration.bundles.conftest import ImportWorld, import_csv, import_world
from tests.support.identity import system_session

HEADER = "external_id,channel,from,to,start,duration,billsec,direction\n"


def _line(tag: str, world: ImportWorld, caller: str, to: str, billsec: int, direction: str) -> str:
    channel, start = f"PJSIP/{world.world.sip_user}-0001", "2026-03-02T10:00:00Z"
    return f"{tag},{channel},{caller},{to},{start},{billsec},{billsec},{direction}\n"


async def _price_plan(settings: Settings, world: ImportWorld, *, inbound: bool) -> None:
    """A ``1300*`` rule at 0.25 a call; with ``inbound``, inbound calls at 0.012/min billed
    60 s then 30 s."""
    session, close = await system_session(settings)
    try:
        plan = await session.get(Plan, world.world.plan_id)
        assert plan is not None
        session.add(
            PlanSpecialRate(
                plan_id=plan.id,
                pattern="1300*",
                label="1300 numbers",
                direction="outbound",
                flat_price=Decimal("0.25"),
                owner_id=plan.owner_id,
            )
        )
        if inbound:
            plan.inbound_rate_per_minute = Decimal("0.012")
            plan.inbound_connect_fee = Decimal(0)
            plan.inbound_initial_block, plan.inbound_increment = 60, 30
        await session.commit()
    finally:
        await close()


async def _stored(settings: Settings, world: ImportWorld) -> dict[str, Cdr]:
    session, close = await system_session(settings)
    try:
        rows = await session.execute(select(Cdr).where(Cdr.owner_id == world.world.client.id))
        return {cdr.external_id: cdr for cdr in rows.scalars()}
    finally:
        await close()


async def test_an_imported_special_number_call_costs_the_flat_fee(settings: Settings) -> None:
    world = await import_world(settings, allowances=False)
    await _price_plan(settings, world, inbound=False)
    tag = uuid.uuid4().hex[:8]
    content = (
        HEADER
        + _line(f"{tag}-1300", world, "441632960000", "01300123456", 1234, "outbound")
        + _line(f"{tag}-land", world, "441632960000", "02071234567", 61, "outbound")
        + _line(f"{tag}-in", world, "+15551234567", "441632960000", 70, "inbound")
    )

    result = await import_csv(settings, world.world.owner, content, f"test:{tag}")

    cdrs = await _stored(settings, world)
    special, landline, inbound = cdrs[f"{tag}-1300"], cdrs[f"{tag}-land"], cdrs[f"{tag}-in"]
    assert (special.cost, special.rating_status) == (Decimal("0.25"), "rated")
    assert (special.destination, special.breakdown["components"][2]["amount"]) == (
        "1300 numbers",
        "0.250000",
    )
    # Invoices list special-rate calls apart (app.invoicing.classify reads this).
    assert special.breakdown["call_type"] == "special"
    assert "call_type" not in landline.breakdown
    # The tariff still prices everything else: 0.05 connect + 2 min at 0.02.
    assert landline.cost == Decimal("0.09")
    # The plan prices no inbound calls: stored, not priced, not charged.
    assert (inbound.cost, inbound.rating_status) == (None, "excluded")
    charges = {c["client_id"]: c["amount"] for c in result["charges"]}  # type: ignore[attr-defined]
    assert charges == {str(world.world.client.id): "0.340000"}


async def test_an_imported_inbound_call_uses_the_inbound_tariff_and_rounding(
    settings: Settings,
) -> None:
    world = await import_world(settings, allowances=False)
    await _price_plan(settings, world, inbound=True)
    tag = uuid.uuid4().hex[:8]
    content = (
        HEADER
        + _line(f"{tag}-in", world, "+15551234567", "441632960000", 70, "inbound")
        + _line(f"{tag}-short", world, "+15551234567", "441632960000", 20, "inbound")
        + _line(f"{tag}-missed", world, "+15551234567", "441632960000", 0, "inbound")
    )

    result = await import_csv(settings, world.world.owner, content, f"test:{tag}")

    cdrs = await _stored(settings, world)
    # 70 s: 60 s then one 30 s block = 90 s at 0.012/min = 0.018 (the outbound deck would
    # have billed 2 whole minutes plus its connect fee).
    answered = cdrs[f"{tag}-in"]
    assert (answered.cost, answered.billable_seconds) == (Decimal("0.018"), 70)
    assert answered.breakdown["billed_seconds"] == 90
    assert (answered.destination, answered.breakdown["rate_id"]) == ("Inbound", "inbound")
    assert cdrs[f"{tag}-short"].cost == Decimal("0.012")  # the 60 s minimum
    assert cdrs[f"{tag}-missed"].cost == Decimal(0)  # unanswered: never charged
    assert {c.rating_status for c in cdrs.values()} == {"rated"}
    charges = {c["client_id"]: c["amount"] for c in result["charges"]}  # type: ignore[attr-defined]
    assert charges == {str(world.world.client.id): "0.030000"}

    again = await import_csv(settings, world.world.owner, content, f"test:{tag}:2")
    assert (again["stored"], again["duplicates"], again["charges"]) == (0, 3, [])
